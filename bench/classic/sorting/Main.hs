-- sorting: list sorting algorithms on pseudo-random Ints (LCG): quicksort, merge sort
-- (top-down and bottom-up), insertion sort on short chunks, tree sort, and Data.List.sort;
-- all must agree. List-heavy: allocation of cons cells, comparisons, partitions.
module Main (main) where

import Data.List (foldl', sort)
import System.Environment (getArgs)

randoms :: Int -> Int -> [Int]
randoms n seed = take n (tail (iterate (\x -> (x * 1103515245 + 12345) `mod` 2147483648) seed))

quicksort :: [Int] -> [Int]
quicksort [] = []
quicksort (p : xs) = quicksort [x | x <- xs, x < p] ++ p : quicksort [x | x <- xs, x >= p]

mergeSort :: [Int] -> [Int]
mergeSort xs
  | length xs <= 1 = xs
  | otherwise = let (a, b) = splitAt (length xs `div` 2) xs in merge (mergeSort a) (mergeSort b)

merge :: [Int] -> [Int] -> [Int]
merge [] ys = ys
merge xs [] = xs
merge (x : xs) (y : ys)
  | x <= y = x : merge xs (y : ys)
  | otherwise = y : merge (x : xs) ys

bottomUp :: [Int] -> [Int]
bottomUp = mergeAll . map (: [])

mergeAll :: [[Int]] -> [Int]
mergeAll = go
  where
    go [] = []
    go [x] = x
    go xs = go (pairs xs)
    pairs (a : b : rest) = merge a b : pairs rest
    pairs xs = xs

insertionSort :: [Int] -> [Int]
insertionSort = foldr ins []
  where
    ins x [] = [x]
    ins x (y : ys) = if x <= y then x : y : ys else y : ins x ys

data Tree = Leaf | Node Tree Int Tree

treeSort :: [Int] -> [Int]
treeSort xs = flatten (foldl' (flip insert) Leaf xs) []
  where
    insert x Leaf = Node Leaf x Leaf
    insert x (Node l v r) = if x < v then Node (insert x l) v r else Node l v (insert x r)
    flatten Leaf acc = acc
    flatten (Node l v r) acc = flatten l (v : flatten r acc)

chunks :: Int -> [a] -> [[a]]
chunks _ [] = []
chunks k xs = let (a, b) = splitAt k xs in a : chunks k b

checksum :: [Int] -> Int
checksum = foldl' (\h x -> (h * 31 + x) `mod` 1000000007) 17

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      xs = randoms n 42
      s0 = sort xs
      results = [quicksort xs, mergeSort xs, bottomUp xs, treeSort xs]
      insChunks = map insertionSort (chunks 100 xs)
  print (checksum s0, take 5 s0, s0 !! (n `div` 2))
  print (map (== s0) results)
  print (mergeAll insChunks == s0, checksum (concat insChunks))
