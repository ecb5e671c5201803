-- Word frequency over standard input with Data.Map / Data.Set / Data.IntMap:
-- insertWith, alter, unionWith, foldrWithKey, toList, sort by count.
module Main (main) where

import Data.Char (isAlphaNum, isUpper, toLower)
import Data.List (sortBy)
import qualified Data.IntMap.Strict as IM
import qualified Data.Map.Strict as M
import qualified Data.Set as S
import Data.Ord (comparing, Down (..))

normalize :: String -> String
normalize = map toLower . dropWhileEnd' (not . isAlphaNum) . dropWhile (not . isAlphaNum)
  where
    dropWhileEnd' p = reverse . dropWhile p . reverse

main :: IO ()
main = do
  input <- getContents
  let ls = lines input
      ws = filter (not . null) (map normalize (words input))
      freq = foldr (\wd -> M.insertWith (+) wd (1 :: Int)) M.empty ws
      freq2 = foldl (\m wd -> M.alter (Just . maybe 1 (+ 1)) wd m) M.empty ws
      byLen = IM.fromListWith (+) [(length wd, 1 :: Int) | wd <- ws]
      vocab = S.fromList ws
      capitalized = S.fromList [normalize wd | wd <- words input, not (null wd), isUpper (head wd)]
  putStrLn ("lines: " ++ show (length ls) ++ ", words: " ++ show (length ws) ++ ", chars: " ++ show (length input))
  putStrLn ("distinct: " ++ show (M.size freq) ++ ", agree: " ++ show (freq == freq2) ++ ", set size: " ++ show (S.size vocab))
  putStrLn "-- top 15 words"
  let top = take 15 (sortBy (comparing (\(wd, c) -> (Down c, wd))) (M.toList freq))
  mapM_ (\(wd, c) -> putStrLn (pad 12 wd ++ show c ++ " " ++ replicate c '*')) top
  putStrLn "-- word lengths"
  mapM_ (\(l, c) -> putStrLn (show l ++ "\t" ++ show c)) (IM.toList byLen)
  putStrLn "-- words appearing once (first 20, alphabetical)"
  print (take 20 (M.keys (M.filter (== 1) freq)))
  putStrLn "-- capitalized words"
  print (S.toList capitalized)
  putStrLn "-- set operations"
  let firstHalf = S.fromList (concatMap (map normalize . words) (take 10 ls))
      secondHalf = S.fromList (concatMap (map normalize . words) (drop 10 ls))
  print (S.size (S.intersection firstHalf secondHalf), S.toList (S.intersection firstHalf secondHalf))
  print (S.size (S.difference firstHalf secondHalf), S.size (S.union firstHalf secondHalf))
  print (S.lookupMin vocab, S.lookupMax vocab, S.elemAt 10 vocab, S.member "interpreter" vocab)
  putStrLn "-- per-initial totals via foldrWithKey"
  let initials = M.foldrWithKey (\wd c acc -> M.insertWith (+) (head wd) c acc) M.empty freq
  putStrLn (unwords [c : ':' : show n | (c, n) <- M.toList initials])
  let merged = M.unionWith (+) freq (M.fromList [("the", 1000), ("zebra", 1)])
  print (M.lookup "the" merged, M.lookup "zebra" merged, M.findWithDefault 0 "unicorn" merged)
  print (M.lookupLE "m" freq, M.lookupGE "m" freq, fst <$> M.lookupMax freq)
  let (lo, mid, hi) = M.splitLookup "map" freq
  print (M.size lo, mid, M.size hi)
  print (M.foldr (+) 0 freq, sum (M.elems freq), M.foldlWithKey (\a k v -> a + length k * v) 0 freq)
  putStrLn "-- numbered lines (non-empty)"
  mapM_ (\(i, l) -> putStrLn (show i ++ ": " ++ l)) (filter (not . null . snd) (zip [1 :: Int ..] ls))
  where
    pad n s = s ++ replicate (n - length s) ' '
