-- primes: the naive "sieve" of repeated filtering (nofib imaginary/primes style): every
-- prime filters the infinite list of what is left. Lazy lists, closures, Int `mod`.
module Main (main) where

import System.Environment (getArgs)

primes :: [Int]
primes = map head (iterate sieve [2 ..])
  where
    sieve (p : xs) = [x | x <- xs, x `mod` p /= 0]
    sieve [] = []

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      ps = take n primes
  print (last ps)
  print (sum ps, length (filter (\p -> p `mod` 4 == 1) ps))
