{-# LANGUAGE MagicHash, UnboxedTuples, UnboxedSums, BangPatterns #-}
-- Direct use of GHC primops via GHC.Exts: Int#/Word#/Double#/Char#
-- arithmetic, comparisons with isTrue#, unboxed tuples and sums,
-- carry/overflow primops, narrowing, and a MutableByteArray# used through
-- the IO constructor.
module Main (main) where

import GHC.Exts
import GHC.IO (IO (..))
import GHC.Word (Word8 (..))

sumTo :: Int -> Int
sumTo (I# n) = I# (go 0# 1#)
  where
    go acc i = if isTrue# (i ># n) then acc else go (acc +# i) (i +# 1#)

divModU :: Int -> Int -> (Int, Int)
divModU (I# a) (I# b) = case quotRemInt# a b of (# q, r #) -> (I# q, I# r)

addCarry :: Int -> Int -> (Int, Int)
addCarry (I# a) (I# b) = case addIntC# a b of (# s, c #) -> (I# s, I# c)

subCarry :: Int -> Int -> (Int, Int)
subCarry (I# a) (I# b) = case subIntC# a b of (# s, c #) -> (I# s, I# c)

mulHiLo :: Word -> Word -> (Word, Word)
mulHiLo (W# a) (W# b) = case timesWord2# a b of (# hi, lo #) -> (W# hi, W# lo)

plusWord2 :: Word -> Word -> (Word, Word)
plusWord2 (W# a) (W# b) = case plusWord2# a b of (# hi, lo #) -> (W# hi, W# lo)

mulMayOflo :: Int -> Int -> Bool
mulMayOflo (I# a) (I# b) = isTrue# (mulIntMayOflo# a b /=# 0#)

shifts :: Int -> [Int]
shifts (I# x) = [I# (uncheckedIShiftL# x 3#), I# (uncheckedIShiftRA# x 2#), I# (uncheckedIShiftRL# x 60#)]

wordOps :: Word -> Word -> [Word]
wordOps (W# a) (W# b) =
  [ W# (plusWord# a b), W# (minusWord# a b), W# (timesWord# a b), W# (quotWord# a b), W# (remWord# a b)
  , W# (and# a b), W# (or# a b), W# (xor# a b), W# (not# a), W# (popCnt# a), W# (clz# b), W# (ctz# b)
  , W# (uncheckedShiftL# a 4#), W# (uncheckedShiftRL# a 4#), W# (byteSwap# a) ]

narrowing :: Int -> [Int]
narrowing (I# x) = [I# (narrow8Int# x), I# (narrow16Int# x), I# (narrow32Int# x), I# (word2Int# (narrow8Word# (int2Word# x)))]

doubleOps :: Double -> Double -> [Double]
doubleOps (D# a) (D# b) =
  [ D# (a +## b), D# (a -## b), D# (a *## b), D# (a /## b), D# (sqrtDouble# a), D# (expDouble# b)
  , D# (logDouble# a), D# (sinDouble# b), D# (a **## b), D# (negateDouble# a), D# (int2Double# (double2Int# a)) ]

floatOps :: Float -> Float -> [Float]
floatOps (F# a) (F# b) = [F# (plusFloat# a b), F# (timesFloat# a b), F# (divideFloat# a b), F# (sqrtFloat# a), F# (double2Float# (float2Double# b))]

charOps :: Char -> (Int, Char, Bool)
charOps (C# c) = (I# (ord# c), C# (chr# (ord# c +# 1#)), isTrue# (leChar# c 'm'#))

-- unboxed sum as a cheap Either
classify :: Int -> (# Int | Double | () #)
classify n
  | n < 0 = (# | | () #)
  | even n = (# n `div` 2 | | #)
  | otherwise = (# | fromIntegral n / 2 | #)

showSum :: (# Int | Double | () #) -> String
showSum s = case s of
  (# i | | #) -> "half " ++ show i
  (# | d | #) -> "fraction " ++ show d
  (# | | () #) -> "negative"

-- unboxed tuple returning function used in a strict loop
minMax :: [Int] -> (# Int, Int #)
minMax [] = (# 0, 0 #)
minMax (x : xs) = go x x xs
  where
    go !lo !hi [] = (# lo, hi #)
    go !lo !hi (y : ys) = go (min lo y) (max hi y) ys

-- a byte array filled and summed with raw primops
byteArrayDemo :: Int -> IO (Int, [Word8])
byteArrayDemo (I# n) = IO $ \s0 ->
  case newByteArray# n s0 of
    (# s1, mba #) ->
      let fill i s
            | isTrue# (i >=# n) = s
            | otherwise = fill (i +# 1#) (writeWord8Array# mba i (narrow8Word# (int2Word# (i *# 7#))) s)
          s2 = fill 0# s1
      in case unsafeFreezeByteArray# mba s2 of
           (# s3, ba #) ->
             let total i acc
                   | isTrue# (i >=# n) = acc
                   | otherwise = total (i +# 1#) (acc +# word2Int# (indexWord8Array# ba i))
                 firstFew = [W8# (indexWord8Array# ba j) | I# j <- [0 .. 9]]
             in (# s3, (I# (total 0# 0#), firstFew) #)

main :: IO ()
main = do
  print (sumTo 100000, divModU 17 5, divModU (-17) 5)
  print (addCarry maxBound 1, addCarry 5 6, subCarry minBound 1, subCarry 10 3)
  print (mulHiLo maxBound maxBound, mulHiLo 3 5, plusWord2 maxBound 2)
  print (mulMayOflo 3 4, mulMayOflo (2 ^ (40 :: Int)) (2 ^ (40 :: Int)))
  print (shifts 1000, shifts (-1000))
  print (wordOps 0xDEADBEEF 0x1000)
  print (narrowing 0x12345678, narrowing 200, narrowing (-1))
  print (doubleOps 2.5 0.5)
  print (floatOps 2.25 0.1)
  print (map charOps "am~λ")
  mapM_ (\n -> putStrLn (showSum (classify n))) [10, 7, -3, 0]
  case minMax [5, 3, 9, -2, 7, 11, 0] of (# lo, hi #) -> print (lo, hi)
  byteArrayDemo 1000 >>= print
  print (I# (dataToTag# (Just 'x')), I# (dataToTag# GT), (tagToEnum# 1# :: Bool))
  print (isTrue# (3# ==# 3#), isTrue# (2.0## >## 3.0##), I# (negateInt# 5#), W# (int2Word# (-1#)))
