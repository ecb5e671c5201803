{-# LANGUAGE BangPatterns #-}
-- Laziness and knot-tying: repmin in one pass (circular program), a
-- circular doubly-linked list, lazy memo tables (list and function-indexed
-- trie), fix, irrefutable patterns, where-bound infinite structures,
-- undefined fields never forced, seq/$!/bang patterns and a lazy state
-- machine over an infinite input.
module Main (main) where

import Data.Function (fix)
import Data.List (foldl')
import qualified Data.Map as M

-- repmin: replace every leaf by the minimum, in a single traversal
data Tree = Leaf Int | Fork Tree Tree deriving Show

repmin :: Tree -> Tree
repmin t = t'
  where
    (t', m) = go t
    go (Leaf x) = (Leaf m, x)
    go (Fork l r) = let (l', ml) = go l
                        (r', mr) = go r
                    in (Fork l' r', min ml mr)

-- circular doubly linked list
data DNode = DNode { prev :: DNode, val :: Int, next :: DNode }

mkRing :: [Int] -> DNode
mkRing [] = error "empty ring"
mkRing (x : xs) = first
  where
    (first, lastN) = build lastN x xs first
    build p v [] nxt = let n = DNode p v nxt in (n, n)
    build p v (y : ys) nxt = let n = DNode p v rest
                                 (rest, l) = build n y ys nxt
                             in (n, l)

forward, backward :: Int -> DNode -> [Int]
forward k n = take k (map val (iterate next n))
backward k n = take k (map val (iterate prev n))

-- memo via an infinite lazy trie over naturals
data NatTrie a = NatTrie a (NatTrie a) (NatTrie a)

trie :: (Int -> a) -> NatTrie a
trie f = go 0 1
  where
    go !i !s = NatTrie (f i) (go (i + s) (2 * s)) (go (i + 2 * s) (2 * s))

-- lookup index n in the trie built by `trie`: node (i, s) has children (i+s, 2s) and (i+2s, 2s)
untrie :: NatTrie a -> Int -> a
untrie t0 n0 = go t0 0 1
  where
    go (NatTrie v l r) i s
      | i == n0 = v
      | (n0 - i) `mod` (2 * s) == s = go l (i + s) (2 * s)
      | otherwise = go r (i + 2 * s) (2 * s)

memoFix :: ((Int -> a) -> Int -> a) -> Int -> a
memoFix f = memo
  where
    memo = untrie t
    t = trie (f memo)

-- number of partitions of n (Euler's pentagonal recurrence), memoised
partitions :: Int -> Integer
partitions = memoFix p
  where
    p _ 0 = 1
    p rec n = sum [ sign k * rec (n - g) | k <- takeWhile (\k -> pent k <= n) [1 ..], g <- [pent k, pent k + k], g <= n ]
      where
        pent k = k * (3 * k - 1) `div` 2
        sign k = if odd k then 1 else -1

-- lazy list memo: number of ways to climb n stairs with steps 1,2,3
stairs :: [Integer]
stairs = 1 : 1 : 2 : zipWith3 (\a b c -> a + b + c) stairs (tail stairs) (drop 2 stairs)

-- fix-based definitions
factorial :: Integer -> Integer
factorial = fix (\rec n -> if n <= 1 then 1 else n * rec (n - 1))

onesAndTwos :: [Int]
onesAndTwos = fix (\xs -> 1 : 2 : xs)

-- irrefutable patterns: lazy unzip of an infinite list
lazyUnzip :: [(a, b)] -> ([a], [b])
lazyUnzip = foldr (\(a, b) ~(as, bs) -> (a : as, b : bs)) ([], [])

-- a record with a field that is never forced
data Config = Config { name :: String, size :: Int, secret :: Int }

-- a lazy Mealy machine reading an infinite input stream
runningMax :: [Int] -> [Int]
runningMax = tail . scanl max minBound

-- mutual knot between two maps: each value refers to the other map lazily
evenOddMaps :: (M.Map Int Bool, M.Map Int Bool)
evenOddMaps = (evens, odds)
  where
    evens = M.fromList [(n, n == 0 || odds M.! (n - 1)) | n <- [0 .. 50]]
    odds = M.fromList [(n, n /= 0 && evens M.! (n - 1)) | n <- [0 .. 50]]

-- lazy evaluation lets us define a structure in terms of its own result size
selfAware :: [Int]
selfAware = let xs = map (* length xs) [1 .. 5] in xs

main :: IO ()
main = do
  putStrLn "== repmin"
  let t = Fork (Fork (Leaf 5) (Leaf 3)) (Fork (Leaf 8) (Fork (Leaf 2) (Leaf 9)))
  print (repmin t)
  let big = foldr (\i acc -> Fork (Leaf ((i * 7919) `mod` 10007)) acc) (Leaf 5000) [1 .. 2000 :: Int]
      leaves (Leaf x) = [x]
      leaves (Fork l r) = leaves l ++ leaves r
  print (take 5 (leaves (repmin big)), length (leaves (repmin big)))
  putStrLn "== circular doubly linked list"
  let ring = mkRing [1 .. 7]
  print (forward 16 ring)
  print (backward 16 ring)
  print (val (next (prev (next (next ring)))), forward 3 (prev ring))
  putStrLn "== lazy memo"
  print (map partitions [0 .. 20])
  print (partitions 200, partitions 500)
  print (take 15 stairs, stairs !! 100)
  print (factorial 25, take 7 onesAndTwos)
  let (as, bs) = lazyUnzip [(i, i * i) | i <- [1 :: Int ..]]
  print (take 5 as, take 5 bs)
  let cfg = Config { name = "demo", size = 3, secret = error "secret must never be forced" }
      cfg2 = cfg { size = 4 }
  print (name cfg, size cfg2)
  print (take 10 (runningMax (cycle [3, 1, 4, 1, 5, 9, 2, 6])))
  print (M.lookup 37 (fst evenOddMaps), M.lookup 37 (snd evenOddMaps), M.lookup 50 (fst evenOddMaps))
  print selfAware
  putStrLn "== strictness"
  let !s = foldl' (+) 0 [1 .. 200000 :: Int]
  print s
  print (length [undefined, undefined :: Int], fst (1 :: Int, undefined :: Int), const 'k' (undefined :: Int))
  let xs = [1, 2, error "element three", 4] :: [Int]
  print (length xs, take 2 xs, xs !! 3)
  print ((\x -> x `seq` "seq ok") (Just (undefined :: Int)))
  print (snd (foldr (\x (c, acc) -> (c + 1, x : acc)) (0 :: Int, []) "knot"))
  let lazyPair = let (a, b) = (b + 1, 10 :: Int) in (a, b)
  print lazyPair
  print (takeWhile (< 60) (map fst (iterate (\(a, b) -> (b, a + b)) (0 :: Int, 1))))
  let primes = sieve [2 ..] where sieve (p : ps) = p : sieve [q | q <- ps, q `mod` p /= 0]; sieve [] = []
  print (takeWhile (< 100) primes :: [Int])
