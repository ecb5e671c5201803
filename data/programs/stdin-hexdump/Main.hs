-- Binary standard input: hSetBinaryMode stdin True, read all bytes with
-- getContents (each Char is one byte), print an xxd-style hex dump, byte
-- statistics, an Adler-32 checksum, and a UTF-8 validity scan that locates
-- malformed sequences.
module Main (main) where

import Data.Bits (shiftL, (.&.))
import Data.Char (chr, ord)
import Data.List (foldl')
import qualified Data.Map.Strict as M
import Numeric (showHex)
import System.IO (hSetBinaryMode, stdin, stdout)

hex2 :: Int -> String
hex2 n = let s = showHex n "" in if length s < 2 then '0' : s else s

hexN :: Int -> Int -> String
hexN w n = let s = showHex n "" in replicate (w - length s) '0' ++ s

dumpLines :: [Int] -> [String]
dumpLines = go 0
  where
    go _ [] = []
    go off bs =
      let (chunk, rest) = splitAt 16 bs
          hexes = unwords [concatMap hex2 pair | pair <- pairs chunk]
          ascii = [if b >= 32 && b < 127 then chr b else '.' | b <- chunk]
      in (hexN 8 off ++ ": " ++ hexes ++ replicate (40 - length hexes) ' ' ++ "  " ++ ascii) : go (off + 16) rest
    pairs (a : b : r) = [a, b] : pairs r
    pairs [a] = [[a]]
    pairs [] = []

adler32 :: [Int] -> Int
adler32 bs = let (a, b) = foldl' (\(x, y) c -> let x' = (x + c) `mod` 65521 in (x', (y + x') `mod` 65521)) (1, 0) bs
             in b `shiftL` 16 + a

-- returns decoded code points or an error offset for each malformed sequence
utf8Scan :: [Int] -> ([Int], [Int])
utf8Scan = go 0 [] []
  where
    go _ cps errs [] = (reverse cps, reverse errs)
    go off cps errs (b : bs)
      | b < 0x80 = go (off + 1) (b : cps) errs bs
      | b .&. 0xE0 == 0xC0 = multi 1 (b .&. 0x1F)
      | b .&. 0xF0 == 0xE0 = multi 2 (b .&. 0x0F)
      | b .&. 0xF8 == 0xF0 = multi 3 (b .&. 0x07)
      | otherwise = go (off + 1) cps (off : errs) bs
      where
        multi n initial =
          let conts = take n bs
          in if length conts == n && all (\c -> c .&. 0xC0 == 0x80) conts
               then go (off + 1 + n) (foldl' (\acc c -> acc * 64 + (c .&. 0x3F)) initial conts : cps) errs (drop n bs)
               else go (off + 1) cps (off : errs) bs

main :: IO ()
main = do
  hSetBinaryMode stdin True
  hSetBinaryMode stdout False
  input <- getContents
  let bytes = map ord input
  putStrLn ("read " ++ show (length bytes) ++ " bytes, max char code " ++ show (maximum (0 : bytes)))
  mapM_ putStrLn (dumpLines bytes)
  let freq = M.fromListWith (+) [(b, 1 :: Int) | b <- bytes]
      top = take 5 (M.toList (M.filter (> 1) freq))
  putStrLn ("distinct bytes: " ++ show (M.size freq) ++ ", repeated (first 5): " ++ show top)
  putStrLn ("adler32: " ++ hexN 8 (adler32 bytes))
  putStrLn ("line feeds: " ++ show (length (filter (== 10) bytes)) ++ ", carriage returns: " ++ show (length (filter (== 13) bytes)))
  let (cps, errs) = utf8Scan bytes
  putStrLn ("utf-8 scan: " ++ show (length cps) ++ " code points, " ++ show (length errs) ++ " malformed at offsets " ++ show (take 10 errs) ++ "...")
  let nonAscii = filter (> 127) cps
  putStrLn ("non-ASCII code points decoded: " ++ show (length nonAscii) ++ " e.g. " ++ map chr (take 20 (filter (> 0x300) nonAscii)))
