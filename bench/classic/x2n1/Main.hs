-- x2n1: complex arithmetic (nofib imaginary/x2n1 style): for each n, the n-th roots of
-- unity z satisfy z^n = 1, so z^(2n) + 1 sums to 2n over all of them; also evaluates a
-- polynomial by Horner's rule on the unit circle. Data.Complex Double, (^), cos/sin.
module Main (main) where

import Data.Complex
import System.Environment (getArgs)

roots :: Int -> [Complex Double]
roots n = [mkPolar 1 (2 * pi * fromIntegral k / fromIntegral n) | k <- [0 .. n - 1]]

x2n1 :: Int -> Complex Double
x2n1 n = sum [z ^ (2 * n) + 1 | z <- roots n]

horner :: [Complex Double] -> Complex Double -> Complex Double
horner cs z = foldr (\c acc -> c + z * acc) 0 cs

main :: IO ()
main = do
  [a] <- getArgs
  let m = read a :: Int
      sums = map x2n1 [1 .. m]
      total = sum sums
  print (round (realPart total) :: Integer, round (imagPart total * 1e6) :: Integer)
  print (sum (zipWith (\k s -> abs (realPart s - 2 * fromIntegral k)) [1 :: Int ..] sums) < 1e-3)
  let cs = [fromIntegral k :+ fromIntegral (k `mod` 7) | k <- [1 .. 200 :: Int]]
      vals = map (horner cs) (roots (8 * m))
      sv = sum vals
  print (round (realPart sv) :: Integer, round (imagPart sv) :: Integer, round (maximum (map magnitude vals)) :: Integer)
