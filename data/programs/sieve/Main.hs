-- Benchmark: prime sieves. An unboxed STUArray sieve of Eratosthenes up to
-- N, and a lazy list-based incremental sieve (priority-map free: merging
-- multiples via a Data.Map) up to N/20; both must agree on their overlap.
-- Usage: sieve [N]   (default N = 16000000, ~0.6 s natively at -O2; the
-- test suite passes a small N via the `args` file)
module Main (main) where

import Control.Monad (forM_, when)
import Control.Monad.ST (ST)
import Data.Array.ST (STUArray, newArray, readArray, writeArray, runSTUArray)
import Data.Array.Unboxed (UArray, assocs, (!))
import qualified Data.Map.Strict as M
import System.Environment (getArgs)

sieveArray :: Int -> UArray Int Bool
sieveArray n = runSTUArray $ do
  arr <- newArray (0, n) True :: ST s (STUArray s Int Bool)
  writeArray arr 0 False
  when (n >= 1) $ writeArray arr 1 False
  forM_ (takeWhile (\i -> i * i <= n) [2 ..]) $ \i -> do
    isP <- readArray arr i
    when isP $ forM_ [i * i, i * i + i .. n] $ \j -> writeArray arr j False
  return arr

-- O'Neill-style incremental sieve with a Map of upcoming composites
listPrimes :: [Int]
listPrimes = 2 : go [3, 5 ..] M.empty
  where
    go [] _ = []
    go (x : xs) table = case M.lookup x table of
      Nothing -> x : go xs (M.insert (x * x) [2 * x] table)
      Just steps -> go xs (foldl reinsert (M.delete x table) steps)
        where reinsert t s = M.insertWith (++) (x + s) [s] t

-- trial division, the naive list way, for a small cross-check
trialPrimes :: [Int]
trialPrimes = sieve [2 ..]
  where
    sieve (p : xs) = p : sieve [x | x <- xs, x `mod` p /= 0]
    sieve [] = []

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a
        [] -> 16000000
  let arr = sieveArray n
      ps = [i | (i, True) <- assocs arr]
      count = length ps
  putStrLn ("primes up to " ++ show n ++ ": " ++ show count)
  putStrLn ("sum: " ++ show (sum ps))
  putStrLn ("last 5: " ++ show (drop (count - 5) ps))
  let gaps = zipWith (-) (tail ps) ps
      maxGap = maximum (0 : gaps)
  putStrLn ("largest gap: " ++ show maxGap ++ " after " ++ show (head ([p | (p, g) <- zip ps gaps, g == maxGap] ++ [0])))
  putStrLn ("twin primes: " ++ show (length (filter (== 2) gaps)))
  let buckets = [(k, length (filter (\p -> p >= lo && p < lo + step) ps)) | k <- [0 .. 9 :: Int], let step = max 1 (n `div` 10), let lo = k * step]
  putStrLn ("per decile: " ++ show (map snd buckets))
  let m = max 10 (n `div` 20)
      lp = takeWhile (<= m) listPrimes
      ap = takeWhile (<= m) ps
  putStrLn ("list sieve up to " ++ show m ++ ": " ++ show (length lp) ++ " primes, agree: " ++ show (lp == ap))
  let lim = min n 2000
      small = takeWhile (<= lim) trialPrimes
  putStrLn ("trial division up to " ++ show lim ++ ": " ++ show (length small) ++ ", agree: " ++ show (small == takeWhile (<= lim) ps))
  putStrLn ("spot checks: " ++ show [(k, arr ! k) | k <- [97, 561, 7919, 65537, 1000003], k <= n])
