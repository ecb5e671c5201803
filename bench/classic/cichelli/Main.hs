-- cichelli: a minimal perfect hash for a list of keywords by Cichelli's method (in the
-- spirit of nofib spectral/cichelli): hash w = length w + g(first letter) + g(last
-- letter); the letter values g are found by backtracking search, keywords ordered so that
-- frequent letters are fixed first. Symbolic search: association lists, Maybe, recursion.
module Main (main) where

import Data.List (sortBy)
import Data.Ord (comparing)
import System.Environment (getArgs)

keywords :: [String]
keywords =
  [ "and", "array", "begin", "case", "const", "div", "do", "downto", "else", "end", "file"
  , "for", "function", "goto", "if", "in", "label", "mod", "nil", "not", "of", "or"
  , "packed", "procedure", "program", "record", "repeat", "set", "then", "to", "type"
  , "until", "var", "while", "with", "xor", "shl", "shr", "string", "unit" ]

type Assoc = [(Char, Int)]

ends :: String -> (Char, Char)
ends w = (head w, last w)

-- order: by the frequency of the keyword's end letters (most frequent first), then move
-- each keyword whose letters are already covered by earlier ones forward
order :: [String] -> [String]
order ws = reorder [] (sortBy (comparing (negate . score)) ws)
  where
    freq c = length [() | w <- ws, fst (ends w) == c] + length [() | w <- ws, snd (ends w) == c]
    score w = let (a, b) = ends w in freq a + freq b
    reorder _ [] = []
    reorder seen (w : rest) =
      let (a, b) = ends w
          seen' = a : b : seen
          (now, later) = span' (\v -> let (x, y) = ends v in x `elem` seen' && y `elem` seen') rest
       in w : now ++ reorder (seen' ++ concatMap (\v -> let (x, y) = ends v in [x, y]) now) later
    span' p xs = (filter p xs, filter (not . p) xs)

-- search: returns the letter values and the number of nodes visited
search :: Int -> Int -> [String] -> (Maybe Assoc, Int)
search maxVal tableSize ws = go ws [] [] 0
  where
    go [] assoc _ n = (Just assoc, n + 1)
    go (w : rest) assoc used n =
      let (a, b) = ends w
          len = length w
          tryVals c as = case lookup c as of
            Just _ -> [as]
            Nothing -> [(c, v) : as | v <- [0 .. maxVal]]
          candidates = [as2 | as1 <- tryVals a assoc, as2 <- tryVals b as1]
          attempt [] k = (Nothing, k)
          attempt (as : more) k = k `seq`
            let Just ga = lookup a as
                Just gb = lookup b as
                h = len + ga + gb
             in if h < tableSize && h `notElem` used
                  then case go rest as (h : used) k of
                    (Just r, k') -> (Just r, k')
                    (Nothing, k') -> attempt more k'
                  else attempt more (k + 1)
       in attempt candidates (n + 1)

main :: IO ()
main = do
  [a, b, c] <- map read <$> getArgs
  let ws = order (take a keywords)
      (res, nodes) = search b (a + c) ws
  print ws
  case res of
    Nothing -> putStrLn ("no solution; nodes " ++ show nodes)
    Just assoc -> do
      let g ch = maybe 0 id (lookup ch assoc)
          table = sortBy (comparing snd) [(w, length w + g (head w) + g (last w)) | w <- ws]
      print (sortBy (comparing fst) assoc)
      print table
      print nodes
