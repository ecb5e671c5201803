-- knights: knight's tours on an N x N board (in the spirit of nofib spectral/knights):
-- depth-first search with Warnsdorff's rule (fewest onward moves first) and backtracking,
-- from every square of the first rows, and all tours from a corner of a small board by
-- plain exhaustive search; the board is an immutable list of rows.
-- Symbolic search: lists, tuples, sorting by keys.
module Main (main) where

import Data.List (sortBy)
import Data.Ord (comparing)
import System.Environment (getArgs)

type Sq = (Int, Int)

moves :: Int -> Sq -> [Sq]
moves n = movesOn (n, n)

-- on a board of rows x cols
movesOn :: (Int, Int) -> Sq -> [Sq]
movesOn (rows, cols) (r, c) =
  [ (r', c') | (dr, dc) <- [(1, 2), (2, 1), (2, -1), (1, -2), (-1, -2), (-2, -1), (-2, 1), (-1, 2)]
  , let r' = r + dr, let c' = c + dc, r' >= 0, r' < rows, c' >= 0, c' < cols ]

-- visited squares as a sorted list of rows, each a sorted list of columns
type Visited = [[Int]]

isVisited :: Visited -> Sq -> Bool
isVisited vs (r, c) = c `elem` (vs !! r)

visit :: Visited -> Sq -> Visited
visit vs (r, c) = [if i == r then ins row else row | (i, row) <- zip [0 ..] vs]
  where
    ins row = let (lo, hi) = span (< c) row in lo ++ c : hi

-- first tour found (as a list of squares), with the number of search nodes
tour :: Int -> Int -> Sq -> (Maybe [Sq], Int)
tour n limit start = go (visit (replicate n []) start) [start] 1 0
  where
    go vs path@(here : _) k nodes
      | k == n * n = (Just (reverse path), nodes + 1)
      | nodes > limit = (Nothing, nodes)
      | otherwise = tryAll (sortBy (comparing fst) [(degree vs m, m) | m <- free vs here]) (nodes + 1)
      where
        tryAll [] ns = (Nothing, ns)
        tryAll ((_, m) : rest) ns = case go (visit vs m) (m : path) (k + 1) ns of
          (Just p, ns') -> (Just p, ns')
          (Nothing, ns') -> tryAll rest ns'
    go _ [] _ nodes = (Nothing, nodes)
    free vs sq = filter (not . isVisited vs) (moves n sq)
    degree vs sq = length (free vs sq)

-- every tour from a square of a rows x cols board by plain depth-first search
countTours :: (Int, Int) -> Sq -> Int
countTours dims@(rows, cols) start = go (visit (replicate rows []) start) start 1
  where
    go vs here k
      | k == rows * cols = 1
      | otherwise = sum [go (visit vs m) m (k + 1) | m <- movesOn dims here, not (isVisited vs m)]

valid :: Int -> [Sq] -> Bool
valid n p = length p == n * n && and (zipWith (\a b -> b `elem` moves n a) p (tail p)) && distinct p
  where
    distinct [] = True
    distinct (x : xs) = x `notElem` xs && distinct xs

main :: IO ()
main = do
  [a, b, c] <- map read <$> getArgs
  let n = a
      starts = [(r, c) | r <- [0 .. b - 1], c <- [0 .. n - 1]]
      results = [(s, tour n 20000 s) | s <- starts]
  mapM_
    ( \(s, (res, nodes)) -> case res of
        Just p -> putStrLn (show s ++ ": tour, " ++ show nodes ++ " nodes, ends " ++ show (last p) ++ ", valid " ++ show (valid n p))
        Nothing -> putStrLn (show s ++ ": none within " ++ show nodes ++ " nodes")
    )
    results
  print [(sq, countTours (3, c) sq) | sq <- [(0, 0), (0, 1), (1, 0), (1, 1)]]
  print (countTours (4, 5) (0, 0), countTours (4, 5) (1, 1))
