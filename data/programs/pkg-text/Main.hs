-- text: strict and lazy Text (case mapping, splitting, searching, replacing, justification),
-- the UTF-8/UTF-16/Latin-1 codecs (text's C decoder and encoder) including invalid input with
-- lenient and strict decoding and incremental decoding across split code points, the Builder,
-- Data.Text.Read, and Data.Text.IO on stdin and stdout.
{-# LANGUAGE OverloadedStrings #-}
module Main (main) where

import Control.Exception (evaluate, try)
import qualified Data.ByteString as B
import qualified Data.ByteString.Char8 as BC
import qualified Data.Text as T
import qualified Data.Text.Encoding as TE
import Data.Text.Encoding.Error (UnicodeException, lenientDecode)
import qualified Data.Text.IO as TIO
import qualified Data.Text.Lazy as TL
import qualified Data.Text.Lazy.Builder as TB
import qualified Data.Text.Lazy.Builder.Int as TB
import qualified Data.Text.Lazy.Builder.RealFloat as TB
import qualified Data.Text.Lazy.Encoding as TLE
import qualified Data.Text.Read as TR
import Data.Char (isDigit)
import Data.List (foldl')
import System.IO

sample :: T.Text
sample = "Grüße aus Köln! Ελληνικά, русский, 日本語, emoji 😀🎉 and ASCII."

main :: IO ()
main = do
  hSetEncoding stdout utf8
  TIO.putStrLn sample
  print (T.length sample, T.toUpper sample, T.toLower "ÀÉÎ STRASSE ǅ")
  print (T.toTitle "hello wORLD of text", T.toCaseFold "Straße ﬁ", T.reverse "abc😀déf")
  print (T.splitOn ", " sample, T.breakOn "Köln" sample, T.count "s" sample)
  print (T.replace "ss" "ß" "Strasse und Masse", T.words "  lots\tof   space\n", T.lines "a\r\nb\n\nc")
  print (T.justifyLeft 10 '.' "left", T.justifyRight 10 '.' "right", T.center 11 '*' "mid")
  print (T.intercalate " | " ["α", "β", "γ"], T.transpose ["abc", "de", "f"], T.chunksOf 4 "abcdefghij")
  print (T.isPrefixOf "Grü" sample, T.isSuffixOf "ASCII." sample, T.isInfixOf "日本" sample, T.stripPrefix "Grüße " sample)
  print (T.zip "abc" "xyz😀", T.filter isDigit "a1b2c3😀4", T.foldl' (\n c -> n * 7 + fromEnum c) 0 "hash me")
  print (T.splitAt 7 sample, T.span (/= ' ') sample, T.group "aabbbcdd", T.inits "abc", T.commonPrefixes "foobar" "fooquux")
  -- codecs
  let bytes = TE.encodeUtf8 sample
  print (B.length bytes, B.unpack (B.take 12 bytes))
  print (TE.decodeUtf8 bytes == sample, TE.decodeLatin1 (B.pack [72, 233, 108, 108, 246, 255]))
  print (B.unpack (TE.encodeUtf16LE "a😀"), B.unpack (TE.encodeUtf32BE "é"), TE.decodeUtf16LE (TE.encodeUtf16LE sample) == sample)
  let bad = B.pack [104, 105, 0xff, 0xc3, 0x28, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80, 0x80, 0x41]
  print (TE.decodeUtf8With lenientDecode bad)
  r <- try (evaluate (TE.decodeUtf8 bad)) :: IO (Either UnicodeException T.Text)
  putStrLn (either (\e -> "strict decode failed: " ++ show e) (("decoded: " ++) . show) r)
  print (TE.decodeUtf8' (BC.pack "plain ascii"), either (const "error") T.unpack (TE.decodeUtf8' (B.pack [0xc0, 0x80])))
  -- incremental decoding: split the UTF-8 bytes at every position inside the multi-byte ones
  let pieces = [B.take k bytes | k <- [0 .. B.length bytes]]
      splitOK k = let TE.Some t1 rest f = TE.streamDecodeUtf8 (B.take k bytes)
                      TE.Some t2 rest2 _ = f (B.drop k bytes)
                  in (T.append t1 t2 == sample, B.length rest, B.length rest2)
  print (length pieces, all (\k -> let (ok, _, r2) = splitOK k in ok && r2 == 0) [0 .. B.length bytes])
  print [ (k, n) | k <- [5 .. 12], let (_, n, _) = splitOK k ]
  -- lazy text and the builder
  let lazy = TL.fromChunks (replicate 300 "chunk ")
  print (TL.length lazy, TL.count "unk" lazy, TL.toStrict (TL.take 13 (TL.drop 1000 lazy)))
  print (TLE.encodeUtf8 (TL.pack "λx→y") , TLE.decodeUtf8 (TLE.encodeUtf8 lazy) == lazy)
  let b = mconcat [TB.fromText "n=", TB.decimal (12345 :: Int), TB.singleton ' ', TB.hexadecimal (255 :: Int), TB.singleton ' ',
                   TB.decimal (negate (2 ^ (80 :: Int)) :: Integer), TB.singleton ' ', TB.realFloat (1.0e-3 :: Double), TB.singleton ' ',
                   TB.formatRealFloat TB.Fixed (Just 3) (2 / 3 :: Double), TB.fromString " ünïcödé"]
  print (TB.toLazyText b)
  -- Data.Text.Read
  print (TR.decimal "123abc" :: Either String (Int, T.Text), TR.signed TR.decimal "-77" :: Either String (Integer, T.Text))
  print (TR.hexadecimal "ff rest" :: Either String (Int, T.Text), TR.double "3.5e2x", TR.rational "-0.25" :: Either String (Double, T.Text), TR.decimal "x" :: Either String (Int, T.Text))
  -- stdin through Data.Text.IO: per-line statistics
  hSetEncoding stdin utf8
  contents <- TIO.getContents
  let ls = T.lines contents
  mapM_ (\(i, l) -> TIO.putStrLn (T.concat [T.pack (show i), ": ", T.toUpper l, " (", T.pack (show (T.length l)), " chars, ",
                                            T.pack (show (B.length (TE.encodeUtf8 l))), " bytes)"])) (zip [1 :: Int ..] ls)
  print (foldl' (\m l -> max m (T.length l)) 0 ls, T.length contents)
