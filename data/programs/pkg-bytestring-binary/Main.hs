-- bytestring and binary: strict, lazy and short ByteStrings (their C helpers: reverse,
-- intersperse, maximum, minimum, count, memchr-based searches, the Builder's integer
-- formatting), Data.Binary's Get/Put and Generic-derived instances, a length-prefixed record
-- file round trip, and a word-frequency count over stdin read as a lazy ByteString.
{-# LANGUAGE DeriveGeneric #-}
module Main (main) where

import Data.Binary
import Data.Binary.Get
import Data.Binary.Put
import qualified Data.ByteString as B
import qualified Data.ByteString.Builder as BB
import qualified Data.ByteString.Char8 as BC
import qualified Data.ByteString.Lazy as BL
import qualified Data.ByteString.Lazy.Char8 as BLC
import qualified Data.ByteString.Short as BS
import Data.Char (isAlpha, toLower)
import Data.Int
import Data.List (sortBy)
import qualified Data.Map.Strict as M
import Data.Ord (comparing, Down (..))
import GHC.Generics (Generic)
import System.IO

data Shape = Circle Double | Rect Int32 Int32 | Poly [(Int16, Int16)]
  deriving (Show, Eq, Generic)

instance Binary Shape

data Record = Record { rid :: Word32, name :: B.ByteString, tags :: [String], score :: Maybe Int64, shapes :: [Shape] }
  deriving (Show, Eq, Generic)

instance Binary Record

hex :: BL.ByteString -> String
hex = BLC.unpack . BB.toLazyByteString . foldMap BB.word8HexFixed . BL.unpack

records :: [Record]
records =
  [ Record 1 (BC.pack "alpha") ["x", "y"] (Just (-42)) [Circle 1.5, Rect 3 4]
  , Record 70000 (B.pack [0, 255, 10, 13]) [] Nothing [Poly [(1, -1), (-32768, 32767)]]
  , Record maxBound B.empty ["λ unicode ✓"] (Just minBound) []
  ]

-- A hand-written framed format: magic, count, then length-prefixed records.
putFile :: [Record] -> Put
putFile rs = do
  putByteString (BC.pack "REC1")
  putWord16be (fromIntegral (length rs))
  mapM_ (\r -> let bs = encode r in putWord32le (fromIntegral (BL.length bs)) >> putLazyByteString bs) rs

getFile :: Get [Record]
getFile = do
  magic <- getByteString 4
  if magic /= BC.pack "REC1" then fail ("bad magic " ++ show magic) else return ()
  n <- getWord16be
  sequence (replicate (fromIntegral n) (getWord32le >>= \len -> isolate (fromIntegral len) get))

builderDemo :: BL.ByteString
builderDemo = BB.toLazyByteString $ mconcat
  [ BB.intDec 0, sep, BB.intDec (-123456789), sep, BB.intDec minBound, sep, BB.intDec maxBound, sep
  , BB.int8Dec minBound, sep, BB.int32Dec (-2147483648), sep, BB.word64Dec maxBound, sep
  , BB.wordDec 4294967296, sep, BB.word32Hex 0xdeadbeef, sep, BB.word64Hex 0, sep, BB.wordHex maxBound, sep
  , BB.integerDec (2 ^ (200 :: Int)), sep, BB.integerDec (negate (10 ^ (40 :: Int)) - 7), sep
  , BB.doubleDec 3.25, sep, BB.floatDec (-0.1), sep, BB.int64HexFixed (-1), sep
  , BB.stringUtf8 "π≈3.14159", sep, BB.charUtf8 '€', BB.char7 '\n'
  ]
  where sep = BB.char7 ' '

main :: IO ()
main = do
  hSetBinaryMode stdout False
  let s = BC.pack "Hello, ByteString world! 0123456789"
  BC.putStrLn (B.reverse s)
  BC.putStrLn (B.intersperse 46 (BC.pack "abcdef"))
  print (B.maximum s, B.minimum s, B.count 111 s, BC.count 'l' s)
  print (BC.elemIndex 'W' s, BC.elemIndices 'o' s, BC.findIndex (== '!') s, BC.split ' ' s)
  print (BC.breakSubstring (BC.pack "world") s, B.isInfixOf (BC.pack "0123") s, BC.lines (BC.pack "a\nbb\n\nccc"))
  print (B.sort (BC.pack "the quick brown fox"), BC.words (BC.pack "  many   spaces\there "), BC.readInt (BC.pack "-1234xyz"))
  print (compare (BC.pack "abc") (BC.pack "abd"), BC.pack "same" == BC.pack "same", B.take 3 s, B.drop 30 s)
  print (B.unfoldrN 10 (\n -> Just (n, n * 3)) 1, B.foldl' (\a w -> a * 31 + fromIntegral w) (7 :: Int) s)
  let short = BS.toShort s
  print (BS.length short, BS.index short 7, BS.fromShort short == s, BS.pack [1, 2, 3] < BS.pack [1, 2, 4], short)
  BL.putStr builderDemo
  let lz = BLC.pack (concat (replicate 500 "lazy chunk "))
  print (BL.length lz, BL.count 32 lz, length (BL.toChunks (BL.fromChunks (replicate 5 (BC.pack "xy")))), BLC.take 20 (BL.cycle (BLC.pack "ab|")))
  -- binary
  let enc = encode records
  putStrLn ("records encoded: " ++ show (BL.length enc) ++ " bytes")
  putStrLn (hex (BL.take 48 enc))
  print (decode enc == records)
  let file = runPut (putFile records)
  putStrLn ("file: " ++ show (BL.length file) ++ " bytes, header " ++ hex (BL.take 10 file))
  print (runGet getFile file == records)
  case runGetOrFail getFile (BL.take 40 file) of
    Left (_, off, err) -> putStrLn ("truncated file: failed at byte " ++ show off ++ ": " ++ err)
    Right _ -> putStrLn "truncated file decoded?"
  case runGetOrFail getFile (BLC.pack "REC2\0\1") of
    Left (_, off, err) -> putStrLn ("bad magic: failed at byte " ++ show off ++ ": " ++ err)
    Right _ -> putStrLn "bad magic decoded?"
  print (decode (encode (3.141592653589793 :: Double, 'x', "str", [1 :: Integer, 2 ^ (70 :: Int)], M.fromList [(1 :: Int, True)]))
           :: (Double, Char, String, [Integer], M.Map Int Bool))
  print (runGet ((,,) <$> getWord64be <*> getInt16le <*> getRemainingLazyByteString) (BL.pack [1 .. 16]))
  -- word frequencies of stdin
  input <- BL.getContents
  let ws = filter (not . BL.null) (BLC.splitWith (not . isAlpha) (BLC.map toLower input))
      freq = M.fromListWith (+) [(BL.toStrict w, 1 :: Int) | w <- ws]
  putStrLn ("stdin: " ++ show (BL.length input) ++ " bytes, " ++ show (length ws) ++ " words, " ++ show (M.size freq) ++ " distinct")
  mapM_ (\(w, c) -> BC.putStrLn (BC.concat [w, BC.pack ": ", BC.pack (show c)]))
        (take 8 (sortBy (comparing (Down . snd) <> comparing fst) (M.toList freq)))
