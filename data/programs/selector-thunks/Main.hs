{-# LANGUAGE BangPatterns #-}
-- Lazy pattern bindings in constant space. `let (a, b) = e` binds a and b to selector thunks
-- (`case p of (a, _) -> a`); GHC's collector replaces such a thunk by the selected field as
-- soon as p is evaluated (THUNK_SELECTOR), so the part of p nobody wants any more dies.
-- Each section consumes one component of a long lazily built pair while the other waits:
-- without that treatment the waiting component keeps everything consumed so far alive.
-- The test suite also runs it under a heap limit (-M8m / --max-heap 8M).
module Main (main) where

import Data.List (foldl')

-- 1. break: the front is summed while the back waits (one selector per element)
breakSums :: Int -> (Int, Int)
breakSums n =
  let (front, back) = break (> n) [1 .. n + 1000]
      !s = foldl' (+) 0 front
  in (s, foldl' (+) 0 back)
{-# NOINLINE breakSums #-}

-- 2. the same through span and a lazy user-defined pair
span2 :: Int -> (Int, Int)
span2 n =
  let (small, rest) = span (< n) (cycle [1, 2, 3] `zipSum` [1 .. 2 * n])
      !c = length small
  in (c, sum (take 10 rest))
  where zipSum xs ys = zipWith (+) xs ys
{-# NOINLINE span2 #-}

-- 3. a recursive function returning a list and a final accumulator: the list is consumed
-- first, the accumulator is reached through a chain of selectors as long as the list
runningTotals :: Int -> Int -> ([Int], Int)
runningTotals 0 !acc = ([], acc)
runningTotals n !acc =
  let (rest, final) = runningTotals (n - 1) (acc + n)
  in (acc : rest, final)
{-# NOINLINE runningTotals #-}

-- 4. a nested lazy pattern: selectors over a selector
nested :: Int -> (Int, Int, Int)
nested n =
  let ((front, back), k) = halves n
      !s = foldl' (+) 0 front
  in (s, foldl' (+) 0 back, k)
{-# NOINLINE nested #-}

halves :: Int -> (([Int], [Int]), Int)
halves n = (break (> n) [1 .. 2 * n], n)
{-# NOINLINE halves #-}

-- 5. unzip consumed in lockstep
lockstep :: Int -> Int
lockstep n =
  let (as, bs) = unzip [(i, 2 * i) | i <- [1 .. n]]
  in foldl' (+) 0 (zipWith (-) bs as)
{-# NOINLINE lockstep #-}

-- (the pair depends on n: in main it would be a constant floated out into a CAF that keeps
-- it; the two components go to a function so that only selector thunks hold the pair)
totals :: Int -> IO ()
totals n = let (ts, final) = runningTotals n 0 in report ts final
{-# NOINLINE totals #-}

report :: [Int] -> Int -> IO ()
report ts final = do
  print (foldl' (\m x -> max m (x `mod` 1000003)) 0 ts)
  print final
{-# NOINLINE report #-}

main :: IO ()
main = do
  print (breakSums 1000000)
  print (span2 1000000)
  totals 1000000
  print (nested 1000000)
  print (lockstep 1000000)
