-- boyer: a rewriting tautology checker (in the spirit of nofib spectral/boyer): terms are
-- function symbols applied to arguments; a set of lemmas (rewrite rules with pattern
-- variables) rewrites a term bottom-up to normal form by one-way matching, and the result,
-- an if-then-else tree, is checked to be a tautology by case analysis under assumptions.
-- Symbolic: matching, substitution, association lists, deep recursion.
module Main (main) where

import System.Environment (getArgs)

data Term = V String | F String [Term] deriving (Eq, Show)

-- a tiny reader: (f a b) and atoms; atoms starting with '?' are pattern variables,
-- other atoms are constants (nullary functions)
readTerm :: String -> Term
readTerm s = case parse (lexer s) of
  (t, []) -> t
  (_, rest) -> error ("trailing: " ++ unwords rest)
  where
    lexer [] = []
    lexer (c : cs)
      | c == ' ' = lexer cs
      | c == '(' || c == ')' = [c] : lexer cs
      | otherwise = let (w, r) = break (`elem` " ()") (c : cs) in w : lexer r
    parse ("(" : f : rest) = let (args, rest') = parseArgs rest in (F f args, rest')
    parse (a : rest) = (if head a == '?' then V a else F a [], rest)
    parse [] = error "empty"
    parseArgs (")" : rest) = ([], rest)
    parseArgs ts = let (t, r) = parse ts; (ts', r') = parseArgs r in (t : ts', r')

type Rule = (Term, Term)

lemmas :: [Rule]
lemmas =
  map (\(l, r) -> (readTerm l, readTerm r))
    [ ("(and ?p ?q)", "(if ?p (if ?q t f) f)")
    , ("(or ?p ?q)", "(if ?p t (if ?q t f))")
    , ("(not ?p)", "(if ?p f t)")
    , ("(implies ?p ?q)", "(if ?p (if ?q t f) t)")
    , ("(iff ?p ?q)", "(and (implies ?p ?q) (implies ?q ?p))")
    , ("(xor ?p ?q)", "(not (iff ?p ?q))")
    , ("(if (if ?a ?b ?c) ?d ?e)", "(if ?a (if ?b ?d ?e) (if ?c ?d ?e))")
    , ("(zerop ?x)", "(or (equal ?x zero) (not (numberp ?x)))")
    , ("(plus (plus ?x ?y) ?z)", "(plus ?x (plus ?y ?z))")
    , ("(equal (plus ?a ?b) zero)", "(and (zerop ?a) (zerop ?b))")
    , ("(difference ?x ?x)", "zero")
    , ("(equal (plus ?a ?b) (plus ?a ?c))", "(equal (fix ?b) (fix ?c))")
    , ("(lessp (remainder ?x ?y) ?y)", "(not (zerop ?y))")
    , ("(times ?x (plus ?y ?z))", "(plus (times ?x ?y) (times ?x ?z))")
    , ("(times (times ?x ?y) ?z)", "(times ?x (times ?y ?z))")
    , ("(equal (times ?x ?y) zero)", "(or (zerop ?x) (zerop ?y))")
    , ("(append (append ?x ?y) ?z)", "(append ?x (append ?y ?z))")
    , ("(reverse (append ?a ?b))", "(append (reverse ?b) (reverse ?a))")
    , ("(length (reverse ?x))", "(length ?x)")
    , ("(member ?x (append ?a ?b))", "(or (member ?x ?a) (member ?x ?b))")
    , ("(member ?x (reverse ?y))", "(member ?x ?y)")
    , ("(equal (append ?a ?b) (append ?a ?c))", "(equal ?b ?c)")
    , ("(lessp ?x ?x)", "f")
    , ("(equal ?x ?x)", "t")
    , ("(greaterp ?x ?y)", "(lessp ?y ?x)")
    , ("(lesseqp ?x ?y)", "(not (lessp ?y ?x))")
    , ("(greatereqp ?x ?y)", "(not (lessp ?x ?y))")
    , ("(fix (fix ?x))", "(fix ?x)")
    , ("(nth (append ?a ?b) ?i)", "(if (lessp ?i (length ?a)) (nth ?a ?i) (nth ?b (difference ?i (length ?a))))")
    ]

match :: Term -> Term -> [(String, Term)] -> Maybe [(String, Term)]
match (V v) t env = case lookup v env of
  Just t' -> if t' == t then Just env else Nothing
  Nothing -> Just ((v, t) : env)
match (F f ps) (F g ts) env
  | f == g && length ps == length ts = matchAll ps ts env
  where
    matchAll (p : ps') (t : ts') e = match p t e >>= matchAll ps' ts'
    matchAll [] [] e = Just e
    matchAll _ _ _ = Nothing
match _ _ _ = Nothing

apply :: [(String, Term)] -> Term -> Term
apply env (V v) = maybe (V v) id (lookup v env)
apply env (F f as) = F f (map (apply env) as)

rewrite :: Term -> Term
rewrite (V v) = V v
rewrite (F f as) = rewriteTop (F f (map rewrite as))

rewriteTop :: Term -> Term
rewriteTop t = go lemmas
  where
    go [] = t
    go ((l, r) : rest) = case match l t [] of
      Just env -> rewrite (apply env r)
      Nothing -> go rest

-- tautology check of an if-tree under true/false assumption lists
tautology :: Term -> [Term] -> [Term] -> Bool
tautology x trues falses
  | x `elem` trues || x == F "t" [] = True
  | x `elem` falses || x == F "f" [] = False
  | otherwise = case x of
      F "if" [c, a, b]
        | c `elem` trues || c == F "t" [] -> tautology a trues falses
        | c `elem` falses || c == F "f" [] -> tautology b trues falses
        | otherwise -> tautology a (c : trues) falses && tautology b trues (c : falses)
      _ -> False

-- the test statement: substitute big terms for the variables, as boyer does
subject :: Int -> Term
subject n = apply env (readTerm stmt)
  where
    stmt = "(implies (and (implies ?x ?y) (and (implies ?y ?z) (and (implies ?z ?u) (implies ?u ?w)))) (implies ?x ?w))"
    env = [(v, big k) | (k, v) <- zip [1 ..] ["?x", "?y", "?z", "?u", "?w"]]
    big k = foldr (\i acc -> F "plus" [F "times" [F (letter (i + k)) [], acc], F "append" [acc, F "nil" []]]) (F (letter k) []) [1 .. n]
    letter i = ["a", "b", "c", "d", "e", "g", "h"] !! (i `mod` 7)

termSize :: Term -> Int
termSize (V _) = 1
termSize (F _ as) = 1 + sum (map termSize as)

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      s = subject n
      r = rewrite s
  print (termSize s, termSize r)
  print (tautology r [] [])
  let bad = rewrite (apply [("?x", F "p" []), ("?y", F "q" [])] (readTerm "(implies (or ?x ?y) (and ?x ?y))"))
  print (tautology bad [] [], bad)
  let more = [ readTerm "(iff (xor p q) (or (and p (not q)) (and (not p) q)))"
             , readTerm "(implies (and (lessp (remainder x y) y) (equal (plus a b) zero)) (zerop b))"
             , readTerm "(equal (length (reverse (append a b))) (length (append (reverse b) (reverse a))))"
             , readTerm "(iff (member e (reverse (append a b))) (or (member e b) (member e a)))"
             ]
  print [tautology (rewrite t) [] [] | t <- more]
