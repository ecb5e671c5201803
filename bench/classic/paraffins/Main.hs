-- paraffins: counting the isomers of the paraffins C_nH_(2n+2) (in the spirit of nofib
-- spectral/paraffins): small sizes by building every radical as a tree (canonical
-- multisets of sub-radicals) and combining them around a centre, all sizes up to N by
-- Polya counting on power series of Integers. List- and Integer-heavy.
module Main (main) where

import System.Environment (getArgs)

-- a radical: H, or a carbon with three sub-radicals in non-decreasing canonical order
data Radical = H | C Radical Radical Radical deriving (Eq, Ord)

size :: Radical -> Int
size H = 0
size (C a b c) = 1 + size a + size b + size c

-- radicals !! k = every radical with k carbons (each exactly once)
radicals :: [[Radical]]
radicals = [H] : map build [1 ..]
  where
    build n =
      [ C a b c
      | i <- [0 .. n - 1], j <- [i .. n - 1 - i], let k = n - 1 - i - j, k >= j
      , a <- radicals !! i, b <- radicals !! j, b >= (if i == j then a else b)
      , c <- radicals !! k, c >= (if j == k then b else c) ]

-- paraffins of n carbons: bond-centred (two radicals of n/2) plus carbon-centred (four
-- radicals each smaller than n/2, as a canonical multiset)
paraffinsBuilt :: Int -> Int
paraffinsBuilt n = bcp + ccp
  where
    bcp = if even n then let r = length (radicals !! (n `div` 2)) in r * (r + 1) `div` 2 else 0
    half = (n - 1) `div` 2
    ccp = length
      [ ()
      | i <- [0 .. half], j <- [i .. half], k <- [j .. half], let l = n - 1 - i - j - k, l >= k, l <= half
      , a <- radicals !! i, b <- radicals !! j, b >= (if i == j then a else b)
      , c <- radicals !! k, c >= (if j == k then b else c)
      , d <- radicals !! l, d >= (if k == l then c else d) ]

-- power series as lists of Integer coefficients
type Series = [Integer]

mul :: Int -> Series -> Series -> Series
mul n xs ys = [sum [x * y | (x, y) <- zip (take (k + 1) xs) (reverse (take (k + 1) ys))] | k <- [0 .. n]]

scale :: Int -> Series -> Series
scale k xs = concatMap (\x -> x : replicate (k - 1) 0) xs

-- r(n): radicals with n carbons; R = 1 + x (R^3 + 3 R(x) R(x^2) + 2 R(x^3)) / 6
radicalCounts :: Int -> Series
radicalCounts n = rs
  where
    rs = 1 : [coef k | k <- [1 .. n]]
    coef k =
      let t = take k rs -- coefficients 0..k-1 are enough for x^(k-1)
          t2 = take k (scale 2 t ++ repeat 0)
          t3 = take k (scale 3 t ++ repeat 0)
          at m s = s !! m
          cube = at (k - 1) (mul (k - 1) t (mul (k - 1) t t))
          mixed = at (k - 1) (mul (k - 1) t t2)
          triple = at (k - 1) t3
       in (cube + 3 * mixed + 2 * triple) `div` 6

-- paraffins: carbon-centred (Z(S4) on radicals of size <= (n-1)/2, coefficient of x^(n-1))
-- plus bond-centred for even n
paraffinCounts :: Int -> [Integer]
paraffinCounts n = [count m | m <- [1 .. n]]
  where
    rs = radicalCounts n
    count m =
      let half = (m - 1) `div` 2
          t = take m (take (half + 1) rs ++ repeat 0)
          sc k = take m (scale k t ++ repeat 0)
          c = m - 1
          p = mul c
          x1_4 = p t (p t (p t t))
          x1_2x2 = p (p t t) (sc 2)
          x2_2 = p (sc 2) (sc 2)
          x1x3 = p t (sc 3)
          x4 = sc 4
          ccp = (x1_4 !! c + 6 * x1_2x2 !! c + 3 * x2_2 !! c + 8 * x1x3 !! c + 6 * x4 !! c) `div` 24
          bcp = if even m then let r = rs !! (m `div` 2) in r * (r + 1) `div` 2 else 0
       in ccp + bcp

main :: IO ()
main = do
  [a, b] <- map read <$> getArgs
  let built = map paraffinsBuilt [1 .. a]
      counted = paraffinCounts b
  print built
  print (map (length . (radicals !!)) [0 .. a], all (all (\(k, r) -> size r == k)) [[(k, r) | r <- radicals !! k] | k <- [0 .. a]])
  print (map fromIntegral built == take a counted)
  print (take 20 counted)
  print (last counted, length (show (last counted)))
