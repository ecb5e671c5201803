-- Data.Array dynamic programming: lazy self-referential arrays for LCS,
-- edit distance, coin change, matrix-chain; accumArray histograms, (//),
-- ixmap, 2-D bounds, and matrix multiplication.
module Main (main) where

import Data.Array

lcs :: String -> String -> (Int, String)
lcs xs ys = (table ! (0, 0), walk 0 0)
  where
    n = length xs
    m = length ys
    xa = listArray (0, n - 1) xs
    ya = listArray (0, m - 1) ys
    table = array ((0, 0), (n, m)) [((i, j), f i j) | i <- [0 .. n], j <- [0 .. m]] :: Array (Int, Int) Int
    f i j
      | i == n || j == m = 0
      | xa ! i == ya ! j = 1 + table ! (i + 1, j + 1)
      | otherwise = max (table ! (i + 1, j)) (table ! (i, j + 1))
    walk i j
      | i == n || j == m = []
      | xa ! i == ya ! j = xa ! i : walk (i + 1) (j + 1)
      | table ! (i + 1, j) >= table ! (i, j + 1) = walk (i + 1) j
      | otherwise = walk i (j + 1)

editDistance :: String -> String -> Int
editDistance a b = d ! (la, lb)
  where
    la = length a
    lb = length b
    aa = listArray (1, la) a
    ba = listArray (1, lb) b
    d = listArray ((0, 0), (la, lb)) [dist i j | i <- [0 .. la], j <- [0 .. lb]] :: Array (Int, Int) Int
    dist i 0 = i
    dist 0 j = j
    dist i j = minimum [d ! (i - 1, j) + 1, d ! (i, j - 1) + 1, d ! (i - 1, j - 1) + (if aa ! i == ba ! j then 0 else 1)]

coinWays :: [Int] -> Int -> Integer
coinWays coins target = table ! (length coins, target)
  where
    ca = listArray (1, length coins) coins
    table = array ((0, 0), (length coins, target))
      [((i, t), ways i t) | i <- [0 .. length coins], t <- [0 .. target]] :: Array (Int, Int) Integer
    ways _ 0 = 1
    ways 0 _ = 0
    ways i t = table ! (i - 1, t) + (if t >= ca ! i then table ! (i, t - ca ! i) else 0)

minCoins :: [Int] -> Int -> Maybe Int
minCoins coins target = best ! target
  where
    best = listArray (0, target) (map go [0 .. target]) :: Array Int (Maybe Int)
    go 0 = Just 0
    go t = case [c + 1 | coin <- coins, coin <= t, Just c <- [best ! (t - coin)]] of
      [] -> Nothing
      cs -> Just (minimum cs)

matrixChain :: [Int] -> Int
matrixChain dims = cost ! (1, n)
  where
    n = length dims - 1
    p = listArray (0, n) dims
    cost = array ((1, 1), (n, n)) [((i, j), c i j) | i <- [1 .. n], j <- [1 .. n]] :: Array (Int, Int) Int
    c i j
      | i >= j = 0
      | otherwise = minimum [cost ! (i, k) + cost ! (k + 1, j) + p ! (i - 1) * p ! k * p ! j | k <- [i .. j - 1]]

type Matrix = Array (Int, Int) Integer

mmul :: Matrix -> Matrix -> Matrix
mmul a b = array ((1, 1), (n, m)) [((i, j), sum [a ! (i, k) * b ! (k, j) | k <- [1 .. p]]) | i <- [1 .. n], j <- [1 .. m]]
  where
    (_, (n, p)) = bounds a
    (_, (_, m)) = bounds b

mpow :: Matrix -> Int -> Matrix
mpow m 1 = m
mpow m k
  | even k = let h = mpow m (k `div` 2) in mmul h h
  | otherwise = mmul m (mpow m (k - 1))

showMatrix :: Matrix -> [String]
showMatrix m = [unwords [pad (show (m ! (i, j))) | j <- [c0 .. c1]] | i <- [r0 .. r1]]
  where
    ((r0, c0), (r1, c1)) = bounds m
    width = maximum (map (length . show) (elems m))
    pad s = replicate (width - length s) ' ' ++ s

-- longest increasing subsequence, O(n^2) with an array
lis :: [Int] -> [Int]
lis xs = reverse (build best)
  where
    n = length xs
    a = listArray (0, n - 1) xs
    t = listArray (0, n - 1) [go i | i <- [0 .. n - 1]] :: Array Int (Int, Int)
    go i = maximum ((1, -1) : [(fst (t ! j) + 1, j) | j <- [0 .. i - 1], a ! j < a ! i])
    best = snd (maximum [(fst (t ! i), i) | i <- [0 .. n - 1]])
    build (-1) = []
    build i = a ! i : build (snd (t ! i))

main :: IO ()
main = do
  putStrLn "== LCS / edit distance"
  mapM_ (\(x, y) -> print (x, y, lcs x y, editDistance x y))
    [ ("AGGTAB", "GXTXAYB"), ("kitten", "sitting"), ("intention", "execution")
    , ("", "abc"), ("haskell", "haskell"), ("the quick brown fox", "a quick brown dog jumps") ]
  let s1 = take 300 (cycle "ACGTTGCAAGCT")
      s2 = take 280 (cycle "TGCATGCCAGT")
  print (fst (lcs s1 s2), editDistance s1 s2)
  putStrLn "== coins"
  print (coinWays [1, 2, 5, 10, 20, 50, 100, 200] 200, coinWays [1, 5, 10, 25, 50, 100] 1000)
  print (map (minCoins [1, 5, 10, 25]) [0, 3, 30, 99], minCoins [7, 11] 5, minCoins [7, 11] 40)
  putStrLn "== matrix chain / power"
  print (matrixChain [40, 20, 30, 10, 30], matrixChain [10, 20, 30, 40, 30], matrixChain [1, 2, 3, 4, 3, 2, 5, 30, 7, 8])
  let fibm = listArray ((1, 1), (2, 2)) [1, 1, 1, 0] :: Matrix
  print (mpow fibm 90 ! (1, 2), mpow fibm 300 ! (1, 2))
  let m3 = listArray ((1, 1), (3, 3)) [2, -1, 0, -1, 2, -1, 0, -1, 2] :: Matrix
  mapM_ putStrLn (showMatrix (mpow m3 7))
  putStrLn "== array operations"
  let arr = listArray (0, 9) [i * i | i <- [0 .. 9]] :: Array Int Int
  print arr
  print (bounds arr, arr ! 7, sum (elems arr), indices arr == [0 .. 9])
  print (arr // [(0, 100), (9, -1)])
  print (accum (+) arr [(i `mod` 10, i) | i <- [0 .. 25]])
  print (accumArray (+) 0 ('a', 'z') [(c, 1 :: Int) | c <- "the quick brown fox jumps over the lazy dog", c /= ' '])
  print (ixmap (0, 4 :: Int) (\i -> 9 - 2 * i) arr, fmap negate (listArray (1 :: Int, 3) [1, 2, 3 :: Int]))
  let grid = listArray ((0, 0), (3, 4)) [r * 10 + c | r <- [0 .. 3], c <- [0 .. 4]] :: Array (Int, Int) Int
  print (bounds grid, grid ! (2, 3), [grid ! (r, r) | r <- [0 .. 3]], rangeSize (bounds grid))
  print (range ((0, 0), (1, 2 :: Int)) :: [(Int, Int)], inRange (bounds grid) (4, 0), index ((0, 0), (3, 4)) (2 :: Int, 1 :: Int))
  let transposed = ixmap ((0, 0), (4, 3)) (\(i, j) -> (j, i)) grid
  print (elems transposed)
  print (listArray (False, True) "ny", (listArray ((0, 0, 0), (1, 1, 1)) [1 .. 8] :: Array (Int, Int, Int) Int) ! (1, 0, 1))
  putStrLn "== LIS"
  let xs = take 60 (iterate (\x -> (x * 37 + 11) `mod` 101) 7)
  print xs
  let l = lis xs
  print (length l, l)
