{-# LANGUAGE BangPatterns #-}
-- Benchmark: dynamic programming over unboxed arrays. 0/1 knapsack with a
-- rolling STUArray row (plus reconstruction from a boxed table for a small
-- instance) and LCS length of two pseudo-random strings with rolling
-- UArray rows. Inputs come from a deterministic LCG.
-- Usage: knapsack-lcs [SCALE]   (default SCALE = 300, ~0.45 s natively at
-- -O2; items = 2*SCALE, capacity = 100*SCALE, LCS strings of 30*SCALE;
-- the test suite passes a small SCALE via the `args` file)
module Main (main) where

import Control.Monad (forM_, when)
import Control.Monad.ST (ST)
import Data.Array (Array, array, (!))
import Data.Array.ST (STUArray, newArray, readArray, writeArray, runSTUArray)
import Data.Array.Unboxed (UArray, listArray, elems, bounds)
import qualified Data.Array.Unboxed as U
import Data.List (foldl')
import System.Environment (getArgs)

lcg :: Int -> Int
lcg s = (s * 1103515245 + 12345) `mod` 2147483648

stream :: Int -> [Int]
stream = tail . iterate lcg

items :: Int -> Int -> [(Int, Int)] -- (weight, value)
items n seed = take n (pairs (stream seed))
  where
    pairs (a : b : rest) = (1 + (a `div` 7) `mod` 100, 1 + (b `div` 11) `mod` 500) : pairs rest
    pairs _ = []

knapsack :: Int -> [(Int, Int)] -> UArray Int Int
knapsack cap its = runSTUArray $ do
  row <- newArray (0, cap) 0 :: ST s (STUArray s Int Int)
  forM_ its $ \(w, v) ->
    forM_ [cap, cap - 1 .. w] $ \c -> do
      without <- readArray row c
      with <- readArray row (c - w)
      when (with + v > without) $ writeArray row c (with + v)
  return row

-- boxed, lazy table with reconstruction of the chosen items
knapsackChoose :: Int -> [(Int, Int)] -> (Int, [Int])
knapsackChoose cap its = (table ! (n, cap), reverse (pick n cap))
  where
    n = length its
    arr = listArray (1, n) (map fst its) :: UArray Int Int
    val = listArray (1, n) (map snd its) :: UArray Int Int
    table = array ((0, 0), (n, cap)) [((i, c), f i c) | i <- [0 .. n], c <- [0 .. cap]] :: Array (Int, Int) Int
    f 0 _ = 0
    f i c
      | arr U.! i > c = table ! (i - 1, c)
      | otherwise = max (table ! (i - 1, c)) (table ! (i - 1, c - arr U.! i) + val U.! i)
    pick 0 _ = []
    pick i c
      | table ! (i, c) == table ! (i - 1, c) = pick (i - 1) c
      | otherwise = i : pick (i - 1) (c - arr U.! i)

lcsLength :: UArray Int Char -> UArray Int Char -> Int
lcsLength xs ys = last (elems final)
  where
    (_, n) = bounds xs
    (_, m) = bounds ys
    initial = listArray (0, m) (replicate (m + 1) 0) :: UArray Int Int
    final = foldl' step initial [1 .. n]
    step :: UArray Int Int -> Int -> UArray Int Int
    step prev i = runSTUArray $ do
      cur <- newArray (0, m) 0
      let xi = xs U.! i
          go !j !left
            | j > m = return ()
            | otherwise = do
                let v | xi == ys U.! j = prev U.! (j - 1) + 1
                      | otherwise = max left (prev U.! j)
                writeArray cur j v
                go (j + 1) v
      go 1 0
      return cur

randomString :: Int -> Int -> UArray Int Char
randomString len seed = listArray (1, len) [toEnum (fromEnum 'a' + (x `div` 13) `mod` 4) | x <- take len (stream seed)]

main :: IO ()
main = do
  args <- getArgs
  let scale = case args of
        (a : _) -> read a
        [] -> 300
      nItems = 2 * scale
      cap = 100 * scale
      its = items nItems 12345
  let best = knapsack cap its
  putStrLn ("knapsack: " ++ show nItems ++ " items, capacity " ++ show cap)
  putStrLn ("best value: " ++ show (best U.! cap))
  putStrLn ("best at capacities " ++ show [(c, best U.! c) | c <- [0, cap `div` 8 .. cap]])
  let small = take 12 its
      (sv, chosen) = knapsackChoose 150 small
  putStrLn ("small instance " ++ show small)
  putStrLn ("small best " ++ show sv ++ " using items " ++ show chosen ++ " agrees: " ++ show (sv == knapsack 150 small U.! 150))
  let len = 30 * scale
      s1 = randomString len 1
      s2 = randomString len 2
  putStrLn ("lcs strings of length " ++ show len ++ ": " ++ take 40 (elems s1) ++ "... / " ++ take 40 (elems s2) ++ "...")
  putStrLn ("lcs length: " ++ show (lcsLength s1 s2))
  putStrLn ("lcs sanity: " ++ show (lcsLength (U.listArray (1, 7) "ABCBDAB") (U.listArray (1, 6) "BDCABA")))
