-- Caesar and Vigenère ciphers with frequency-analysis cracking, run-length
-- encoding/decoding, a hand-written base64 codec, and a Burrows-Wheeler
-- transform round trip.
module Main (main) where

import Data.Bits (shiftL, shiftR, (.&.), (.|.))
import Data.Char (chr, isAlpha, isAsciiLower, isAsciiUpper, isDigit, ord, toLower)
import Data.List (group, maximumBy, minimumBy, sort, sortOn, elemIndex, tails)
import Data.Maybe (fromJust)
import Data.Ord (comparing)

shift :: Int -> Char -> Char
shift k c
  | isAsciiLower c = rot 'a'
  | isAsciiUpper c = rot 'A'
  | otherwise = c
  where
    rot b = chr (ord b + (ord c - ord b + k) `mod` 26)

caesar :: Int -> String -> String
caesar k = map (shift k)

vigenere :: Bool -> String -> String -> String
vigenere decrypt key = go (cycle key)
  where
    go _ [] = []
    go ks@(k : kt) (c : cs)
      | isAlpha c = shift (sign * (ord (toLower k) - ord 'a')) c : go kt cs
      | otherwise = c : go ks cs
    go [] _ = []
    sign = if decrypt then -1 else 1

englishFreq :: [Double]
englishFreq = [8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.77, 4.0, 2.4, 6.7, 7.5, 1.9, 0.095, 6.0, 6.3, 9.1, 2.8, 0.98, 2.4, 0.15, 2.0, 0.074]

chiSquared :: String -> Double
chiSquared s = sum [((o - e) ^ (2 :: Int)) / e | (o, e) <- zip observed expected]
  where
    letters = map toLower (filter isAlpha s)
    n = fromIntegral (length letters)
    observed = [fromIntegral (length (filter (== c) letters)) | c <- ['a' .. 'z']]
    expected = map (\f -> f * n / 100) englishFreq

crackCaesar :: String -> (Int, String)
crackCaesar s = minimumBy (comparing (chiSquared . snd)) [(k, caesar (negate k) s) | k <- [0 .. 25]]

rle :: String -> [(Int, Char)]
rle = map (\g -> (length g, head g)) . group

rleString :: String -> String
rleString = concatMap (\(n, c) -> (if n == 1 then "" else show n) ++ [c]) . rle

unRle :: String -> String
unRle [] = []
unRle s = let (ds, c : rest) = span isDigit s
              n = if null ds then 1 else read ds
          in replicate n c ++ unRle rest

b64chars :: String
b64chars = ['A' .. 'Z'] ++ ['a' .. 'z'] ++ ['0' .. '9'] ++ "+/"

base64 :: [Int] -> String
base64 [] = ""
base64 bytes = let (chunk, rest) = splitAt 3 bytes
                   n = length chunk
                   [a, b, c] = take 3 (chunk ++ [0, 0])
                   v = (a `shiftL` 16) .|. (b `shiftL` 8) .|. c
                   cs = [b64chars !! ((v `shiftR` s) .&. 63) | s <- [18, 12, 6, 0]]
               in take (n + 1) cs ++ replicate (3 - n) '=' ++ base64 rest

unBase64 :: String -> [Int]
unBase64 [] = []
unBase64 s = let (chunk, rest) = splitAt 4 s
                 pads = length (filter (== '=') chunk)
                 vals = [if c == '=' then 0 else fromJust (elemIndex c b64chars) | c <- chunk]
                 v = foldl (\acc x -> acc `shiftL` 6 .|. x) 0 vals
                 bytes = [(v `shiftR` sh) .&. 255 | sh <- [16, 8, 0]]
             in take (3 - pads) bytes ++ unBase64 rest

utf8 :: String -> [Int]
utf8 = concatMap enc
  where
    enc c
      | n < 0x80 = [n]
      | n < 0x800 = [0xC0 .|. shiftR n 6, 0x80 .|. (n .&. 63)]
      | n < 0x10000 = [0xE0 .|. shiftR n 12, 0x80 .|. (shiftR n 6 .&. 63), 0x80 .|. (n .&. 63)]
      | otherwise = [0xF0 .|. shiftR n 18, 0x80 .|. (shiftR n 12 .&. 63), 0x80 .|. (shiftR n 6 .&. 63), 0x80 .|. (n .&. 63)]
      where n = ord c

bwt :: String -> (String, Int)
bwt s = (map last rots, fromJust (elemIndex s rots))
  where
    n = length s
    rots = sort [take n t | t <- take n (tails (cycle s))]

unBwt :: (String, Int) -> String
unBwt (l, i) = sortedTable !! i
  where
    n = length l
    sortedTable = iterate (\tbl -> sort (zipWith (:) l tbl)) (replicate n "") !! n

main :: IO ()
main = do
  let plain = "The quick brown fox jumps over the lazy dog while the cat watches from the warm windowsill."
  putStrLn "== caesar"
  mapM_ (\k -> putStrLn (show k ++ ": " ++ caesar k plain)) [1, 3, 13, 25]
  let secret = caesar 17 "Meet me near the old clock tower at midnight and bring the documents with you."
  putStrLn ("cipher:  " ++ secret)
  let (k, guess) = crackCaesar secret
  putStrLn ("cracked: key=" ++ show k ++ " -> " ++ guess)
  print (caesar 26 plain == plain, caesar (-3) (caesar 3 plain) == plain)
  putStrLn "== vigenere"
  let v = vigenere False "LEMON" "Attack at dawn! Attack at dawn!"
  putStrLn v
  putStrLn (vigenere True "LEMON" v)
  putStrLn "== run-length"
  let samples = ["WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW", "abc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "", "xxyyyzzzz"]
  mapM_ (\s -> do
            let e = rleString s
            putStrLn (show s ++ " -> " ++ show e ++ " -> ok=" ++ show (unRle e == s) ++ " ratio=" ++ show (length e) ++ "/" ++ show (length s)))
        samples
  print (rle "mississippi")
  putStrLn "== base64"
  let texts = ["", "f", "fo", "foo", "foob", "fooba", "foobar", "Man is distinguished", "héllo wörld ✓ 😀"]
  mapM_ (\t -> let e = base64 (utf8 t) in putStrLn (show t ++ " -> " ++ e ++ " " ++ show (unBase64 e == utf8 t))) texts
  putStrLn (base64 [0 .. 255])
  putStrLn "== burrows-wheeler"
  mapM_ (\t -> let r = bwt t in putStrLn (show t ++ " -> " ++ show r ++ " -> " ++ show (unBwt r))) ["banana$", "abracadabra$", "mississippi$", "SIX.MIXED.PIXIES.SIFT.SIXTY.PIXIE.DUST.BOXES$"]
  let (l, _) = bwt "SIX.MIXED.PIXIES.SIFT.SIXTY.PIXIE.DUST.BOXES$"
  putStrLn ("bwt then rle: " ++ rleString l)
  putStrLn "== letter frequencies"
  let freqs = sortOn (negate . fst) [(length g, head g) | g <- group (sort (map toLower (filter isAlpha plain)))]
  putStrLn (unwords [c : '=' : show n | (n, c) <- freqs])
  print (maximumBy (comparing fst) freqs)
