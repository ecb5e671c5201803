-- Data.Char and Unicode output: case mapping, classification, ord/chr,
-- generalCategory, UTF-8 output of Greek/CJK/emoji text.
module Main (main) where

import Data.Char
import Data.List (sortOn, group, sort)
import System.IO (hSetEncoding, stdout, utf8)

samples :: [String]
samples =
  [ "Hello, World!"
  , "Καλημέρα κόσμε"
  , "Здравствуй, мир"
  , "こんにちは世界"
  , "你好，世界！"
  , "안녕하세요"
  , "Grüße aus Köln – straße ÆØÅ"
  , "emoji: 😀🎉🐍 ❤ ✓"
  , "math: ∀x∈ℝ, x² ≥ 0; ∑ ∫ √ π ∞"
  , "ǅungla ǈ ﬁ ß İ ı ŉ"
  , "tab\there\1234\65533"
  ]

describe :: Char -> String
describe c = concat
  [ [c], " U+", pad (map toUpper (showHexI (ord c))), " ", show (generalCategory c)
  , flag "alpha" isAlpha, flag "upper" isUpper, flag "lower" isLower, flag "digit" isDigit
  , flag "num" isNumber, flag "space" isSpace, flag "punct" isPunctuation, flag "symbol" isSymbol
  , flag "print" isPrint, flag "mark" isMark, flag "ascii" isAscii, flag "latin1" isLatin1 ]
  where
    flag s p = if p c then ' ' : s else ""
    pad s = replicate (4 - length s) '0' ++ s

showHexI :: Int -> String
showHexI 0 = "0"
showHexI n = go n ""
  where
    go 0 acc = acc
    go m acc = go (m `div` 16) (intToDigit (m `mod` 16) : acc)

rot13 :: Char -> Char
rot13 c
  | isAsciiLower c = rot 'a'
  | isAsciiUpper c = rot 'A'
  | otherwise = c
  where
    rot b = chr (ord b + (ord c - ord b + 13) `mod` 26)

-- Encode a Char as UTF-8 bytes by hand
utf8Bytes :: Char -> [Int]
utf8Bytes c
  | n < 0x80 = [n]
  | n < 0x800 = [0xC0 + n `div` 64, 0x80 + n `mod` 64]
  | n < 0x10000 = [0xE0 + n `div` 4096, 0x80 + (n `div` 64) `mod` 64, 0x80 + n `mod` 64]
  | otherwise = [0xF0 + n `div` 262144, 0x80 + (n `div` 4096) `mod` 64, 0x80 + (n `div` 64) `mod` 64, 0x80 + n `mod` 64]
  where
    n = ord c

main :: IO ()
main = do
  hSetEncoding stdout utf8
  putStrLn "== samples"
  mapM_ putStrLn samples
  putStrLn "== case mapping"
  mapM_ (\s -> putStrLn (map toUpper s ++ " | " ++ map toLower s ++ " | " ++ map toTitle s)) samples
  putStrLn "== lengths and code points"
  mapM_ (\s -> print (length s, sum (map ord s), length (concatMap utf8Bytes s), length (filter isAlpha s))) samples
  print (map ord "aÄ€😀", map chr [72, 0x3B1, 0x4E2D, 0x1F600], show "αβγ")
  print (map utf8Bytes "é€😀")
  putStrLn "== classification"
  mapM_ (putStrLn . describe) "aZ5 ,_-€£½²Ⅻ٣éЖλ中ー😀\n\x301\x200B\xE000"
  putStrLn "== categories of a range"
  let cats = map (\g -> (head g, length g)) (group (sort (map generalCategory ['\0' .. '\x2FFF'])))
  mapM_ print cats
  putStrLn "== digits and conversion"
  print (map digitToInt "09afAF", map intToDigit [0 .. 15])
  print (filter isHexDigit "0x1fG9z", filter isOctDigit "0789", isSeparator ' ', isSeparator '\x2028')
  print (map (subtract (ord 'a') . ord) "hello", chr 0x10FFFF == maxBound, ord (maxBound :: Char))
  print (lexLitChar "\\nabc", readLitChar "\\x41rest", showLitChar '\DEL' "")
  putStrLn (map rot13 "Why did the chicken cross the road? Gb trg gb gur bgure fvqr!")
  putStrLn "== sorting and counting"
  let text = concat samples
      freq = sortOn (\(c, k) -> (negate k, c)) [(head g, length g) | g <- group (sort (filter (not . isSpace) text))]
  putStrLn (concatMap (\(c, k) -> c : show k ++ " ") (take 25 freq))
  putStrLn (reverse "Καλημέρα 😀 世界")
  putStrLn (unwords (map (map toUpper) (words "ǳ ǆ ﬀ ǰ")))
  print (map isUpper "ǅǈ", map isLower "ǅǈ", toUpper 'ß', toLower 'İ', toUpper 'ı', toTitle 'ǆ')
