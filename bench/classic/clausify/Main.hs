-- clausify: propositional formulae to clausal form (in the spirit of nofib spectral/
-- clausify): eliminate implications and equivalences, push negations inward, distribute
-- disjunction over conjunction, split into clauses, drop tautologies and duplicates, and
-- sort each clause's literals. Symbolic: tree transformations, list sets, strings.
module Main (main) where

import Data.List (nub, sort)
import System.Environment (getArgs)

data F = Sym Char | Not F | Dis F F | Con F F | Imp F F | Eqv F F deriving (Eq, Show)

elim :: F -> F
elim (Sym s) = Sym s
elim (Not p) = Not (elim p)
elim (Dis p q) = Dis (elim p) (elim q)
elim (Con p q) = Con (elim p) (elim q)
elim (Imp p q) = Dis (Not (elim p)) (elim q)
elim (Eqv f f') = Con (elim (Imp f f')) (elim (Imp f' f))

negin :: F -> F
negin (Not (Dis p q)) = Con (negin (Not p)) (negin (Not q))
negin (Not (Con p q)) = Dis (negin (Not p)) (negin (Not q))
negin (Not (Not p)) = negin p
negin (Dis p q) = Dis (negin p) (negin q)
negin (Con p q) = Con (negin p) (negin q)
negin p = p

disin :: F -> F
disin (Dis p (Con q r)) = Con (disin (Dis p q)) (disin (Dis p r))
disin (Dis (Con p q) r) = Con (disin (Dis p r)) (disin (Dis q r))
disin (Dis p q) =
  let dp = disin p
      dq = disin q
   in if dp /= p || dq /= q then disin (Dis dp dq) else Dis p q
disin (Con p q) = Con (disin p) (disin q)
disin p = p

split :: F -> [F]
split (Con p q) = split p ++ split q
split p = [p]

-- a clause: (positive symbols, negative symbols), both sorted without duplicates
clause :: F -> ([Char], [Char])
clause f = (sort (nub ps), sort (nub ns))
  where
    (ps, ns) = go f ([], [])
    go (Dis p q) acc = go p (go q acc)
    go (Sym s) (a, b) = (s : a, b)
    go (Not (Sym s)) (a, b) = (a, s : b)
    go _ _ = error "not a clause"

clausify :: F -> [([Char], [Char])]
clausify = nub . filter (\(ps, ns) -> not (any (`elem` ns) ps)) . map clause . split . disin . negin . elim

showClause :: ([Char], [Char]) -> String
showClause (ps, ns) = ps ++ " <= " ++ ns

-- a conjunction of implications between disjunctions and equivalences
mixed :: Int -> F
mixed k = foldr1 Con [Imp (Dis (Sym (v i)) (Sym (v (i + 1)))) (Eqv (Sym (v (i + 2))) (Not (Sym (v (i + 3))))) | i <- [0 .. k]]
  where
    v i = toEnum (fromEnum 'a' + i `mod` 9)

main :: IO ()
main = do
  [a, b] <- map read <$> getArgs
  -- a chains of six equivalences over rotating symbols, with some negated
  let chains = [eqvChain' i (take 6 (drop i (cycle "abcdefgh"))) | i <- [0 .. a - 1]]
      eqvChain' i vs = foldr1 Eqv [if (i + j) `mod` 5 == 0 then Not (Sym v) else Sym v | (j, v) <- zip [0 :: Int ..] vs]
      css = map clausify chains
      cs2 = clausify (mixed b)
  print (map length (take 8 css), sum (map length css), sum [length p + length n | cs <- css, (p, n) <- cs])
  mapM_ (putStrLn . showClause) (take 4 (last css))
  print (length cs2)
  mapM_ (putStrLn . showClause) (take 5 cs2)
  print (sort cs2 == sort (nub cs2))
