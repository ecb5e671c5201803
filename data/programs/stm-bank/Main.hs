-- STM as GHC.Conc provides it (no stm package needed): bank transfers between TVar accounts
-- from many threads, `retry` blocking until another thread deposits, `orElse` choosing the
-- first account with funds, `check`, exceptions inside transactions (their writes are
-- discarded), throwSTM/catchSTM with the handler's writes kept, nested orElse/catchSTM,
-- registerDelay-free producer/consumer over a TVar queue, and readTVarIO.
-- Every printed line is decided by the program's logic, not by the schedule.
module Main (main) where

import Control.Concurrent
import Control.Exception
import Control.Monad
import GHC.Conc

data Bank = Bank { accounts :: [TVar Int], moves :: TVar Int }

check' :: Bool -> STM ()
check' b = if b then return () else retry

transfer :: Bank -> Int -> Int -> Int -> STM ()
transfer bank from to amount = do
  let a = accounts bank !! from
      b = accounts bank !! to
  x <- readTVar a
  check' (x >= amount)
  writeTVar a (x - amount)
  y <- readTVar b
  writeTVar b (y + amount)
  modifyTVar' (moves bank) (+ 1)

modifyTVar' :: TVar a -> (a -> a) -> STM ()
modifyTVar' t f = do
  v <- readTVar t
  writeTVar t $! f v

total :: Bank -> STM Int
total bank = sum <$> mapM readTVar (accounts bank)

data Overdraft = Overdraft Int deriving Show
instance Exception Overdraft

-- Withdraw from the first account that can pay (orElse), else retry.
withdrawAny :: [TVar Int] -> Int -> STM Int
withdrawAny tvs amount = foldr1 orElse [ pay i t | (i, t) <- zip [0 ..] tvs ] `orElse` retry
  where
    pay i t = do
      v <- readTVar t
      check' (v >= amount)
      writeTVar t (v - amount)
      return i

-- A bounded queue in one TVar: put retries when full, take when empty.
newtype Queue a = Queue (TVar [a])

putQ :: Int -> Queue a -> a -> STM ()
putQ cap (Queue t) x = do
  xs <- readTVar t
  when (length xs >= cap) retry
  writeTVar t (xs ++ [x])

takeQ :: Queue a -> STM a
takeQ (Queue t) = do
  xs <- readTVar t
  case xs of
    [] -> retry
    (y : ys) -> writeTVar t ys >> return y

main :: IO ()
main = do
  -- 1. many threads moving money around a ring: the total never changes
  accts <- mapM (newTVarIO . (* 100)) [1 .. 8]
  mv <- newTVarIO 0
  let bank = Bank accts mv
  dones <- forM [0 .. 7] $ \i -> do
    done <- newEmptyMVar
    _ <- forkIO $ do
      forM_ [1 .. 200 :: Int] $ \k ->
        atomically $ transfer bank i ((i + k) `mod` 8) (1 + (k * 7 + i) `mod` 13)
      putMVar done ()
    return done
  mapM_ takeMVar dones
  t <- atomically (total bank)
  n <- readTVarIO mv
  putStrLn ("ring: total " ++ show t ++ ", moves " ++ show n)

  -- 2. retry blocks until a deposit arrives
  acc <- newTVarIO (0 :: Int)
  got <- newEmptyMVar
  _ <- forkIO $ do
    v <- atomically $ do
      x <- readTVar acc
      check' (x >= 50)
      writeTVar acc (x - 50)
      return x
    putMVar got v
  forM_ [10, 20, 30] $ \d -> do
    atomically (modifyTVar' acc (+ d))
    yield
  v <- takeMVar got
  left <- readTVarIO acc
  putStrLn ("retry: withdrew 50 when the balance reached " ++ show v ++ ", left " ++ show left)

  -- 3. orElse picks the first account that can pay
  pots <- mapM newTVarIO [5, 40, 100 :: Int]
  picks <- forM [30, 30, 30, 30] $ \amt -> atomically (withdrawAny pots amt)
  rest <- mapM readTVarIO pots
  putStrLn ("orElse: paid from " ++ show picks ++ ", left " ++ show rest)

  -- 4. an exception inside atomically discards the transaction's writes
  tv <- newTVarIO (1 :: Int)
  r <- try $ atomically $ do
    writeTVar tv 999
    _ <- throwSTM (Overdraft 7)
    return ()
  after <- readTVarIO tv
  putStrLn ("throwSTM: " ++ show (r :: Either Overdraft ()) ++ ", tvar still " ++ show after)
  r2 <- try $ atomically $ do
    writeTVar tv 5
    when True $ error "boom"
  after2 <- readTVarIO tv
  putStrLn ("error in STM: " ++ either (\(ErrorCall m) -> m) (const "none") r2 ++ ", tvar " ++ show after2)

  -- 5. catchSTM: the body's writes are rolled back, the handler's kept
  log' <- newTVarIO ([] :: [String])
  res <- atomically $ do
    writeTVar log' ["outer"]
    (do modifyTVar' log' ("body" :)
        _ <- throwSTM (Overdraft 3)
        return "unreachable")
      `catchSTM` (\(Overdraft k) -> do
        modifyTVar' log' (("handler " ++ show k) :)
        return "caught")
  l <- readTVarIO log'
  putStrLn ("catchSTM: " ++ res ++ ", log " ++ show l)

  -- 6. nested orElse: a retrying branch's writes vanish, the next branch sees the old value
  c <- newTVarIO (10 :: Int)
  which <- atomically $
    (writeTVar c 11 >> retry)
      `orElse` ((readTVar c >>= \v -> writeTVar c (v + 100) >> check' (v > 50) >> return "second")
                  `orElse` (readTVar c >>= \v -> writeTVar c (v * 2) >> return ("third saw " ++ show v)))
  cv <- readTVarIO c
  putStrLn ("nested orElse: " ++ which ++ ", tvar " ++ show cv)

  -- 7. producer/consumer through a bounded TVar queue (capacity 3)
  q <- Queue <$> newTVarIO []
  sumv <- newEmptyMVar
  _ <- forkIO $ do
    let loop acc' 0 = putMVar sumv acc'
        loop acc' k = do
          x <- atomically (takeQ q)
          loop (acc' + x) (k - 1 :: Int)
    loop 0 100
  forM_ [1 .. 100 :: Int] $ \x -> atomically (putQ 3 q (x * x))
  s <- takeMVar sumv
  putStrLn ("queue: consumer summed " ++ show s)

  -- 8. several waiters on one TVar, all released by one write
  gate <- newTVarIO False
  counter <- newTVarIO (0 :: Int)
  fin <- newEmptyMVar
  forM_ [1 .. 5 :: Int] $ \i -> forkIO $ do
    atomically $ readTVar gate >>= check'
    atomically $ modifyTVar' counter (+ i)
    putMVar fin ()
  yield
  atomically (writeTVar gate True)
  replicateM_ 5 (takeMVar fin)
  readTVarIO counter >>= \k -> putStrLn ("gate: released waiters summed " ++ show k)

  -- 9. a TVar holding a lazy value, forced outside the transaction
  lazyTv <- newTVarIO (sum [1 .. 1000 :: Integer])
  atomically $ readTVar lazyTv >>= writeTVar lazyTv . (* 2)
  readTVarIO lazyTv >>= print
