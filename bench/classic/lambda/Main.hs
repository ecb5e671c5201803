-- lambda: a small untyped lambda-calculus evaluator: named terms are parsed from text and
-- converted to de Bruijn indices, then normalised twice: by normalisation by evaluation
-- (closures in an environment, call-by-need through Haskell's laziness, then read back)
-- and, for small instances, by normal-order reduction with shifting and substitution.
-- Church numerals, pairs, booleans and the Y combinator compute factorials, Fibonacci
-- numbers, sums and differences, read back to Ints. Symbolic: parsing, closures, trees.
module Main (main) where

import Data.Char (isAlpha, isDigit, isSpace)
import Data.List (elemIndex)
import System.Environment (getArgs)

data Named = NVar String | NLam String Named | NApp Named Named

data T = Var !Int | Lam T | App T T deriving (Eq)

-- parser: \x y. body, application by juxtaposition, parentheses, let-free
tokens :: String -> [String]
tokens [] = []
tokens (c : cs)
  | isSpace c = tokens cs
  | c `elem` "\\.()" = [c] : tokens cs
  | otherwise = let (w, rest) = span (\x -> isAlpha x || isDigit x || x == '_' || x == '\'') (c : cs) in w : tokens rest

parseTerm :: [String] -> (Named, [String])
parseTerm ("\\" : ts) =
  let (vs, rest) = span (/= ".") ts
      (body, rest') = parseTerm (drop 1 rest)
   in (foldr NLam body vs, rest')
parseTerm ts = go Nothing ts
  where
    go acc ts' = case ts' of
      [] -> (done acc, [])
      (")" : _) -> (done acc, ts')
      ("\\" : _) -> let (t, rest) = parseTerm ts' in (app acc t, rest)
      ("(" : rest) -> let (t, rest') = parseTerm rest in go (Just (app acc t)) (drop 1 rest')
      (v : rest) -> go (Just (app acc (NVar v))) rest
    app Nothing t = t
    app (Just f) t = NApp f t
    done (Just t) = t
    done Nothing = error "empty term"

-- definitions are expanded by name before conversion
deBruijn :: [(String, Named)] -> [String] -> Named -> T
deBruijn defs env (NVar v) = case elemIndex v env of
  Just i -> Var i
  Nothing -> case lookup v defs of
    Just t -> deBruijn defs [] t
    Nothing -> error ("unbound " ++ v)
deBruijn defs env (NLam v b) = Lam (deBruijn defs (v : env) b)
deBruijn defs env (NApp f a) = App (deBruijn defs env f) (deBruijn defs env a)

shift :: Int -> Int -> T -> T
shift d c (Var k) = Var (if k >= c then k + d else k)
shift d c (Lam b) = Lam (shift d (c + 1) b)
shift d c (App f a) = App (shift d c f) (shift d c a)

subst :: Int -> T -> T -> T
subst j s (Var k)
  | k == j = s
  | k > j = Var (k - 1)
  | otherwise = Var k
subst j s (Lam b) = Lam (subst (j + 1) (shift 1 0 s) b)
subst j s (App f a) = App (subst j s f) (subst j s a)

-- normal order to normal form, counting beta steps
normalise :: T -> (T, Int)
normalise t = go t 0
  where
    go (App f a) n = case whnf f n of
      (Lam b, n') -> go (subst 0 a b) (n' + 1)
      (f', n') -> let (f'', n2) = go f' n'; (a', n3) = go a n2 in (App f'' a', n3)
    go (Lam b) n = let (b', n') = go b n in (Lam b', n')
    go v n = (v, n)
    whnf (App f a) n = case whnf f n of
      (Lam b, n') -> whnf (subst 0 a b) (n' + 1)
      (f', n') -> (App f' a, n')
    whnf v n = (v, n)

-- normalisation by evaluation: semantic values are Haskell functions; arguments are
-- evaluated lazily (and shared), neutral terms are rebuilt with de Bruijn levels
data V = VLam (V -> V) | VVar !Int | VApp V V

eval :: [V] -> T -> V
eval env (Var i) = env !! i
eval env (Lam b) = VLam (\v -> eval (v : env) b)
eval env (App f a) = case eval env f of
  VLam g -> g (eval env a)
  n -> VApp n (eval env a)

quote :: Int -> V -> T
quote d (VLam g) = Lam (quote (d + 1) (g (VVar d)))
quote d (VVar k) = Var (d - k - 1)
quote d (VApp f a) = App (quote d f) (quote d a)

nbe :: T -> T
nbe = quote 0 . eval []

termSize :: T -> Int
termSize (Var _) = 1
termSize (Lam b) = 1 + termSize b
termSize (App f a) = 1 + termSize f + termSize a

church :: T -> Maybe Int
church (Lam (Lam b)) = count b
  where
    count (Var 0) = Just 0
    count (App (Var 1) r) = (+ 1) <$> count r
    count _ = Nothing
church _ = Nothing

prelude :: [(String, Named)]
prelude =
  [ (name, fst (parseTerm (tokens body)))
  | (name, body) <-
      [ ("zero", "\\f x. x")
      , ("succ", "\\n f x. f (n f x)")
      , ("plus", "\\m n f x. m f (n f x)")
      , ("mult", "\\m n f. m (n f)")
      , ("true", "\\a b. a")
      , ("false", "\\a b. b")
      , ("iszero", "\\n. n (\\_. false) true")
      , ("pair", "\\a b s. s a b")
      , ("fst", "\\p. p true")
      , ("snd", "\\p. p false")
      , ("pred", "\\n. fst (n (\\p. pair (snd p) (succ (snd p))) (pair zero zero))")
      , ("sub", "\\m n. n pred m")
      , ("fact", "\\n. snd (n (\\p. pair (succ (fst p)) (mult (succ (fst p)) (snd p))) (pair zero (succ zero)))")
      , ("fib", "\\n. fst (n (\\p. pair (snd p) (plus (fst p) (snd p))) (pair zero (succ zero)))")
      , ("Y", "\\f. (\\x. f (x x)) (\\x. f (x x))")
      , ("sumto", "Y (\\r n. iszero n zero (plus n (r (pred n))))")
      , ("nil", "\\c n. n")
      , ("cons", "\\h t c n. c h (t c n)")
      , ("foldr", "\\f z l. l f z")
      ]
  ]

num :: Int -> String
num k = "(" ++ concat (replicate k "succ (") ++ "zero" ++ replicate k ')' ++ ")"

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Int
      progs k =
        [ "fact " ++ num (min k 7)
        , "fib " ++ num (min k 10 + 10)
        , "sumto " ++ num (6 * k)
        , "sub (mult " ++ num (2 * k) ++ " " ++ num (3 * k) ++ ") " ++ num (4 * k)
        , "foldr plus zero (cons " ++ num k ++ " (cons " ++ num (2 * k) ++ " (cons (fact " ++ num 4 ++ ") nil)))"
        ]
      term p = deBruijn prelude [] (fst (parseTerm (tokens p)))
  -- small instances: both evaluators agree, with the number of normal-order beta steps
  mapM_
    ( \p -> do
        let t = term p
            (nf, steps) = normalise t
        print (church nf, steps, nf == nbe t)
    )
    (progs 1)
  -- the workload: normalisation by evaluation at size n
  mapM_ (\p -> let nf = nbe (term p) in print (church nf, termSize nf)) (progs n)
