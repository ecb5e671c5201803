-- rsa: RSA on big Integers (in the spirit of nofib spectral/rsa): key generation from
-- deterministic candidates (Miller-Rabin), the modular inverse by extended Euclid, then a
-- text is encrypted block by block and decrypted again. Integer-heavy (powMod, divMod).
module Main (main) where

import Data.Char (chr, ord)
import System.Environment (getArgs)

powMod :: Integer -> Integer -> Integer -> Integer
powMod b0 e0 m = go (b0 `mod` m) e0 1
  where
    go _ 0 acc = acc
    go b e acc = go (b * b `mod` m) (e `div` 2) (if odd e then acc * b `mod` m else acc)

isPrime :: Integer -> Bool
isPrime n
  | n < 2 = False
  | any (\p -> n `mod` p == 0) small = n `elem` small
  | otherwise = all witness [2, 3, 5, 7, 11, 13, 17, 19]
  where
    small = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61]
    (s, d) = split (n - 1) (0 :: Int)
    split m k = if even m then split (m `div` 2) (k + 1) else (k, m)
    witness a =
      let x = powMod a d n
       in x == 1 || x == n - 1 || any (== n - 1) (take (s - 1) (tail (iterate (\y -> y * y `mod` n) x)))

nextPrime :: Integer -> Integer
nextPrime n = head (filter isPrime [if even n then n + 1 else n, (if even n then n + 1 else n) + 2 ..])

egcd :: Integer -> Integer -> (Integer, Integer, Integer)
egcd a 0 = (a, 1, 0)
egcd a b = let (q, r) = a `divMod` b; (g, x, y) = egcd b r in (g, y, x - q * y)

modInv :: Integer -> Integer -> Integer
modInv a m = let (_, x, _) = egcd a m in x `mod` m

-- text <-> blocks of base-256 digits smaller than the modulus
toBlocks :: Int -> String -> [Integer]
toBlocks k s = case splitAt k s of
  ([], _) -> []
  (chunk, rest) -> foldl (\acc c -> acc * 256 + fromIntegral (ord c)) 0 chunk : toBlocks k rest

fromBlocks :: [Integer] -> String
fromBlocks = concatMap (reverse . digits)
  where
    digits 0 = []
    digits x = chr (fromIntegral (x `mod` 256)) : digits (x `div` 256)

main :: IO ()
main = do
  [a, b] <- map read <$> getArgs
  let seed k = (3 ^ (a + k) * 7 + 12345) `mod` (2 ^ a) + 2 ^ (a - 1) :: Integer
      p = nextPrime (seed 1)
      q = nextPrime (seed 2)
      n = p * q
      phi = (p - 1) * (q - 1)
      e = head [x | x <- [65537, 65539 ..], gcd x phi == 1]
      d = modInv e phi
      blockLen = (a * 2 - 8) `div` 8
      text = concat [show i ++ " bottles of beer on the wall; " | i <- [1 .. b :: Int]]
      blocks = toBlocks blockLen text
      cipher = map (\m -> powMod m e n) blocks
      plain = fromBlocks (map (\c -> powMod c d n) cipher)
  print (p `mod` 1000000007, q `mod` 1000000007, length (show n), e)
  print (e * d `mod` phi == 1, length blocks)
  print (foldl (\h c -> (h * 1000003 + c) `mod` (2 ^ (61 :: Int) - 1)) 0 cipher)
  print (plain == text)
