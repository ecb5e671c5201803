-- Transactions longer than a time slice: the scheduler preempts them like any code, and a
-- transaction whose TVars another thread's commit changed meanwhile starts again (GHC
-- validates a descheduled thread's transaction), so a transaction that polls a TVar ends, and
-- a long transaction between two reads of TVars that always change together never commits
-- an inconsistent view.
import Control.Concurrent
import Control.Monad
import GHC.Conc

main :: IO ()
main = do
  -- polling inside one transaction: only running it again shows the new value
  flag <- newTVarIO False
  done <- newEmptyMVar
  _ <- forkIO $ do
    threadDelay 2000
    atomically (writeTVar flag True)
    putMVar done ()
  -- (it ends in a run that finds the flag set at once: the count starts again from 0)
  n <- atomically (poll flag 0)
  putStrLn ("poll ended, polls in the last run: " ++ show n)
  takeMVar done

  -- a writer changes two TVars together while readers run long transactions between reads
  a <- newTVarIO (0 :: Int)
  b <- newTVarIO 0
  stop <- newTVarIO False
  writerDone <- newEmptyMVar
  _ <- forkIO $ do
    forM_ [1 .. 100] $ \i -> do
      atomically (writeTVar a i >> writeTVar b i)
      threadDelay 200
    atomically (writeTVar stop True)
    putMVar writerDone ()
  results <- newEmptyMVar
  forM_ [1 .. 3 :: Int] $ \r -> forkIO $ reader a b stop 0 0 >>= putMVar results . (,) r
  outs <- replicateM 3 (takeMVar results)
  forM_ (map snd outs) $ \(_, bad) -> putStrLn ("reader: inconsistent views committed: " ++ show bad)
  takeMVar writerDone
  readTVarIO a >>= print
  readTVarIO b >>= print
  where
    poll :: TVar Bool -> Integer -> STM Integer
    poll flag k = do
      v <- readTVar flag
      if v then return k else poll flag (k + 1)
    reader :: TVar Int -> TVar Int -> TVar Bool -> Int -> Int -> IO (Int, Int)
    reader a b stop rounds bad = do
      (s, ok) <- atomically $ do
        x <- readTVar a
        let w = sum [1 .. 3000 + toInteger x]  -- long work between the two reads
        w `seq` return ()
        y <- readTVar b
        s <- readTVar stop
        return (s, x == y)
      let bad' = if ok then bad else bad + 1
      if s then return (rounds, bad') else reader a b stop (rounds + 1) bad'
