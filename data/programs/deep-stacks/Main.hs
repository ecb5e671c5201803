-- Deep, non-tail recursion on the main thread and in forked threads: stacks grow (GHC's
-- default limit is 80% of physical memory; stgvm's --stack-size default is 512 MiB), many
-- threads each need only a little, and a finished thread's stack is given back. With the
-- argument "overflow" and a small limit (native -with-rtsopts=-K1m, stgvm --stack-size 1M)
-- deep recursions get StackOverflow, in the main thread and in a forked one, and the
-- program catches it and goes on.
module Main (main) where

import Control.Concurrent
import Control.Exception
import Control.Monad
import System.Environment (getArgs)

-- Non-tail recursive: one stack frame per element.
sumTo :: Int -> Integer
sumTo 0 = 0
sumTo n = fromIntegral n + sumTo (n - 1)

depthList :: Int -> Int
depthList n = foldr (\x acc -> x `mod` 7 + acc) 0 [1 .. n]

main :: IO ()
main = do
  args <- getArgs
  case args of
    ["overflow"] -> overflow
    (a : _) -> deep (read a)
    [] -> deep 1000000

overflow :: IO ()
overflow = do
  r <- try (evaluate (sumTo 1000000))
  putStrLn ("main thread: " ++ either (\e -> "caught " ++ show (e :: AsyncException)) show r)
  v <- newEmptyMVar
  _ <- forkIO (try (evaluate (depthList 1000000)) >>= putMVar v)
  takeMVar v >>= \x -> putStrLn ("forked thread: " ++ either (\e -> "caught " ++ show (e :: AsyncException)) show x)
  print (sumTo 10000)
  r2 <- try (evaluate (sumTo 2000000))
  putStrLn ("main thread again: " ++ either (\e -> "caught " ++ show (e :: AsyncException)) show r2)

deep :: Int -> IO ()
deep big = do
  -- Many threads, each recursing a little: 2000 small stacks, grown a few times each.
  results <- forM [1 .. 2000 :: Int] $ \i -> do
    v <- newEmptyMVar
    _ <- forkIO (putMVar v $! sumTo (100 + i))
    return v
  total <- sum <$> mapM takeMVar results
  putStrLn ("2000 threads: " ++ show total)
  -- A forked thread recursing deeply.
  v <- newEmptyMVar
  _ <- forkIO (putMVar v $! depthList (big `div` 2))
  takeMVar v >>= \r -> putStrLn ("forked deep foldr: " ++ show r)
  -- A thread whose deep recursion dies with an exception: its stack unwinds and is freed.
  e <- newEmptyMVar
  _ <- forkIO (try (evaluate (sumTo (big `div` 4) + error "boom")) >>= putMVar e)
  takeMVar e >>= \r -> putStrLn ("forked exception: " ++ either (\ex -> show (ex :: ErrorCall)) show r)
  -- The main thread recursing deeply.
  print (sumTo big)
  print (depthList (2 * big))
