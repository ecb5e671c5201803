-- pidigits: digits of pi from Gibbons' unbounded spigot (a streaming linear fractional
-- transformation over Integers), cross-checked against Machin's formula in fixed point.
-- Integer-heavy (multiplication and division of growing numbers).
module Main (main) where

import System.Environment (getArgs)

spigot :: [Int]
spigot = go 1 0 1 1 3 3
  where
    go :: Integer -> Integer -> Integer -> Integer -> Integer -> Integer -> [Int]
    go q r t k n l
      | 4 * q + r - t < n * t = fromInteger n : go (10 * q) (10 * (r - n * t)) t k (div (10 * (3 * q + r)) t - 10 * n) l
      | otherwise = go (q * k) ((2 * q + r) * l) (t * l) (k + 1) (div (q * (7 * k + 2) + r * l) (t * l)) (l + 2)

-- pi * 10^n by Machin: pi = 16 atan(1/5) - 4 atan(1/239), in fixed point with guard digits
machin :: Int -> Integer
machin n = (16 * atanInv 5 - 4 * atanInv 239) `div` 10 ^ g
  where
    g = 10 :: Int
    one = 10 ^ (n + g) :: Integer
    atanInv x = go (one `div` x) 1 1 0
      where
        x2 = x * x
        go term k sign acc
          | term == 0 = acc
          | otherwise = go (term `div` x2) (k + 2) (negate sign) (acc + sign * (term `div` k))

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      ds = take n spigot
      m = machin (n - 1)
  putStrLn (concatMap show (take 50 ds))
  print (sum ds, foldl (\h d -> (h * 10 + d) `mod` 1000000007) 0 ds)
  print (concatMap show ds == show m)
