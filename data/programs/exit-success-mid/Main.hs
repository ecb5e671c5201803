{-# LANGUAGE ScopedTypeVariables #-}
-- exitSuccess in the middle of a loop: the ExitSuccess exception passes
-- through handlers for other exception types, runs `finally` handlers, and
-- the program exits with code 0 with all buffered output flushed.
module Main (main) where

import Control.Exception (ArithException, catch, finally)
import Control.Monad (forM_, when)
import System.Exit (exitSuccess)
import System.IO (BufferMode (..), hPutStrLn, hSetBuffering, stderr, stdout)

collatz :: Int -> Int
collatz 1 = 0
collatz n = 1 + collatz (if even n then n `div` 2 else 3 * n + 1)

main :: IO ()
main = do
  hSetBuffering stdout (BlockBuffering (Just 4096))
  putStrLn "searching for the first n with a Collatz chain longer than 100"
  (forM_ [1 :: Int ..] $ \n -> do
      let c = collatz n
      when (n `mod` 5 == 0) $ putStrLn ("  n=" ++ show n ++ " steps=" ++ show c)
      when (c > 100) $ do
        putStrLn ("found n=" ++ show n ++ " with " ++ show c ++ " steps")
        hPutStrLn stderr "calling exitSuccess"
        exitSuccess
      ) `catch` (\(e :: ArithException) -> putStrLn ("arith handler must not run: " ++ show e))
        `finally` putStrLn "finally handler runs during exit"
  putStrLn "this line must not be printed"
