-- exitWith from main with threads still runnable: base's top handler flushes the std
-- Handles, then shutdownHaskellAndExit runs hs_exit, which runs flushStdHandles in a new
-- thread behind them, so they run first and their output still appears (then exit 3).
module Main where

import Control.Concurrent
import Control.Exception
import Control.Monad
import System.Exit
import System.IO

main :: IO ()
main = do
  baton <- newEmptyMVar
  forM_ "abc" $ \c -> forkIO $ do
    takeMVar baton
    putStrLn ("thread " ++ [c] ++ " ran during exit")
    hPutStrLn stderr ("thread " ++ [c] ++ " on stderr")
    putMVar baton ()
  threadDelay 1000
  putStrLn "main exits with code 3"
  putMVar baton ()
  _ <- exitWith (ExitFailure 3) `catch` \e -> do
    putStrLn ("main saw " ++ show (e :: ExitCode) ++ ", rethrows it")
    throwIO e
  putStrLn "not reached"
