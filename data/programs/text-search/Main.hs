-- String algorithms: naive and KMP substring search (with an Array-based
-- failure table), a backtracking regular-expression matcher supporting
-- . * + ? [] ^ $ and groups-free alternation, glob matching, Levenshtein
-- suggestions, and a line-oriented grep over embedded text.
module Main (main) where

import Data.Array (Array, listArray, (!))
import Data.Char (isDigit, isAlpha, isSpace, toLower)
import Data.List (isPrefixOf, sortOn, tails)

naiveSearch :: String -> String -> [Int]
naiveSearch pat txt = [i | (i, t) <- zip [0 ..] (tails txt), pat `isPrefixOf` t]

kmpTable :: String -> Array Int Int
kmpTable pat = table
  where
    n = length pat
    p = listArray (0, n - 1) pat :: Array Int Char
    table = listArray (0, n) (-1 : map f [1 .. n]) :: Array Int Int
    f i = go (table ! (i - 1))
      where
        go k
          | k == -1 = 0
          | p ! k == p ! (i - 1) = k + 1
          | otherwise = go (table ! k)

kmpSearch :: String -> String -> [Int]
kmpSearch [] txt = [0 .. length txt]
kmpSearch pat txt = go 0 0 txt
  where
    n = length pat
    p = listArray (0, n - 1) pat :: Array Int Char
    t = kmpTable pat
    go _ _ [] = []
    go i k (c : cs)
      | k >= 0 && p ! k /= c = go i (t ! k) (c : cs)
      | k + 1 == n = (i - n + 1) : go (i + 1) (t ! n) cs
      | otherwise = go (i + 1) (k + 1) cs

-- regular expressions ------------------------------------------------------

data Regex = Lit Char | Any | Class Bool [(Char, Char)] | Star Regex | Plus Regex | Opt Regex
           | Seq [Regex] | Alt Regex Regex | Start | End
  deriving Show

parseRegex :: String -> Regex
parseRegex s = case alt s of
  (r, "") -> r
  (r, rest) -> Seq [r, Seq (map Lit rest)]
  where
    alt str = let (l, rest) = sq str [] in case rest of
      '|' : more -> let (r, rest') = alt more in (Alt l r, rest')
      _ -> (l, rest)
    sq [] acc = (Seq (reverse acc), [])
    sq str@(c : _) acc | c `elem` "|)" = (Seq (reverse acc), str)
    sq str acc = let (a, rest) = atom str in case rest of
      '*' : more -> sq more (Star a : acc)
      '+' : more -> sq more (Plus a : acc)
      '?' : more -> sq more (Opt a : acc)
      _ -> sq rest (a : acc)
    atom ('.' : r) = (Any, r)
    atom ('^' : r) = (Start, r)
    atom ('$' : r) = (End, r)
    atom ('\\' : 'd' : r) = (Class False [('0', '9')], r)
    atom ('\\' : 'w' : r) = (Class False [('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')], r)
    atom ('\\' : 's' : r) = (Class False [(' ', ' '), ('\t', '\t')], r)
    atom ('\\' : c : r) = (Lit c, r)
    atom ('(' : r) = let (inner, rest) = alt r in (inner, drop 1 rest)
    atom ('[' : '^' : r) = let (rs, rest) = ranges r in (Class True rs, rest)
    atom ('[' : r) = let (rs, rest) = ranges r in (Class False rs, rest)
    atom (c : r) = (Lit c, r)
    atom [] = (Seq [], [])
    ranges (']' : r) = ([], r)
    ranges (a : '-' : b : r) | b /= ']' = let (rs, rest) = ranges r in ((a, b) : rs, rest)
    ranges (a : r) = let (rs, rest) = ranges r in ((a, a) : rs, rest)
    ranges [] = ([], [])

