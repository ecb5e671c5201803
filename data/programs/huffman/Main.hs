-- Huffman coding: frequency counting with Data.Map, a priority queue built
-- on Data.Set, code table construction, bit-level encoding packed into
-- bytes (Word8), decoding, and a canonical-code variant.
module Main (main) where

import Data.Bits (setBit, testBit)
import Data.List (foldl', sortBy)
import qualified Data.Map.Strict as M
import Data.Ord (comparing)
import qualified Data.Set as S
import Data.Word (Word8)

data HTree = HLeaf Int Char | HNode Int HTree HTree
  deriving Show

weight :: HTree -> Int
weight (HLeaf w _) = w
weight (HNode w _ _) = w

-- Set elements need a total order; use (weight, sequence number, tree id)
build :: M.Map Char Int -> Maybe HTree
build freqs
  | M.null freqs = Nothing
  | otherwise = Just (go initial (M.size freqs))
  where
    initial = S.fromList [((w, i), Tagged t) | (i, (c, w)) <- zip [0 ..] (M.toList freqs), let t = HLeaf w c]
    go q next = case S.minView q of
      Nothing -> error "empty queue"
      Just (((_, _), Tagged t), rest) -> case S.minView rest of
        Nothing -> t
        Just (((_, _), Tagged u), rest') ->
          let n = HNode (weight t + weight u) t u
          in go (S.insert ((weight n, next), Tagged n) rest') (next + 1)

newtype Tagged = Tagged HTree
instance Eq Tagged where _ == _ = True
instance Ord Tagged where compare _ _ = EQ

codes :: HTree -> M.Map Char [Bool]
codes (HLeaf _ c) = M.singleton c [False]
codes t = M.fromList (go t [])
  where
    go (HLeaf _ c) acc = [(c, reverse acc)]
    go (HNode _ l r) acc = go l (False : acc) ++ go r (True : acc)

encode :: M.Map Char [Bool] -> String -> [Bool]
encode table = concatMap (table M.!)

decode :: HTree -> Int -> [Bool] -> String
decode (HLeaf _ c) n _ = replicate n c
decode t n bits = go t n bits
  where
    go _ 0 _ = []
    go (HLeaf _ c) k bs = c : go t (k - 1) bs
    go (HNode _ l r) k (b : bs) = go (if b then r else l) k bs
    go (HNode _ _ _) _ [] = error "ran out of bits"

pack :: [Bool] -> [Word8]
pack [] = []
pack bs = let (byte, rest) = splitAt 8 bs
          in foldl' (\w (i, b) -> if b then setBit w (7 - i) else w) 0 (zip [0 ..] byte) : pack rest

unpack :: Int -> [Word8] -> [Bool]
unpack n ws = take n [testBit w (7 - i) | w <- ws, i <- [0 .. 7]]

canonical :: M.Map Char [Bool] -> [(Char, String)]
canonical table = go 0 0 sorted
  where
    sorted = sortBy (comparing (\(c, l) -> (l, c))) [(c, length bs) | (c, bs) <- M.toList table]
    go _ _ [] = []
    go code prevLen ((c, l) : rest) =
      let code' = code * 2 ^ (l - prevLen)
      in (c, toBits l code') : go (code' + 1) l rest
    toBits l v = [if testBit (v :: Int) i then '1' else '0' | i <- [l - 1, l - 2 .. 0]]

report :: String -> IO ()
report text = do
  let freqs = M.fromListWith (+) [(c, 1) | c <- text]
  case build freqs of
    Nothing -> putStrLn "empty input"
    Just tree -> do
      let table = codes tree
          bits = encode table text
          packed = pack bits
          decoded = decode tree (length text) (unpack (length bits) packed)
      putStrLn ("input: " ++ show (take 60 text) ++ (if length text > 60 then "..." else ""))
      putStrLn ("  symbols " ++ show (M.size freqs) ++ ", chars " ++ show (length text) ++ ", bits " ++ show (length bits) ++ ", bytes " ++ show (length packed) ++ " (vs " ++ show (length text) ++ ")")
      putStrLn ("  round trip ok: " ++ show (decoded == text))
      putStrLn ("  first bytes: " ++ show (take 12 packed))
      let avg = fromIntegral (length bits) / fromIntegral (length text) :: Double
          entropy = negate (sum [p * logBase 2 p | w <- M.elems freqs, let p = fromIntegral w / fromIntegral (length text)]) :: Double
      putStrLn ("  avg bits/char " ++ show (fromIntegral (round (avg * 1000) :: Int) / 1000 :: Double) ++ ", entropy " ++ show (fromIntegral (round (entropy * 1000) :: Int) / 1000 :: Double))
      mapM_ (\(c, code) -> putStrLn ("    " ++ show c ++ " x" ++ show (freqs M.! c) ++ " -> " ++ code)) (take 12 (canonical table))

main :: IO ()
main = do
  report "abracadabra"
  report "aaaaaaaaaa"
  report "this is an example of a huffman tree"
  report (concat (replicate 30 "It was the best of times, it was the worst of times. "))
  report (take 5000 (cycle (concatMap (\(c, k) -> replicate k c) (zip ['a' ..] [1, 2, 4, 8, 16, 32, 64 :: Int]))))
  report ""
  report "λλλ→→😀 unicode symbols"
