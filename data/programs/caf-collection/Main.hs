-- CAFs are collected when no live code can enter them any more (GHC's static reference
-- tables), and kept while some can. Runs in constant space natively; the corpus also runs
-- it under a 16 MiB heap limit (-M16m / --max-heap 16M), where keeping `bigList` (about
-- 24 MB once walked) would be a heap overflow.
import Control.Exception (evaluate)
import Data.IORef
import Data.List (foldl')
import System.Mem (performGC)

-- Walked once, by the first line of main: nothing refers to it afterwards.
{-# NOINLINE bigList #-}
bigList :: [Int]
bigList = [1 .. 600000]

-- Used by a function that stays alive: must survive every collection.
{-# NOINLINE squares #-}
squares :: [Int]
squares = map (\i -> i * i) [0 .. 999]

{-# NOINLINE square #-}
square :: Int -> Int
square i = squares !! i

-- A CAF reached only through another CAF, and one reached through a static constructor.
{-# NOINLINE greeting #-}
greeting :: String
greeting = "hello from " ++ show (length squares) ++ " squares"

{-# NOINLINE message #-}
message :: String
message = map succ (reverse greeting)

{-# NOINLINE pairs #-}
pairs :: (String, Int)
pairs = (message, 42)

-- A second big CAF, walked while a later line still needs its length: kept until then.
{-# NOINLINE medium #-}
medium :: [Int]
medium = [1 .. 200000]

main :: IO ()
main = do
  print (foldl' (+) 0 bigList)
  performGC
  ref <- newIORef square
  performGC
  f <- readIORef ref
  print (sum (map f [0, 7 .. 999]))
  print (foldl' (+) 0 (map (\i -> f (i `mod` 1000)) [1 .. 3000]))
  performGC
  putStrLn (fst pairs)
  print (snd pairs)
  n <- evaluate (foldl' (+) 0 medium)
  performGC
  print (n, length medium)
