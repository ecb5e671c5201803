-- Benchmark: binary-trees (benchmarks-game): allocation-heavy creation and
-- traversal of many perfect binary trees, with one long-lived tree.
-- Usage: binary-trees [MAXDEPTH]   (default 18, ~0.5 s natively at -O2;
-- the test suite passes a small depth via the `args` file)
module Main (main) where

import Control.Monad (forM_)
import Data.Bits (shiftL)
import System.Environment (getArgs)

data Tree = Nil | Node Tree Tree

-- the seed argument keeps GHC from sharing one tree between iterations
make :: Int -> Int -> Tree
make seed 0 = if seed == minBound then Nil else Node Nil Nil
make seed d = Node (make seed (d - 1)) (make seed (d - 1))

check :: Tree -> Int
check Nil = 0
check (Node l r) = 1 + check l + check r

-- a tree carrying values, built from an item number (older variant)
data ITree = ILeaf | INode ITree !Int ITree

makeI :: Int -> Int -> ITree
makeI i 0 = INode ILeaf i ILeaf
makeI i d = INode (makeI (2 * i - 1) (d - 1)) i (makeI (2 * i) (d - 1))

checkI :: ITree -> Int
checkI ILeaf = 0
checkI (INode l i r) = i + checkI l - checkI r

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a
        [] -> 18
      minDepth = 4
      maxDepth = max (minDepth + 2) n
      stretch = maxDepth + 1
  putStrLn ("stretch tree of depth " ++ show stretch ++ "\t check: " ++ show (check (make 0 stretch)))
  let long = make 1 maxDepth
  -- build the long-lived tree now; it stays reachable until the end
  check long `seq` return ()
  forM_ [minDepth, minDepth + 2 .. maxDepth] $ \d -> do
    let iters = 1 `shiftL` (maxDepth - d + minDepth) :: Int
        total = sum [check (make i d) | i <- [1 .. iters]]
        itotal = sum [checkI (makeI i d) + checkI (makeI (-i) d) | i <- [1 .. iters `div` 16]]
    putStrLn (show iters ++ "\t trees of depth " ++ show d ++ "\t check: " ++ show total ++ "\t item check: " ++ show itotal)
  putStrLn ("long lived tree of depth " ++ show maxDepth ++ "\t check: " ++ show (check long))
