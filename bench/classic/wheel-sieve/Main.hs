-- wheel-sieve: primes from a 2*3*5*7 wheel (in the spirit of nofib's wheel-sieve): the
-- candidates are the wheel's spokes rolled forever; each candidate is tested against the
-- lazily built list of primes itself, up to its square root. Lazy self-reference, Int.
module Main (main) where

import System.Environment (getArgs)

data Wheel = Wheel Int [Int]

-- the wheel of circumference 2*3*5*7 and its spokes (residues coprime to it)
wheel :: Wheel
wheel = Wheel 210 [r | r <- [1 .. 210], all (\p -> r `mod` p /= 0) [2, 3, 5, 7]]

candidates :: Wheel -> [Int]
candidates (Wheel c spokes) = tail [o + s | o <- [0, c ..], s <- spokes]

primes :: [Int]
primes = 2 : 3 : 5 : 7 : 11 : filter isPrime (drop 1 (candidates wheel))
  where
    isPrime n = go (drop 4 primes)
      where
        go (p : ps)
          | p * p > n = True
          | n `mod` p == 0 = False
          | otherwise = go ps
        go [] = True

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      ps = take n primes
  print (last ps)
  print (sum ps `mod` 1000000007, maximum (zipWith (-) (tail ps) ps))
