-- miller-rabin: Miller-Rabin primality with fixed bases on big Integers: the primes in a
-- window above 10^K, the Mersenne numbers 2^p-1 that pass (cross-checked with Lucas-Lehmer),
-- and the next prime after a few factorials. Integer-heavy (modular exponentiation).
module Main (main) where

import System.Environment (getArgs)

powMod :: Integer -> Integer -> Integer -> Integer
powMod b0 e0 m = go (b0 `mod` m) e0 1
  where
    go _ 0 acc = acc
    go b e acc =
      let acc' = if odd e then acc * b `mod` m else acc
       in go (b * b `mod` m) (e `div` 2) acc'

isPrime :: Integer -> Bool
isPrime n
  | n < 2 = False
  | any (\p -> n `mod` p == 0) small = n `elem` small
  | otherwise = all witness (take 12 small)
  where
    small = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
    (s, d) = split (n - 1) (0 :: Int)
    split m k = if even m then split (m `div` 2) (k + 1) else (k, m)
    witness a =
      let x = powMod a d n
       in x == 1 || x == n - 1 || any (== n - 1) (take (s - 1) (tail (iterate (\y -> y * y `mod` n) x)))

lucasLehmer :: Int -> Bool
lucasLehmer 2 = True
lucasLehmer p = go (p - 2) 4 == 0
  where
    m = 2 ^ p - 1 :: Integer
    go 0 x = x
    go k x = go (k - 1 :: Int) ((x * x - 2) `mod` m)

main :: IO ()
main = do
  [a, b, c] <- map read <$> getArgs
  let base = 10 ^ a :: Integer
      window = [p - base | p <- [base + 1, base + 3 .. base + fromIntegral b], isPrime p]
  print (length window, take 10 window)
  let ps = [p | p <- [2 .. c], isPrime (fromIntegral p)]
      mersenne = [p | p <- ps, isPrime (2 ^ p - 1)]
  print mersenne
  print (mersenne == filter lucasLehmer ps)
  let facts = scanl (*) 1 [1 .. 60] :: [Integer]
  print [head [k | k <- [1 ..], isPrime (f + k)] | f <- drop 20 (take 61 facts), even (length (show f))]
