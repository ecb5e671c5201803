-- Sleeping threads and timeouts (the non-threaded RTS's delay#): sleepers wake in the order
-- of their wake-up times, whatever order they went to sleep in; System.Timeout.timeout
-- around a blocked thread, an endless loop, a quick action and nested timeouts; the
-- monotonic clock across a sleep; CPU time (getCPUTime) counts work, not sleep; a sleeping thread's status and killThread waking it; a
-- thread blocked on an MVar that only a sleeper will fill is not deadlocked.
-- Every outcome holds with a wide margin natively, so the output does not depend on timing.
module Main (main) where

import Control.Concurrent
import Control.Exception
import Control.Monad
import Data.IORef
import Data.List (foldl')
import System.CPUTime (cpuTimePrecision, getCPUTime)
import GHC.Clock (getMonotonicTime)
import GHC.Conc (threadStatus)
import System.IO
import System.Timeout

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering

  -- 1. five sleepers, forked in one order, wake in the order of their delays
  done <- newEmptyMVar
  forM_ [100, 20, 80, 40, 60 :: Int] $ \ms -> forkIO $ do
    threadDelay (ms * 1000)
    putStrLn ("woke after " ++ show ms ++ " ms")
    putMVar done ()
  replicateM_ 5 (takeMVar done)

  -- 2. timeouts
  timeout 50000 (return (42 :: Int)) >>= print
  timeout 20000 (newEmptyMVar >>= takeMVar :: IO ()) >>= print
  counter <- newIORef (0 :: Int)
  r <- timeout 20000 (forever (modifyIORef' counter (+ 1)) :: IO ())
  n <- readIORef counter
  putStrLn ("endless loop: " ++ show r ++ ", it ran: " ++ show (n > 0))
  timeout 100000 (threadDelay 10000 >> return "done") >>= print
  timeout 50000 (timeout 10000 (threadDelay 30000)) >>= print
  timeout 10000 (timeout 50000 (threadDelay 30000)) >>= print
  timeout (-1) (return "negative: no limit") >>= print
  timeout 0 (return "zero: at once") >>= print

  -- 3. the monotonic clock across a sleep
  t0 <- getMonotonicTime
  threadDelay 30000
  t1 <- getMonotonicTime
  putStrLn ("slept at least 30 ms: " ++ show (t1 - t0 >= 0.03) ++ ", less than a second: " ++ show (t1 - t0 < 1))

  -- CPU time: a busy loop counts, a sleep (almost) does not
  c0 <- getCPUTime
  _ <- evaluate (foldl' (+) 0 [1 .. 2000000 :: Int])
  c1 <- getCPUTime
  threadDelay 200000
  c2 <- getCPUTime
  putStrLn ("cpu time: the loop counted: " ++ show (c1 > c0) ++ ", a 200 ms sleep counted under 100 ms: "
            ++ show (c2 - c1 < 100000000000) ++ ", precision within (0, 1 ms]: "
            ++ show (cpuTimePrecision > 0 && cpuTimePrecision <= 1000000000))

  -- 4. a sleeping thread's status; killThread wakes it with the exception
  ready <- newEmptyMVar
  finished <- newEmptyMVar
  sleeper <- forkIO $ do
    r4 <- try (putMVar ready () >> threadDelay 1000000000)
    putStrLn ("sleeper: " ++ either (\e -> show (e :: AsyncException)) (const "woke up") r4)
    putMVar finished ()
  takeMVar ready
  yield
  threadStatus sleeper >>= print
  killThread sleeper
  takeMVar finished

  -- 5. the main thread waits on an MVar only a sleeping thread will fill: no deadlock
  box <- newEmptyMVar
  _ <- forkIO (threadDelay 30000 >> putMVar box "filled by the sleeper")
  takeMVar box >>= putStrLn

  -- 6. masked, a sleeping thread is still interruptible
  caught <- newEmptyMVar
  masked <- newEmptyMVar
  t6 <- forkIO $ mask_ $ do
    putMVar masked ()
    r6 <- try (threadDelay 1000000000)
    putMVar caught ("masked sleeper: " ++ either (\e -> show (e :: ErrorCall)) (const "woke up") r6)
  takeMVar masked
  yield
  throwTo t6 (ErrorCall "interrupted")
  takeMVar caught >>= putStrLn

  -- 7. a thread still asleep when main returns does not keep the program alive
  _ <- forkIO (threadDelay maxBound >> putStrLn "not reached")
  putStrLn "main done"
