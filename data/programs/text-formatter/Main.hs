-- String-heavy output: word wrapping, full justification, centering,
-- boxed text, a multiplication table, number-to-words, roman numerals,
-- unlines/unwords/concatMap show, and many lines of output.
module Main (main) where

import Data.Char (toUpper)
import Data.List (intercalate, transpose)

lorem :: String
lorem = unwords
  [ "Haskell is a purely functional programming language with non-strict"
  , "semantics and strong static typing. It is named after the logician"
  , "Haskell Curry. Programs are built from expressions that are evaluated"
  , "lazily, so values are computed only when needed, which enables elegant"
  , "definitions of infinite data structures and modular program composition."
  , "The STG machine, the spineless tagless G-machine, is the abstract machine"
  , "that GHC uses to implement lazy evaluation efficiently on stock hardware."
  ]

wrap :: Int -> String -> [[String]]
wrap width = go [] 0 . words
  where
    go acc _ [] = [reverse acc | not (null acc)]
    go [] _ (w : ws) = go [w] (length w) ws
    go acc len (w : ws)
      | len + 1 + length w <= width = go (w : acc) (len + 1 + length w) ws
      | otherwise = reverse acc : go [w] (length w) ws

justify :: Int -> [String] -> String
justify _ [w] = w
justify width ws = concat (zipWith (++) ws (gaps ++ [""]))
  where
    slots = length ws - 1
    spaces = width - sum (map length ws)
    (q, r) = spaces `divMod` slots
    gaps = [replicate (q + (if i < r then 1 else 0)) ' ' | i <- [0 .. slots - 1]]

center :: Int -> String -> String
center width s = replicate l ' ' ++ s ++ replicate r ' '
  where
    total = max 0 (width - length s)
    l = total `div` 2
    r = total - l

box :: [String] -> [String]
box ls = [top] ++ ["│ " ++ l ++ replicate (w - length l) ' ' ++ " │" | l <- ls] ++ [bottom]
  where
    w = maximum (map length ls)
    top = "┌" ++ replicate (w + 2) '─' ++ "┐"
    bottom = "└" ++ replicate (w + 2) '─' ++ "┘"

numberWords :: Int -> String
numberWords n
  | n < 0 = "minus " ++ numberWords (negate n)
  | n < 20 = small !! n
  | n < 100 = tens !! (n `div` 10) ++ (if n `mod` 10 == 0 then "" else "-" ++ small !! (n `mod` 10))
  | n < 1000 = small !! (n `div` 100) ++ " hundred" ++ rest (n `mod` 100) " and "
  | n < 1000000 = numberWords (n `div` 1000) ++ " thousand" ++ rest (n `mod` 1000) (if n `mod` 1000 < 100 then " and " else ", ")
  | otherwise = numberWords (n `div` 1000000) ++ " million" ++ rest (n `mod` 1000000) ", "
  where
    rest 0 _ = ""
    rest m sep = sep ++ numberWords m
    small = words "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
    tens = words "_ _ twenty thirty forty fifty sixty seventy eighty ninety"

roman :: Int -> String
roman 0 = ""
roman n = let (v, s) = head [(v', s') | (v', s') <- table, v' <= n] in s ++ roman (n - v)
  where
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]

columns :: [[String]] -> [String]
columns rows = map (intercalate "  " . zipWith padR widths) rows
  where
    widths = map (maximum . map length) (transpose rows)
    padR k s = s ++ replicate (k - length s) ' '

main :: IO ()
main = do
  let width = 48
      paras = wrap width lorem
  putStrLn (center width "== ragged ==")
  putStr (unlines (map unwords paras))
  putStrLn (center width "== justified ==")
  putStr (unlines (map (justify width) (init paras) ++ [unwords (last paras)]))
  putStrLn (center width "== narrow (20) ==")
  mapM_ (putStrLn . (\l -> "|" ++ l ++ replicate (20 - length l) ' ' ++ "|") . unwords) (wrap 20 lorem)
  putStrLn (center width "== boxed ==")
  mapM_ putStrLn (box (map unwords (wrap 30 (map toUpper (take 120 lorem)))))
  putStrLn "== multiplication table"
  let n = 12
      cell x = let s = show x in replicate (4 - length s) ' ' ++ s
  putStrLn ("   *" ++ concatMap cell [1 .. n :: Int])
  putStrLn ("    " ++ replicate (4 * n) '-')
  mapM_ (\i -> putStrLn (cell i ++ concatMap (cell . (* i)) [1 .. n])) [1 .. n]
  putStrLn "== numbers"
  mapM_ (\k -> putStrLn (show k ++ ": " ++ numberWords k ++ " / " ++ roman k))
        [0, 7, 13, 21, 40, 99, 100, 101, 342, 999, 1000, 1001, 1994, 2024, 3888]
  putStrLn (numberWords 1234567)
  putStrLn (numberWords (-90210))
  putStrLn "== concatMap show and friends"
  putStrLn (concatMap show [1 .. 30 :: Int])
  putStrLn (concatMap show [Just 'a', Nothing, Just 'b'])
  putStrLn (intercalate ", " (map show [1.5, 2.25, -3 :: Double]))
  putStr (unlines (map (unwords . map show) [[i * j | j <- [1 .. i]] | i <- [1 .. 9 :: Int]]))
  putStrLn "== columns"
  mapM_ putStrLn (columns ([["n", "n^2", "n^3", "roman", "words"]] ++ [[show k, show (k * k), show (k * k * k), roman k, numberWords k] | k <- [1, 5 .. 60 :: Int]]))
  putStrLn "== diamond"
  let d = 9 :: Int
  mapM_ (\k -> putStrLn (replicate (d - k) ' ' ++ take (2 * k - 1) (cycle "*o"))) ([1 .. d] ++ [d - 1, d - 2 .. 1])
