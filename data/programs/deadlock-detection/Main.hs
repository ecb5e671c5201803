-- GHC's deadlock detection: when no thread can run, a collection finds the blocked threads
-- that nothing alive can wake, and each gets BlockedIndefinitelyOnMVar or
-- BlockedIndefinitelyOnSTM, oldest first. Forked threads catch theirs and report through
-- MVars the main thread waits on; the main thread is kept alive through a StablePtr in one
-- round and caught with the others in another; uncaught in a forked thread it is silent
-- (forkIO's handler ignores it); finally the main thread's own, uncaught (exit code 1).
-- (When every thread is blocked but all are reachable, GHC's non-threaded RTS waits for a
-- signal forever; no case here does that.)
module Main (main) where

import Control.Concurrent
import Control.Exception
import Control.Monad
import Foreign.StablePtr
import GHC.Conc
import System.IO

report :: Exception e => String -> Either e () -> String
report who r = who ++ ": " ++ either show (const "finished") r

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  -- 1. the main thread and a forked thread both blocked forever: both get the exception,
  -- the main thread first; the forked one's report arrives afterwards.
  res <- newEmptyMVar
  _ <- forkIO $ do
    r <- try (newEmptyMVar >>= takeMVar :: IO ())
    putMVar res (report "forked thread" (r :: Either BlockedIndefinitelyOnMVar ()))
  r1 <- try (takeMVar res)
  putStrLn ("main: " ++ either (\e -> show (e :: BlockedIndefinitelyOnMVar)) id r1)
  takeMVar res >>= putStrLn

  -- 2. the main thread waits on an MVar a StablePtr keeps alive: it is not deadlocked; three
  -- threads waiting in retry on TVars nobody else has are, and report in turn.
  done <- newEmptyMVar
  sp <- newStablePtr done
  forM_ [1 .. 3 :: Int] $ \i -> forkIO $ do
    tv <- newTVarIO i
    r <- try (atomically (readTVar tv >>= \v -> when (v < 10) retry))
    putMVar done (report ("stm waiter " ++ show i) (r :: Either BlockedIndefinitelyOnSTM ()))
  replicateM 3 (takeMVar done) >>= mapM_ putStrLn
  freeStablePtr sp

  -- 3. the main thread waits on an MVar a StablePtr keeps alive, as does a forked thread:
  -- neither is deadlocked. Of two threads blocked on MVars only they know, the uncaught one
  -- is silent (forkIO's handler ignores the exception) and the caught one wakes main.
  wake <- newEmptyMVar
  sp3 <- newStablePtr wake
  waiting <- newEmptyMVar
  sp2 <- newStablePtr waiting
  quiet <- newEmptyMVar
  _ <- forkIO (newEmptyMVar >>= takeMVar >> putStrLn "not reached")
  _ <- forkIO (takeMVar waiting >>= putStrLn >> putMVar quiet ())
  _ <- forkIO $ do
    r <- try (newEmptyMVar >>= takeMVar :: IO ())
    putMVar wake (report "caught waiter" (r :: Either BlockedIndefinitelyOnMVar ()))
  takeMVar wake >>= putStrLn
  putMVar waiting "the reachable waiter was left alone"
  takeMVar quiet
  freeStablePtr sp2
  freeStablePtr sp3

  -- 4. nothing left to wake the main thread: uncaught.
  hFlush stdout
  forever (newEmptyMVar >>= takeMVar :: IO ())
