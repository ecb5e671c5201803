-- STM and the scheduler: killThread of a thread waiting in `retry` (its transaction is
-- discarded, its handler sees ThreadKilled), a thread woken only when a TVar it read
-- changes (writes to other TVars do not wake it), masking state inside transactions,
-- atomically nested through unsafePerformIO (GHC raises "atomically was nested"), an
-- exception out of catchSTM's handler, BlockedIndefinitelyOnSTM caught in the main thread,
-- threadStatus of blocked threads, and finally an uncaught one (stderr message, exit code 1).
module Main (main) where

import Control.Concurrent
import Control.Exception
import GHC.Conc
import System.IO
import System.IO.Unsafe (unsafePerformIO)

check' :: Bool -> STM ()
check' b = if b then return () else retry

data Oops = Oops String deriving Show
instance Exception Oops

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  -- 1. a thread killed while it waits in retry
  t <- newTVarIO (0 :: Int)
  other <- newTVarIO (0 :: Int)
  res <- newEmptyMVar
  tid <- forkIO $
    (atomically (do writeTVar other 42
                    v <- readTVar t
                    check' (v > 0))
       >> putMVar res "woke")
      `catch` \e -> putMVar res ("killed: " ++ show (e :: AsyncException))
  yield
  killThread tid
  takeMVar res >>= putStrLn
  readTVarIO other >>= \o -> putStrLn ("the killed transaction's write is gone: " ++ show o)

  -- 2. woken by a write to a TVar it read, not by writes elsewhere
  wakes <- newTVarIO (0 :: Int)
  flag <- newTVarIO False
  noise <- newTVarIO (0 :: Int)
  done <- newEmptyMVar
  waiter <- forkIO $ do
    atomically $ do
      modifyTVar' wakes (+ 1)
      readTVar flag >>= check'
    putMVar done ()
  yield
  threadStatus waiter >>= \st -> putStrLn ("waiter: " ++ show st)
  mapM_ (\k -> atomically (writeTVar noise k) >> yield) [1 .. 5]
  atomically (writeTVar flag True)
  takeMVar done
  readTVarIO noise >>= \n -> putStrLn ("noise writes: " ++ show n ++ ", waiter done")
  threadStatus waiter >>= \st -> putStrLn ("waiter: " ++ show st)
  mv <- newEmptyMVar :: IO (MVar ())
  mtid <- forkIO (takeMVar mv)
  yield
  threadStatus mtid >>= \st -> putStrLn ("MVar taker: " ++ show st)
  putMVar mv ()

  -- 3. masking state inside a transaction follows the caller's
  s1 <- atomically (return ()) >> getMaskingState
  s2 <- mask_ (atomically (unsafeIOToSTM getMaskingState))
  s3 <- uninterruptibleMask_ (atomically (unsafeIOToSTM getMaskingState))
  putStrLn ("masking: " ++ show [s1, s2, s3])

  -- 4. atomically inside a transaction (through unsafePerformIO)
  r <- try (atomically (readTVar t >>= \v -> return $! unsafePerformIO (atomically (return (v + 1)))))
  putStrLn ("nested atomically: " ++ either (\e -> show (e :: SomeException)) show r)

  -- 5. an exception thrown by catchSTM's handler leaves the whole transaction
  r2 <- try $ atomically $ do
    writeTVar t 7
    (throwSTM (Oops "first") >> return ()) `catchSTM` \(Oops m) -> throwSTM (Oops ("handler after " ++ m))
  v <- readTVarIO t
  putStrLn ("handler exception: " ++ show (r2 :: Either Oops ()) ++ ", tvar " ++ show v)

  -- 6. nobody can ever write the TVar: BlockedIndefinitelyOnSTM
  r3 <- try (atomically (readTVar t >>= check' . (> 100)))
  putStrLn ("caught: " ++ either (\e -> show (e :: BlockedIndefinitelyOnSTM)) (const "nothing") r3)
  hFlush stdout
  atomically retry
  putStrLn "not reached"
  where
    modifyTVar' tv f = readTVar tv >>= \x -> writeTVar tv $! f x
