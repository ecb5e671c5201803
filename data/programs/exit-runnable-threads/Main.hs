-- Threads still runnable when main returns: GHC's hs_exit runs base's flushStdHandles in a
-- new thread at the end of the run queue (rts_evalIO), so they run first and their output
-- is flushed; threads blocked at that point never run and get no exception.
module Main where

import Control.Concurrent
import Control.Monad

main :: IO ()
main = do
  baton <- newEmptyMVar
  never <- newEmptyMVar
  results <- newMVar []
  forM_ [1 .. 4 :: Int] $ \i -> forkIO $ do
    takeMVar baton
    s <- evaluateSum i
    modifyMVar_ results (return . (s :))
    putStrLn ("worker " ++ show i ++ " ran after main returned: " ++ show s)
    putMVar baton ()  -- the next worker's turn
  _ <- forkIO (takeMVar never >> putStrLn "blocked forever: never printed")
  threadDelay 1000  -- every worker is now blocked on the baton
  n <- length <$> readMVar results
  putStrLn ("main returns with " ++ show n ++ " results; workers still waiting")
  putMVar baton ()
  where
    evaluateSum i = return $! sum [1 .. i * 1000]