-- continuation-passing matcher; position tracks start-of-input for ^
matchHere :: Regex -> Int -> String -> (Int -> String -> Bool) -> Bool
matchHere re pos s k = case re of
  Lit c -> case s of (x : xs) | x == c -> k (pos + 1) xs; _ -> False
  Any -> case s of (_ : xs) -> k (pos + 1) xs; _ -> False
  Class neg rs -> case s of
    (x : xs) | any (\(a, b) -> x >= a && x <= b) rs /= neg -> k (pos + 1) xs
    _ -> False
  Start -> pos == 0 && k pos s
  End -> null s && k pos s
  Seq [] -> k pos s
  Seq (r : rs) -> matchHere r pos s (\p' s' -> matchHere (Seq rs) p' s' k)
  Alt a b -> matchHere a pos s k || matchHere b pos s k
  Opt r -> matchHere r pos s k || k pos s
  Plus r -> matchHere r pos s (\p' s' -> matchHere (Star r) p' s' k)
  Star r -> matchHere r pos s (\p' s' -> p' > pos && matchHere (Star r) p' s' k) || k pos s

-- leftmost-longest-ish: first start position, longest match there
findMatch :: Regex -> String -> Maybe (Int, String)
findMatch re txt = case [(i, m) | (i, t) <- zip [0 ..] (tails txt), Just m <- [longest i t]] of
  (x : _) -> Just x
  [] -> Nothing
  where
    longest i t = case [l | l <- [length t, length t - 1 .. 0], matchHere re i t (\p' _ -> p' - i == l)] of
      (l : _) -> Just (take l t)
      [] -> Nothing

glob :: String -> String -> Bool
glob [] s = null s
glob ('*' : ps) s = any (glob ps) (tails s)
glob ('?' : ps) (_ : s) = glob ps s
glob (p : ps) (c : s) = p == c && glob ps s
glob _ [] = False

levenshtein :: String -> String -> Int
levenshtein a b = last (foldl row [0 .. length a] b)
  where
    row prev@(p : ps) c = scanl step (p + 1) (zip3 a prev ps)
      where step left (ac, diag, up) = minimum [left + 1, up + 1, diag + (if ac == c then 0 else 1)]
    row [] _ = []

corpus :: [String]
corpus =
  [ "2024-01-15 INFO  server started on port 8080"
  , "2024-01-15 WARN  disk usage at 91% on /dev/sda1"
  , "2024-01-16 ERROR connection refused: db01.internal:5432"
  , "2024-01-16 INFO  user alice logged in from 10.0.0.12"
  , "2024-01-17 ERROR timeout after 30s talking to cache-2"
  , "2024-01-17 DEBUG gc pause 12ms, heap 512MB"
  , "2024-01-18 INFO  user bob logged out"
  , "2024-01-18 WARN  certificate expires in 7 days"
  ]

main :: IO ()
main = do
  putStrLn "== substring search"
  let txt = concat (replicate 20 "abracadabra ") ++ "aaaaaaaaab"
  mapM_ (\p -> let a = naiveSearch p txt; b = kmpSearch p txt in putStrLn (show p ++ ": " ++ show (length a) ++ " hits, agree " ++ show (a == b) ++ ", first " ++ show (take 5 b)))
    ["abra", "cad", "a", "aaab", "abracadabra abracadabra", "zzz", "ra a"]
  print (kmpTable "abababca", kmpTable "aaaa")
  putStrLn "== regex"
  let tests =
        [ ("a.c", "xxabcxx"), ("^abc", "abcdef"), ("^abc", "xabc"), ("def$", "abcdef"), ("colou?r", "my favourite colour")
        , ("\\d+", "order 66 and 1138"), ("[A-Z][a-z]+", "hello World"), ("(cat|dog)s?", "hotdogs"), ("[^aeiou ]+", "queue bcd")
        , ("a*b*c*", "xyz"), ("x+y+", "xxxyyyz"), ("\\w+@\\w+\\.com", "mail bob@example.com now"), ("(ab)+", "ababab!"), ("a|b|c", "zzc") ]
  mapM_ (\(p, s) -> putStrLn (show p ++ " on " ++ show s ++ " -> " ++ show (findMatch (parseRegex p) s))) tests
  putStrLn "== grep"
  let grep p = [(n, l) | (n, l) <- zip [1 :: Int ..] corpus, Just _ <- [findMatch (parseRegex p) l]]
  mapM_ (\p -> do
           putStrLn ("pattern " ++ show p)
           mapM_ (\(n, l) -> putStrLn ("  " ++ show n ++ ": " ++ l)) (grep p))
    ["ERROR", "user \\w+ logged (in|out)", "[0-9]+%", "\\d+ms", "^2024-01-1[78]"]
  let ips = [m | l <- corpus, Just (_, m) <- [findMatch (parseRegex "\\d+\\.\\d+\\.\\d+\\.\\d+") l]]
  print ips
  putStrLn "== glob"
  let files = ["Main.hs", "Main.o", "lib/Data/Map.hs", "README.md", "test_1.hs", "test_22.hs", ".hidden"]
  mapM_ (\g -> putStrLn (g ++ " -> " ++ show (filter (glob g) files))) ["*.hs", "test_?.hs", "*Map*", "*", ".*", "*.?"]
  putStrLn "== suggestions"
  let dict = words "function functor foldable traversable monad monoid semigroup applicative category arrow lens prism"
  mapM_ (\w -> putStrLn (w ++ " -> " ++ show (take 3 (sortOn (\d -> (levenshtein w d, d)) dict)))) ["funtor", "monoidd", "aplicative", "trav", "xyz"]
  print (words (map (\c -> if isAlpha c || isDigit c then toLower c else ' ') (unwords corpus)) !! 10, length (filter isSpace (unlines corpus)))
