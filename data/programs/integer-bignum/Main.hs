-- Integer and Natural beyond 64 bits: factorials, powers, gcd/lcm,
-- division on negatives, Natural underflow, fromIntegral wrapping, bits.
module Main (main) where

import Control.Exception (ArithException, evaluate, try)
import Data.Bits (complement, popCount, shiftL, shiftR, testBit, xor, (.&.), (.|.))
import Data.Int (Int16, Int32, Int64, Int8)
import Data.Word (Word16, Word32, Word64, Word8)
import Numeric.Natural (Natural)

factorial :: Integer -> Integer
factorial n = product [1 .. n]

isqrt :: Integer -> Integer
isqrt 0 = 0
isqrt n = go n
  where
    go x = let y = (x + n `div` x) `div` 2 in if y >= x then x else go y

powMod :: Integer -> Integer -> Integer -> Integer
powMod _ 0 m = 1 `mod` m
powMod b e m
  | even e = let h = powMod b (e `div` 2) m in h * h `mod` m
  | otherwise = b * powMod b (e - 1) m `mod` m

-- Miller-Rabin with fixed bases (deterministic)
isProbablePrime :: Integer -> Bool
isProbablePrime n
  | n < 2 = False
  | n < 4 = True
  | even n = False
  | otherwise = all witness (takeWhile (< n) [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37])
  where
    (s, d) = decompose (n - 1) 0
    decompose m k = if even m then decompose (m `div` 2) (k + 1) else (k, m)
    witness a =
      let x = powMod a d n
      in x == 1 || x == n - 1 || any (== n - 1) (take (fromInteger s - 1) (tail (iterate (\y -> y * y `mod` n) x)))

-- digits of pi using Gibbons' spigot (Integer heavy)
piDigits :: [Integer]
piDigits = go 1 0 1 1 3 3
  where
    go q r t k n l
      | 4 * q + r - t < n * t = n : go (10 * q) (10 * (r - n * t)) t k (div (10 * (3 * q + r)) t - 10 * n) l
      | otherwise = go (q * k) ((2 * q + r) * l) (t * l) (k + 1) (div (q * (7 * k + 2) + r * l) (t * l)) (l + 2)

collatzMax :: Integer -> Integer
collatzMax = maximum . takeWhile (/= 1) . iterate (\n -> if even n then n `div` 2 else 3 * n + 1)

main :: IO ()
main = do
  putStrLn "== big values"
  print (factorial 25)
  print (factorial 100)
  print (length (show (factorial 1000)), sum (map (read . (: [])) (show (factorial 500)) :: [Int]))
  print (2 ^ (64 :: Int) :: Integer, 2 ^ (200 :: Int) :: Integer)
  print ((-3) ^ (101 :: Int) :: Integer)
  print (product [1 .. 30 :: Integer] `div` product [1 .. 28])
  print (isqrt (10 ^ (100 :: Int)), isqrt (2 * 10 ^ (60 :: Int)))
  print (powMod 3 (10 ^ (18 :: Int)) (10 ^ (9 :: Int) + 7))
  print (filter isProbablePrime [2 ^ (61 :: Int) - 1, 2 ^ (64 :: Int) + 1, 2 ^ (89 :: Int) - 1, 10 ^ (30 :: Int) + 57])
  print (take 60 piDigits)
  print (collatzMax 77031, collatzMax (2 ^ (70 :: Int) - 1) `mod` 1000000007)
  putStrLn "== gcd / lcm"
  print (gcd (factorial 30) (2 ^ (40 :: Int)), lcm 12 (18 :: Integer), gcd 0 (0 :: Integer))
  print (gcd (-12) (18 :: Int), lcm (-4) (6 :: Int), lcm 0 (5 :: Integer))
  print (foldr1 lcm [1 .. 50 :: Integer])
  print (gcd (2 ^ (100 :: Int) - 1) (2 ^ (60 :: Int) - 1 :: Integer))
  putStrLn "== division on negatives"
  let pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, -3)] :: [(Int, Int)]
  mapM_ (\(a, b) -> print (a, b, a `div` b, a `mod` b, a `quot` b, a `rem` b, divMod a b, quotRem a b)) pairs
  let big = 10 ^ (30 :: Int) + 7 :: Integer
  mapM_ (\(a, b) -> print (divMod a b, quotRem a b))
    [(big, 13), (-big, 13), (big, -13), (-big, -(10 ^ (20 :: Int)))]
  r1 <- try (evaluate (1 `div` (0 :: Int)))
  print (r1 :: Either ArithException Int)
  r2 <- try (evaluate (big `mod` 0))
  print (r2 :: Either ArithException Integer)
  r3 <- try (evaluate (minBound `div` (-1 :: Int)))
  print (r3 :: Either ArithException Int)
  putStrLn "== Natural"
  let n1 = 2 ^ (100 :: Int) :: Natural
  print (n1, n1 - 1, n1 * n1, n1 `div` 3, fromIntegral n1 `mod` (97 :: Integer))
  r4 <- try (evaluate (5 - 10 :: Natural))
  print (r4 :: Either ArithException Natural)
  r5 <- try (evaluate (fromInteger (-1) :: Natural))
  print (r5 :: Either ArithException Natural)
  print (toInteger (maxBound :: Word) + 1, fromIntegral (maxBound :: Word) + (1 :: Natural))
  putStrLn "== fromIntegral wrapping"
  let v = 2 ^ (70 :: Int) + 300 :: Integer
  print (fromIntegral v :: Int, fromIntegral v :: Word8, fromIntegral v :: Int8, fromIntegral v :: Word)
  print (fromIntegral (-1 :: Int) :: Word, fromIntegral (-1 :: Int) :: Word16, fromIntegral (200 :: Int) :: Int8)
  print (fromIntegral (maxBound :: Int) + (1 :: Int), maxBound + (1 :: Int32), minBound - (1 :: Int16))
  print (fromIntegral (3000000000 :: Word32) :: Int32, fromIntegral (-129 :: Int) :: Word8)
  print (fromInteger (-(2 ^ (63 :: Int))) :: Int64, fromInteger (2 ^ (63 :: Int)) :: Int64)
  print (toInteger (minBound :: Int) - 1, abs (toInteger (minBound :: Int)), negate (minBound :: Int))
  print ((maxBound :: Word64) * 3, (200 :: Word8) + 100, (10 :: Word8) - 20)
  print (truncate (1e20 :: Double) :: Integer, round (2.5e15 :: Double) :: Integer, fromIntegral big :: Double)
  putStrLn "== bits"
  print (shiftL 1 100 :: Integer, shiftR (2 ^ (100 :: Int) + 12345) 90 :: Integer)
  print (popCount (2 ^ (200 :: Int) - 1 :: Integer), testBit (2 ^ (77 :: Int) :: Integer) 77)
  print ((2 ^ (80 :: Int) - 1) .&. (0xFFFF0000 :: Integer), (2 ^ (65 :: Int)) .|. (1 :: Integer), xor 0xFF (0x0F :: Integer))
  print (complement 0 :: Integer, complement (2 ^ (70 :: Int)) :: Integer, shiftR (-1000) 3 :: Integer)
  print (popCount (-1 :: Int), complement (0 :: Word16), shiftL (1 :: Int) 63, shiftR (minBound :: Int) 62)
  print (compare (2 ^ (100 :: Int)) (3 ^ (63 :: Int) :: Integer), signum (-big), abs (-big), negate big)
  print (even big, odd (big * big), big ^ (3 :: Int) - big * big * big)
  print (map (`mod` 1000) (take 10 (iterate (\x -> x * x + 1) (2 :: Integer))))
