-- wordfreq: text processing on stdin: lines, words, lower-casing with Data.Char, a word
-- frequency count in a hand-written binary search tree, the top words, line statistics
-- and a re-wrapped paragraph. The text is generated on stdin by the benchmark (the args
-- say how often to repeat it). List-heavy: String = [Char], Data.Char, Show.
module Main (main) where

import Data.Char (isAlpha, isUpper, toLower)
import Data.List (sortBy)
import System.Environment (getArgs)

data Tree = Leaf | Node Tree String !Int Tree

insertW :: String -> Tree -> Tree
insertW w Leaf = Node Leaf w 1 Leaf
insertW w (Node l k n r) = case compare w k of
  LT -> Node (insertW w l) k n r
  GT -> Node l k n (insertW w r)
  EQ -> Node l k (n + 1) r

toList :: Tree -> [(String, Int)]
toList t = go t []
  where
    go Leaf acc = acc
    go (Node l k n r) acc = go l ((k, n) : go r acc)

wrap :: Int -> [String] -> [String]
wrap width = go [] 0
  where
    go line _ [] = [unwords (reverse line) | not (null line)]
    go line len (w : ws)
      | null line = go [w] (length w) ws
      | len + 1 + length w > width = unwords (reverse line) : go [w] (length w) ws
      | otherwise = go (w : line) (len + 1 + length w) ws

main :: IO ()
main = do
  [a] <- getArgs
  input <- getContents
  let text = concat (replicate (read a) input)
      ls = lines text
      ws = map (map toLower . filter isAlpha) (words text)
      ws' = filter (not . null) ws
      tree = foldl (flip insertW) Leaf ws'
      freqs = toList tree
      top = take 12 (sortBy (\(w1, n1) (w2, n2) -> compare n2 n1 <> compare w1 w2) freqs)
  print (length ls, length ws', length freqs)
  mapM_ (\(w, n) -> putStrLn (w ++ " " ++ show n)) top
  print (maximum (map length ls), length (filter (any isUpper) ls))
  let wrapped = wrap 60 (words text)
  print (length wrapped, foldl (\h c -> (h * 31 + fromEnum c) `mod` 1000000007) 0 (unlines wrapped))
  mapM_ putStrLn (take 3 wrapped)
