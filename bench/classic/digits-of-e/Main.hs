-- digits-of-e: the first N decimal digits of e, twice (in the spirit of nofib spectral/
-- digits-of-e1/e2): once as floor(10^N * sum 1/k!) with big Integer divisions, once by the
-- mixed-radix spigot on a list of Ints. Integer-heavy (long division by small numbers).
module Main (main) where

import Data.Char (intToDigit)
import System.Environment (getArgs)

-- e * 10^n: sum of 10^(n+g) `div` k!, computed term by term (terms are truncated, guard g)
eBig :: Int -> String
eBig n = take (n + 1) (show (total `div` 10 ^ g))
  where
    g = 10 :: Int
    one = 10 ^ (n + g) :: Integer
    terms = takeWhile (> 0) (scanl div one [1 ..])
    total = sum terms

-- spigot: e = 2 + 1/2(1 + 1/3(1 + 1/4(...))); digits by repeated multiplication by 10
eSpigot :: Int -> String
eSpigot n = '2' : take n (go (replicate len 1))
  where
    len = n + 10
    go ds =
      let (carry, ds') = step ds
       in intToDigit carry : go ds'
    -- digits ds are in bases 2,3,4,...; multiply by 10 and normalise from the right
    step ds = foldr norm (0, []) (zip [2 ..] ds)
    norm (b, d) (c, acc) =
      let x = d * 10 + c
       in (x `div` b, x `mod` b : acc)

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      e1 = eBig n
      e2 = eSpigot n
  putStrLn (take 60 e1)
  putStrLn (drop (n + 1 - 40) e1)
  print (e1 == e2, sum (map (\c -> fromEnum c - 48) e1))
