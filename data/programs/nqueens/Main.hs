-- Benchmark: N-queens. Counts all solutions with a list-comprehension
-- backtracking search and with a bitmask search (Data.Bits), prints the
-- first solution as a board, and counts solutions for smaller boards too.
-- Usage: nqueens [N]   (default N = 12, ~0.25 s natively at -O2; the test
-- suite passes a small N via the `args` file)
module Main (main) where

import Data.Bits (complement, (.&.), (.|.), shiftL, shiftR)
import System.Environment (getArgs)

-- list-based: queens placed column by column
queens :: Int -> [[Int]]
queens n = go n
  where
    go 0 = [[]]
    go k = [q : qs | qs <- go (k - 1), q <- [1 .. n], safe q qs]
    safe q qs = and [q /= c && abs (q - c) /= d | (d, c) <- zip [1 ..] qs]

-- bitmask-based counting
countBits :: Int -> Int
countBits n = go 0 0 0
  where
    full = (1 `shiftL` n) - 1 :: Int
    go cols d1 d2
      | cols == full = 1
      | otherwise = place (full .&. complement (cols .|. d1 .|. d2)) 0
      where
        place 0 acc = acc
        place avail acc =
          let bit = avail .&. negate avail
              acc' = acc + go (cols .|. bit) (((d1 .|. bit) `shiftL` 1) .&. full) ((d2 .|. bit) `shiftR` 1)
          in place (avail .&. (avail - 1)) acc'

showBoard :: Int -> [Int] -> [String]
showBoard n qs = [concat [if q == c then "Q " else ". " | c <- [1 .. n]] | q <- qs]

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a
        [] -> 12
  let sols = queens n
  putStrLn ("board " ++ show n ++ "x" ++ show n)
  case sols of
    (s : _) -> mapM_ putStrLn (showBoard n s) >> print s
    [] -> putStrLn "no solution"
  putStrLn ("solutions (lists): " ++ show (length sols))
  putStrLn ("solutions (bits):  " ++ show (countBits n))
  let mirrored = length (filter (\s -> map (\q -> n + 1 - q) s `elem` take 1 sols) sols)
      corner = length (filter ((== 1) . head) sols)
  putStrLn ("with a queen in the first row's first column: " ++ show corner ++ ", mirror of first: " ++ show mirrored)
  putStrLn ("smaller boards: " ++ show [(k, countBits k) | k <- [1 .. n - 1]])
  putStrLn ("checksum: " ++ show (sum (map (foldl (\a q -> a * 31 + q) 7) sols) `mod` 1000000007))
