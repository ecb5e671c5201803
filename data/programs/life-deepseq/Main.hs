{-# LANGUAGE BangPatterns #-}
-- Conway's Game of Life on an unbounded grid represented as a Data.Set of
-- live cells, with patterns (glider, R-pentomino, Gosper gun), bounding
-- boxes and ASCII rendering; Control.DeepSeq (NFData instances, force,
-- $!!, rnf, deepseq) is used to fully evaluate generations and records.
module Main (main) where

import Control.DeepSeq (NFData (..), deepseq, force, ($!!))
import Control.Exception (evaluate)
import qualified Data.Map.Strict as M
import qualified Data.Set as S

type Cell = (Int, Int)
type Board = S.Set Cell

data Stats = Stats { generation :: !Int, population :: Int, bbox :: (Cell, Cell), history :: [Int] }

instance NFData Stats where
  rnf (Stats g p b h) = rnf g `seq` rnf p `seq` rnf b `seq` rnf h

step :: Board -> Board
step live = S.fromList [c | (c, n) <- M.toList counts, n == 3 || (n == 2 && S.member c live)]
  where
    counts = M.fromListWith (+) [((x + dx, y + dy), 1 :: Int) | (x, y) <- S.toList live, dx <- [-1, 0, 1], dy <- [-1, 0, 1], (dx, dy) /= (0, 0)]

bounds :: Board -> (Cell, Cell)
bounds b
  | S.null b = ((0, 0), (0, 0))
  | otherwise = ((minimum xs, minimum ys), (maximum xs, maximum ys))
  where
    xs = map fst (S.toList b)
    ys = map snd (S.toList b)

render :: Board -> [String]
render b = [[if S.member (x, y) b then '#' else '.' | x <- [x0 .. x1]] | y <- [y0 .. y1]]
  where
    ((x0, y0), (x1, y1)) = bounds b

fromPicture :: [String] -> Board
fromPicture rows = S.fromList [(x, y) | (y, row) <- zip [0 ..] rows, (x, ch) <- zip [0 ..] row, ch == '#']

glider, rPentomino, gosper :: Board
glider = fromPicture [".#.", "..#", "###"]
rPentomino = fromPicture [".##", "##.", ".#."]
gosper = fromPicture
  [ "........................#..........."
  , "......................#.#..........."
  , "............##......##............##"
  , "...........#...#....##............##"
  , "##........#.....#...##.............."
  , "##........#...#.##....#.#..........."
  , "..........#.....#.......#..........."
  , "...........#...#...................."
  , "............##......................" ]

simulate :: Int -> Board -> (Board, Stats)
simulate n b0 = go 0 b0 []
  where
    go !g b hist
      | g == n = (b, Stats g (S.size b) (bounds b) (reverse hist))
      | otherwise = let b' = force (step b) in go (g + 1) b' (S.size b : hist)

main :: IO ()
main = do
  putStrLn "== glider"
  let gens = take 5 (iterate step glider)
  mapM_ (\(i, g) -> putStrLn ("gen " ++ show i ++ " " ++ show (S.toList g))) (zip [0 :: Int ..] gens)
  let (g20, _) = simulate 20 glider
  print (S.toList g20, bounds g20)
  mapM_ putStrLn (render g20)
  putStrLn "== r-pentomino"
  (rb, st) <- evaluate $!! simulate 200 rPentomino
  print (generation st, population st, bbox st)
  print (take 30 (history st))
  print (maximum (history st), sum (history st))
  let ((x0, y0), _) = bbox st
  print (S.size (S.filter (\(x, y) -> x - x0 < 20 && y - y0 < 20) rb))
  putStrLn "== gosper glider gun"
  let (gun, gst) = simulate 60 gosper
  gst `deepseq` putStrLn ("population after 60: " ++ show (population gst))
  mapM_ putStrLn (render gun)
  print (history gst)
  putStrLn "== blinker and block stability"
  let blinker = fromPicture ["###"]
      block = fromPicture ["##", "##"]
  print (step (step blinker) == blinker, step blinker == blinker, step block == block)
  let s = force (Stats 1 2 ((0, 0), (1, 1)) [1, 2, 3])
  print (generation s, history s)
  rnf (map show [1 .. 10 :: Int]) `seq` putStrLn "rnf done"
