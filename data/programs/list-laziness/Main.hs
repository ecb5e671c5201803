-- Prelude list functions and laziness: infinite lists, take/iterate/cycle,
-- knot-tying, foldr/foldl', zip3, span/break, words/unwords, lines.
module Main (main) where

import Data.List (foldl', sortBy, groupBy, transpose, intercalate, isPrefixOf,
                  isSuffixOf, isInfixOf, partition, tails, inits, unfoldr,
                  scanl', nub, sort, insert, delete, (\\), union, intersect,
                  genericLength)
import Data.Ord (comparing)
import Data.Function (on)

fibs :: [Integer]
fibs = 0 : 1 : zipWith (+) fibs (tail fibs)

primes :: [Int]
primes = 2 : filter isPrime [3, 5 ..]
  where
    isPrime n = all (\p -> n `mod` p /= 0) (takeWhile (\p -> p * p <= n) primes)

hamming :: [Integer]
hamming = 1 : merge3 (map (* 2) hamming) (map (* 3) hamming) (map (* 5) hamming)
  where
    merge3 a b c = merge a (merge b c)
    merge xx@(x:xs) yy@(y:ys)
      | x < y = x : merge xs yy
      | x > y = y : merge xx ys
      | otherwise = x : merge xs ys
    merge xs [] = xs
    merge [] ys = ys

-- Collatz lengths with a lazy memo list
collatzMemo :: [Int]
collatzMemo = map go [0 ..]
  where
    go :: Int -> Int
    go 0 = 0
    go 1 = 1
    go n
      | n < 1000 = 1 + nxt
      | otherwise = 1 + slow (step n)
      where
        nxt = let m = step n in if m < 1000 then collatzMemo !! m else slow m
    step n = if even n then n `div` 2 else 3 * n + 1
    slow m
      | m < 1000 = collatzMemo !! m
      | otherwise = 1 + slow (step m)

-- A circular structure built with let rec
data Node = Node { label :: Int, next :: Node }

ring :: Int -> Node
ring k = first
  where
    first = build 1
    build i
      | i == k = Node i first
      | otherwise = Node i (build (i + 1))

walk :: Int -> Node -> [Int]
walk 0 _ = []
walk n (Node l nx) = l : walk (n - 1) nx

-- Pascal's triangle via iterate
pascal :: [[Integer]]
pascal = iterate (\row -> zipWith (+) (0 : row) (row ++ [0])) [1]

text :: String
text = unlines
  [ "the quick brown fox jumps over the lazy dog"
  , "  pack my box   with five dozen liquor jugs  "
  , ""
  , "how vexingly quick daft zebras jump"
  , "sphinx of black quartz, judge my vow"
  ]

-- foldr that terminates on infinite list because of laziness
anyBig :: [Int] -> Bool
anyBig = foldr (\x acc -> x > 1000 || acc) False

