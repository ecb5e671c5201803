-- life: Conway's Game of Life on an unbounded board (in the spirit of nofib spectral/
-- life): the live cells are a sorted list of coordinates; each generation counts
-- neighbours by sorting and grouping the candidate cells. Starts from an R-pentomino and
-- an acorn. List-heavy: sort, group, merges, tuples.
module Main (main) where

import Data.List (group, sort)
import System.Environment (getArgs)

type Cell = (Int, Int)

step :: [Cell] -> [Cell]
step live = [c | (c, n, alive) <- counted, n == 3 || (n == 2 && alive)]
  where
    neighbours = sort [(x + dx, y + dy) | (x, y) <- live, dx <- [-1, 0, 1], dy <- [-1, 0, 1], (dx, dy) /= (0, 0)]
    counted = annotate (map (\g -> (head g, length g)) (group neighbours)) live
    -- merge the (sorted) neighbour counts with the (sorted) live cells
    annotate [] _ = []
    annotate ((c, n) : rest) ls =
      let ls' = dropWhile (< c) ls
       in (c, n, case ls' of (l : _) -> l == c; [] -> False) : annotate rest ls'

shape :: [String] -> Int -> Int -> [Cell]
shape rows ox oy = sort [(ox + x, oy + y) | (y, row) <- zip [0 ..] rows, (x, ch) <- zip [0 ..] row, ch == '#']

bbox :: [Cell] -> (Int, Int, Int, Int)
bbox cs = (minimum (map fst cs), minimum (map snd cs), maximum (map fst cs), maximum (map snd cs))

main :: IO ()
main = do
  [a] <- map read <$> getArgs
  let start = sort (shape [".##", "##.", ".#."] 0 0 ++ shape [".#.....", "...#...", "##..###"] 40 25)
      gens = iterate step start
      pops = map length (take (a + 1) gens)
      final = gens !! a
  print (take 20 pops)
  print (last pops, maximum pops, bbox final)
  print (foldl (\h (x, y) -> (h * 31 + x * 7 + y) `mod` 1000000007) 0 final)
