{-# LANGUAGE MagicHash, UnboxedTuples #-}
-- Every operation of ghc-bignum's backend on multi-limb values: the GMP backend's C calls
-- (mpn add/sub/mul/divide, shifts with two's-complement rounding, bit operations on
-- negatives, gcd/gcdext, modular powers and inverses, conversion to Double with exponents),
-- checked through results and identities, on values from a fixed pseudo-random sequence.
module Main (main) where

import Data.Bits
import Data.List (foldl')
import GHC.Num.Integer (integerGcde, integerLog2, integerPowMod#, integerRecipMod#, integerSqr)
import Numeric.Natural (Natural)

-- A linear congruential sequence of big numbers (deterministic, no library RNG).
lcg :: Integer -> Integer
lcg x = (x * 6364136223846793005 + 1442695040888963407) `mod` (2 ^ (64 :: Int))

bigs :: Int -> Integer -> [Integer]
bigs limbs = go
  where
    go s = let ws = take limbs (tail (iterate lcg s))
               v = foldl' (\acc w -> acc * 2 ^ (64 :: Int) + w) 0 ws
           in v : go (last ws)

signed :: [Integer] -> [Integer]
signed = zipWith (\i v -> if even (i :: Int) then v else negate v) [0 ..]

checksum :: [Integer] -> Integer
checksum = foldl' (\acc v -> (acc * 1000003 + v) `mod` (2 ^ (127 :: Int) - 1)) 7

powModMaybe :: Integer -> Integer -> Natural -> Maybe Natural
powModMaybe b e m = case integerPowMod# b e m of
  (# r | #) -> Just r
  (# | () #) -> Nothing

recipModMaybe :: Integer -> Natural -> Maybe Natural
recipModMaybe x m = case integerRecipMod# x m of
  (# r | #) -> Just r
  (# | () #) -> Nothing

main :: IO ()
main = do
  let xs = take 40 (signed (bigs 5 1)) ++ take 20 (signed (bigs 1 2)) ++ take 20 (signed (bigs 13 3))
      ys = take 40 (signed (bigs 3 4)) ++ take 20 (signed (bigs 9 5)) ++ take 20 (signed (bigs 2 6))
      pairs = zip xs ys
  putStrLn "== ring"
  print (checksum [x + y | (x, y) <- pairs], checksum [x - y | (x, y) <- pairs])
  print (checksum [x * y | (x, y) <- pairs], checksum (map integerSqr xs))
  print (all (\(x, y) -> (x + y) - y == x && (x * y) `div` y == x) pairs)
  print (product (take 30 xs) `mod` (10 ^ (40 :: Int)))
  putStrLn "== division"
  print (checksum (concat [[q, r] | (x, y) <- pairs, let (q, r) = quotRem x y]))
  print (checksum (concat [[q, r] | (x, y) <- pairs, let (q, r) = divMod x y]))
  print (all (\(x, y) -> let (q, r) = quotRem x y in q * y + r == x && abs r < abs y) pairs)
  print (all (\(x, y) -> let (q, r) = divMod x y in q * y + r == x && signum r /= negate (signum y)) pairs)
  print (checksum [x `quot` 1000000007 | x <- xs], checksum [x `rem` 18446744073709551557 | x <- xs])
  print (map (`divMod` 7) (take 4 xs))
  putStrLn "== shifts and bits"
  print (checksum [x `shiftL` k | (x, k) <- zip xs (cycle [1, 63, 64, 65, 200])])
  print (checksum [x `shiftR` k | (x, k) <- zip xs (cycle [1, 63, 64, 65, 129, 700])])
  print (map (`shiftR` 64) [-(2 ^ (64 :: Int)), -(2 ^ (64 :: Int)) - 1, -(2 ^ (128 :: Int)) + 1 :: Integer])
  print (checksum [x .&. y | (x, y) <- pairs], checksum [x .|. y | (x, y) <- pairs])
  print (checksum [x `xor` y | (x, y) <- pairs], checksum (map complement xs))
  print (map popCount (take 10 xs), map (`testBit` 100) (take 10 xs))
  print (map integerLog2 (filter (> 0) (take 10 xs)), bit 300 `clearBit` 300 + bit 7 :: Integer)
  putStrLn "== gcd"
  print (checksum [gcd x y | (x, y) <- pairs], checksum [lcm x y | (x, y) <- take 20 pairs])
  print (gcd (2 ^ (300 :: Int) * 3 ^ (50 :: Int)) (6 ^ (120 :: Int)) == 2 ^ (120 :: Int) * 3 ^ (50 :: Int))
  print [gcd x 1234567890123 | x <- take 8 xs]
  let gcdes = [(g, s, t) | (x, y) <- take 30 pairs, let (g, s, t) = integerGcde x y]
  print (checksum (concat [[g, s, t] | (g, s, t) <- gcdes]))
  print (and [s * x + t * y == g | ((x, y), (g, s, t)) <- zip pairs gcdes])
  print (integerGcde 240 46, integerGcde (-240) 46, integerGcde 0 5, integerGcde 7 0)
  putStrLn "== modular"
  let m = 2 ^ (521 :: Int) - 1 :: Natural
      mi = toInteger m
  print (map (\x -> powModMaybe x (mi - 1) m) (take 4 (filter (/= 0) xs)))
  print (checksum [maybe (-1) toInteger (powModMaybe x (abs y) (fromInteger (abs y + 2))) | (x, y) <- take 30 pairs])
  print (powModMaybe 4 13 497, powModMaybe 3 (-1) 11, powModMaybe 6 (-1) 9, powModMaybe 5 0 1)
  print (checksum [maybe (-1) toInteger (recipModMaybe x m) | x <- take 20 xs])
  print (and [(x * toInteger r) `mod` mi == 1 | x <- take 20 xs, Just r <- [recipModMaybe x m]])
  print (recipModMaybe 3 11, recipModMaybe 6 9, recipModMaybe (-3) 11)
  putStrLn "== conversions"
  print (map fromInteger (take 6 xs) :: [Double])
  print (map fromInteger (take 4 (drop 60 xs)) :: [Double])
  print (map (\k -> encodeFloat (2 ^ (80 :: Int) + 12345) k :: Double) [-200, -80, 0, 900, 1000])
  print (map (\k -> encodeFloat (negate (2 ^ (70 :: Int)) - 1) k :: Float) [-100, -60, 0, 30, 60])
  print (map (toRational . (fromInteger :: Integer -> Double)) (take 3 xs))
  print (map truncate [1.5e30 :: Double, -2.75e45, 6.02e23] :: [Integer])
  print (map (fromIntegral :: Integer -> Word) (take 4 xs), map (fromIntegral :: Integer -> Int) (take 4 xs))
  print (read (show (xs !! 3)) == xs !! 3, length (show (product (take 60 xs))))
