-- Fixed-width integer types and Data.Bits: Int8..Int64, Word8..Word64,
-- overflow wrap-around, signed/unsigned shifts, rotations, popCount,
-- countLeadingZeros/countTrailingZeros, byteSwap, bit tricks, quot/rem on
-- minBound, Enum/Bounded on these types, and a CRC32 and FNV-1a hash.
module Main (main) where

import Data.Bits
import Data.Char (ord)
import Data.Int
import Data.List (foldl')
import Data.Word
import Numeric (showHex)

hex :: (Integral a, Show a) => a -> String
hex x = "0x" ++ showHex (toInteger x `mod` (2 ^ (64 :: Int))) ""

crcTable :: [Word32]
crcTable = [foldl' (\c _ -> if testBit c 0 then 0xEDB88320 `xor` shiftR c 1 else shiftR c 1) n [1 .. 8 :: Int] | n <- [0 .. 255]]

crc32 :: String -> Word32
crc32 s = complement (foldl' step 0xFFFFFFFF (map (fromIntegral . ord) s))
  where
    step :: Word32 -> Word8 -> Word32
    step c b = (crcTable !! fromIntegral ((c `xor` fromIntegral b) .&. 0xFF)) `xor` shiftR c 8

fnv1a :: String -> Word64
fnv1a = foldl' (\h c -> (h `xor` fromIntegral (ord c)) * 1099511628211) 14695981039346656037

xorshift :: Word64 -> Word64
xorshift x0 = x3
  where
    x1 = x0 `xor` shiftL x0 13
    x2 = x1 `xor` shiftR x1 7
    x3 = x2 `xor` shiftL x2 17

main :: IO ()
main = do
  putStrLn "== bounds"
  print (minBound :: Int8, maxBound :: Int8, minBound :: Int16, maxBound :: Int16)
  print (minBound :: Int32, maxBound :: Int32, minBound :: Int64, maxBound :: Int64)
  print (maxBound :: Word8, maxBound :: Word16, maxBound :: Word32, maxBound :: Word64, maxBound :: Word)
  putStrLn "== wrap-around"
  print ((maxBound :: Int8) + 1, (minBound :: Int8) - 1, (100 :: Int8) * 3, negate (minBound :: Int8), abs (minBound :: Int16))
  print ((maxBound :: Word8) + 1, (0 :: Word16) - 1, (60000 :: Word16) * 2, (maxBound :: Word32) * maxBound)
  print ((maxBound :: Int64) + 1, (2 :: Int32) ^ (31 :: Int), (3 :: Word64) ^ (41 :: Int), (7 :: Int8) ^ (5 :: Int))
  print (fromIntegral (300 :: Int) :: Word8, fromIntegral (-1 :: Int8) :: Word8, fromIntegral (200 :: Word8) :: Int8, fromIntegral (-2 :: Int64) :: Word32)
  print (toInteger (maxBound :: Word64) + 1, fromInteger (2 ^ (64 :: Int) + 5) :: Word64, fromInteger (-(2 ^ (40 :: Int))) :: Int32)
  putStrLn "== division"
  print ((-7 :: Int8) `div` 2, (-7 :: Int8) `quot` 2, (-7 :: Int8) `mod` 2, (-7 :: Int8) `rem` 2)
  print ((minBound :: Int8) `quot` 1, (200 :: Word8) `div` 7, (200 :: Word8) `mod` 7, divMod (-100 :: Int32) 7, quotRem (-100 :: Int64) 7)
  print ((maxBound :: Word64) `div` 3, (maxBound :: Word64) `mod` 1000, (minBound :: Int64) `div` 2)
  putStrLn "== shifts and rotates"
  print (shiftL (1 :: Int8) 7, shiftR (-128 :: Int8) 3, shiftR (128 :: Word8) 3, shiftL (255 :: Word8) 4)
  print (shiftR (-1 :: Int) 60, shiftR (maxBound :: Word) 60, unsafeShiftL (1 :: Word32) 31, shiftL (1 :: Int32) 32)
  print (rotateL (0x81 :: Word8) 1, rotateR (0x81 :: Word8) 1, rotate (0x12345678 :: Word32) 8, rotateL (1 :: Int16) 15)
  print (rotateR (0xDEADBEEFCAFEBABE :: Word64) 16, rotateL (-2 :: Int64) 3)
  putStrLn "== bit queries"
  print (popCount (0xFF00FF :: Word32), popCount (-1 :: Int8), popCount (minBound :: Int64), popCount (0 :: Word16))
  print (countLeadingZeros (1 :: Word32), countTrailingZeros (8 :: Int16), countLeadingZeros (0 :: Word8), countTrailingZeros (0 :: Int64))
  print (finiteBitSize (0 :: Int16), finiteBitSize (0 :: Word), testBit (5 :: Word8) 2, testBit (5 :: Word8) 1)
  print (setBit (0 :: Word16) 15, clearBit (maxBound :: Int8) 0, complementBit (0 :: Int32) 31, bit 10 :: Int)
  print ((0xF0F0 :: Word16) .&. 0xFF00, (0xF0F0 :: Word16) .|. 0x0F0F, xor (0xAAAA :: Word16) 0xFFFF, complement (0 :: Word8))
  print (byteSwap16 0x1234, byteSwap32 0x12345678, byteSwap64 0x0102030405060708)
  print (map hex [byteSwap32 0xDEADBEEF], hex (complement 0 :: Word64), hex (minBound :: Int64))
  putStrLn "== enum"
  print ([250 ..] :: [Word8], [minBound .. minBound + 3] :: [Int8], succ (41 :: Word16), pred (-5 :: Int32))
  print ([1, 4 .. 20] :: [Word32], [10, 8 .. 1] :: [Int64], fromEnum (200 :: Word8), toEnum 65 :: Word8)
  putStrLn "== hashes and PRNG"
  mapM_ (\s -> putStrLn (show s ++ " crc32=" ++ hex (crc32 s) ++ " fnv1a=" ++ hex (fnv1a s)))
    ["", "a", "abc", "The quick brown fox jumps over the lazy dog", "123456789"]
  print (map (`mod` 1000) (take 10 (tail (iterate xorshift 88172645463325252))))
  let xs = take 100000 (iterate xorshift 1)
  print (foldl' xor 0 xs, foldl' (+) 0 xs, maximum (map (`shiftR` 48) xs))
  print (sum (map (fromIntegral :: Word64 -> Word8) (take 1000 xs)), sum (map (fromIntegral :: Word64 -> Int16) (take 1000 xs)))
  print (compare (200 :: Word8) 100, compare (fromIntegral (200 :: Word8) :: Int8) 100, (maxBound :: Word) > fromIntegral (maxBound :: Int))