main :: IO ()
main = do
  putStrLn "== infinite lists"
  print (take 30 fibs)
  print (fibs !! 200)
  print (take 25 primes)
  print (primes !! 1500)
  print (take 40 hamming)
  print (hamming !! 1500)
  print (take 12 (cycle [1 :: Int, 2, 3, 4, 5]))
  print (take 10 (iterate (* 3) (1 :: Int)))
  print (takeWhile (< 200) (map (^ (2 :: Int)) [1 :: Int ..]))
  print (take 5 (repeat 'x'), replicate 3 True)
  print (anyBig [1 ..])
  print (zip [1 :: Int ..] "lazy")
  print (take 8 (unfoldr (\(a, b) -> Just (a, (b, a + b))) (0 :: Int, 1)))
  putStrLn "== knot tying"
  print (map (collatzMemo !!) [1, 7, 27, 97, 871, 999])
  print (maximum (map (\i -> (collatzMemo !! i, i)) [1 .. 999]))
  print (walk 12 (ring 5))
  print (label (next (next (next (next (next (ring 3)))))))
  mapM_ print (take 8 pascal)
  print (sum (pascal !! 60))
  putStrLn "== folds"
  print (foldr (:) [] "abc", foldl (flip (:)) [] "abc")
  print (foldl' (+) 0 [1 .. 1000000 :: Int])
  print (foldr (\x acc -> x + 2 * acc) 0 [1 .. 20 :: Integer])
  print (scanl (+) 0 [1 .. 10 :: Int])
  print (scanl1 max [3, 1, 4, 1, 5, 9, 2, 6 :: Int])
  print (scanr (+) 0 [1 .. 5 :: Int], scanr1 (-) [1 .. 5 :: Int])
  print (take 6 (scanl' (*) 1 [1 :: Integer ..]))
  print (foldl1 (-) [10, 2, 3 :: Int], foldr1 (-) [10, 2, 3 :: Int])
  print (and [], or [], all even [2, 4 :: Int], any odd [2, 4 :: Int])
  print (concat [[1], [2, 3], [], [4 :: Int]], concatMap show [1 .. 12 :: Int])
  print (sum [] :: Int, product [1 .. 20 :: Int], maximum "hello", minimum [3.5, 2.5 :: Double])
  putStrLn "== zips and splits"
  print (zip3 [1 :: Int ..] "abc" [True, False, True, False])
  print (unzip3 [(1 :: Int, 'a', "x"), (2, 'b', "y")])
  print (zipWith3 (\a b c -> a * b + c) [1, 2, 3] [4, 5, 6] [7, 8, 9 :: Int])
  print (span even [2, 4, 6, 7, 8 :: Int], break (> 3) [1 .. 6 :: Int])
  print (splitAt 3 "haskell", splitAt (-1) "ab", splitAt 10 "ab")
  print (dropWhile (== ' ') "   trim", takeWhile (/= ',') "key,value")
  print (lookup 3 (zip [1 :: Int ..] "abcdef"), lookup 9 (zip [1 :: Int ..] "abc"))
  print (elem 3 [1, 2, 3 :: Int], notElem 'z' "abc", filter odd [1 .. 15 :: Int])
  print (reverse [1 .. 10 :: Int], last "last", init "init", null [], length "four")
  putStrLn "== strings"
  print (lines text)
  print (map words (lines text))
  print (unwords (words "  many   spaces here  "))
  putStr (unlines (map (unwords . reverse . words) (lines text)))
  print (lines "no newline at end", lines "a\n\nb\n", unlines ["x", "y"])
  print (words "\ttabs\tand\nnewlines ")
  putStrLn "== Data.List"
  print (sortBy (comparing negate) [3, 1, 4, 1, 5, 9, 2, 6 :: Int])
  print (map (\g -> (fst (head g), map snd g))
          (groupBy ((==) `on` fst) [(1 :: Int, 'a'), (1, 'b'), (2, 'c'), (3, 'd'), (3, 'e')]))
  print (transpose ["abc", "de", "fghi"])
  print (intercalate ", " ["one", "two", "three"])
  print ("ab" `isPrefixOf` "abc", "bc" `isSuffixOf` "abc", "xx" `isInfixOf` "axxb")
  print (partition even [1 .. 10 :: Int], take 4 (tails "abc"), inits "abc")
  print (nub [1, 1, 2, 3, 2, 4 :: Int], sort "mississippi", insert 4 [1, 3, 5, 7 :: Int])
  print (delete 3 [1, 3, 5, 3 :: Int], [1 .. 10] \\ [2, 4 .. 10 :: Int])
  print (union [1, 2, 3] [3, 4, 5 :: Int], intersect [1 .. 10] [5, 10 .. 50 :: Int])
  print (genericLength "genericLength" :: Integer)
  print [(x, y) | x <- [1 .. 4 :: Int], y <- "ab", odd x]
  print [x * y | x <- [1 .. 3], let y = x + 1, y /= (3 :: Int)]
  print (take 10 [(a, b, c) | c <- [1 ..], b <- [1 .. c], a <- [1 .. b], a * a + b * b == (c * c :: Int)])
  print ([1, 3 .. 11 :: Int], [10, 8 .. 1 :: Int], ['a' .. 'f'], [1.0, 1.5 .. 3.0 :: Double])
