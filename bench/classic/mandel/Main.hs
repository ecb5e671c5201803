-- mandel: the Mandelbrot set on a character grid (in the spirit of nofib spectral/mandel):
-- escape-time iteration on Doubles for every point, rendered as ASCII art with a palette;
-- prints a small picture, the histogram of escape times and a checksum of the big one.
-- Numeric: strict Double loops, list generation, Show.
module Main (main) where

import Data.List (foldl')
import System.Environment (getArgs)

escape :: Int -> Double -> Double -> Int
escape maxIter cr ci = go 0 0 0
  where
    go :: Int -> Double -> Double -> Int
    go i zr zi
      | i >= maxIter = maxIter
      | zr2 + zi2 > 4 = i
      | otherwise = go (i + 1) (zr2 - zi2 + cr) (2 * zr * zi + ci)
      where
        zr2 = zr * zr
        zi2 = zi * zi

grid :: Int -> Int -> Int -> [[Int]]
grid w h maxIter =
  [ [escape maxIter (x0 + fromIntegral i * dx) (y0 + fromIntegral j * dy) | i <- [0 .. w - 1]]
  | j <- [0 .. h - 1] ]
  where
    x0 = -2.1; x1 = 0.7; y0 = -1.2; y1 = 1.2
    dx = (x1 - x0) / fromIntegral w
    dy = (y1 - y0) / fromIntegral h

palette :: Int -> Int -> Char
palette maxIter k
  | k >= maxIter = '#'
  | otherwise = " .:-=+*%@" !! (k `mod` 9)

main :: IO ()
main = do
  [a, b, c] <- map read <$> getArgs
  let small = grid 64 24 c
  mapM_ (putStrLn . map (palette c)) small
  let big = grid a b c
      flat = concat big
      hist = foldl' (\acc k -> let i = min 7 (k * 8 `div` (c + 1)) in [if j == i then n + 1 else n | (j, n) <- zip [0 ..] acc]) (replicate 8 (0 :: Int)) flat
  print hist
  print (foldl' (\h k -> (h * 31 + k) `mod` 1000000007) 0 flat, length (filter (== c) flat))
