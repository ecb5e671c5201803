-- bernoulli: Bernoulli numbers as exact Rationals (in the spirit of nofib spectral/
-- bernoulli): all of B_0..B_n by the Akiyama-Tanigawa triangle, B_n again by the binomial
-- recurrence, and the denominators checked against von Staudt-Clausen. Integer gcd-heavy.
module Main (main) where

import Data.Ratio (denominator, numerator, (%))
import System.Environment (getArgs)

-- Akiyama-Tanigawa: row m holds A_0..A_m (stored reversed); B_m = A_0 after the update.
bernoullis :: Int -> [Rational]
bernoullis n = go 0 []
  where
    go m rev
      | m > n = []
      | otherwise =
          let top = 1 % fromIntegral (m + 1)
              new = update (fromIntegral m) top rev
           in last new : go (m + 1) new
    -- rev = [A_{m-1}, ..., A_0]; returns [A'_m, A'_{m-1}, ..., A'_0]
    update :: Integer -> Rational -> [Rational] -> [Rational]
    update _ t [] = [t]
    update j t (a : as) = t : update (j - 1) (fromIntegral j * (a - t)) as

binomials :: Integer -> [Integer]
binomials m = scanl (\c k -> c * (m - k + 1) `div` k) 1 [1 .. m]

-- B_m = -1/(m+1) * sum_{k<m} C(m+1,k) B_k   (convention B_1 = -1/2)
byRecurrence :: [Rational] -> Int -> Rational
byRecurrence bs m = negate (sum (zipWith (\c b -> fromIntegral c * b) (binomials (fromIntegral m + 1)) (take m bs))) / fromIntegral (m + 1)

staudt :: Int -> Integer
staudt m = product [fromIntegral p | p <- takeWhile (<= m + 1) primes, m `mod` (p - 1) == 0]
  where
    primes = sieve [2 ..]
    sieve (p : xs) = p : sieve [x | x <- xs, x `mod` p /= 0]
    sieve [] = []

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      bs = bernoullis n
      -- Akiyama-Tanigawa gives B_1 = +1/2; switch to the -1/2 convention for the recurrence
      bs' = [if i == 1 then negate b else b | (i, b) <- zip [0 :: Int ..] bs]
      bn = last bs
  print (take 8 bs)
  print (numerator bn `mod` 1000000007, denominator bn, length (show (numerator bn)))
  print (byRecurrence bs' n == bn)
  print (and [denominator b == staudt m | (m, b) <- zip [2, 4 ..] (everyOther (drop 2 bs))])
  print (all (== 0) [b | (m, b) <- zip [0 :: Int ..] bs, odd m, m > 1])
  where
    everyOther (x : _ : xs) = x : everyOther xs
    everyOther xs = xs
