{-# LANGUAGE BangPatterns #-}
-- Benchmark: spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1)
-- (benchmarks-game), using unboxed immutable arrays and strict loops.
-- Usage: spectral-norm [N]   (default N = 3000, ~0.5 s natively at -O2;
-- the test suite passes a small N via the `args` file)
module Main (main) where

import Data.Array.Unboxed (UArray, listArray, (!), elems)
import System.Environment (getArgs)
import Text.Printf (printf)

type Vec = UArray Int Double

a :: Int -> Int -> Double
a i j = 1 / fromIntegral ((i + j) * (i + j + 1) `div` 2 + i + 1)

mulAv :: Int -> Vec -> Vec
mulAv n v = listArray (0, n - 1) [row i | i <- [0 .. n - 1]]
  where
    row i = go 0 0
      where
        go !j !acc
          | j == n = acc
          | otherwise = go (j + 1) (acc + a i j * v ! j)

mulAtv :: Int -> Vec -> Vec
mulAtv n v = listArray (0, n - 1) [row i | i <- [0 .. n - 1]]
  where
    row i = go 0 0
      where
        go !j !acc
          | j == n = acc
          | otherwise = go (j + 1) (acc + a j i * v ! j)

mulAtAv :: Int -> Vec -> Vec
mulAtAv n = mulAtv n . mulAv n

dot :: Vec -> Vec -> Double
dot x y = sum (zipWith (*) (elems x) (elems y))

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (s : _) -> read s
        [] -> 3000
  let u0 = listArray (0, n - 1) (replicate n 1) :: Vec
      step (x, _) = let y = mulAtAv n x in (mulAtAv n y, y)
      (u, v) = iterate step (u0, u0) !! 10
      vBv = dot u v
      vv = dot v v
  printf "%.9f\n" (sqrt (vBv / vv))
  printf "u[0..4] = %s\n" (unwords [printf "%.6f" (u ! i) :: String | i <- [0 .. min 4 (n - 1)]])
  printf "n = %d, vBv = %.6f, vv = %.6f\n" n vBv vv
