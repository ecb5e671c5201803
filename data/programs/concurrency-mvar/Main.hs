-- Concurrency with deterministic results: MVar ping-pong between two
-- threads, a three-stage pipeline over Chans, a worker pool where each
-- worker owns a result MVar collected in order, an MVar-protected shared
-- counter, and exceptions propagated from a worker through an MVar.
-- All printing is done by one thread at a time under MVar hand-offs.
module Main (main) where

import Control.Concurrent
import Control.Exception (ErrorCall (..), SomeException, evaluate, try, throwIO)
import Control.Monad (forM, forM_, replicateM, replicateM_, when)

pingPong :: Int -> IO [String]
pingPong rounds = do
  toPong <- newEmptyMVar
  toPing <- newEmptyMVar
  logVar <- newMVar []
  done <- newEmptyMVar
  let say s = modifyMVar_ logVar (return . (s :))
  _ <- forkIO $ do
    forM_ [1 .. rounds] $ \i -> do
      n <- takeMVar toPong
      say ("pong " ++ show i ++ " got " ++ show n)
      putMVar toPing (n * 2)
    putMVar done ()
  forM_ [1 .. rounds] $ \i -> do
    putMVar toPong i
    r <- takeMVar toPing
    say ("ping " ++ show i ++ " got back " ++ show r)
  takeMVar done
  reverse <$> readMVar logVar

pipeline :: [Int] -> IO [String]
pipeline xs = do
  c1 <- newChan
  c2 <- newChan
  c3 <- newChan
  -- stage 1: square numbers, end marker Nothing
  _ <- forkIO $ do
    forM_ xs $ \x -> writeChan c1 (Just (x * x))
    writeChan c1 Nothing
  -- stage 2: keep odd squares, annotate
  _ <- forkIO $ let loop = do
                      m <- readChan c1
                      case m of
                        Nothing -> writeChan c2 Nothing
                        Just v -> do
                          when (odd v) $ writeChan c2 (Just (show v ++ " is an odd square"))
                          loop
                in loop
  -- stage 3: number the lines
  _ <- forkIO $ let loop k = do
                      m <- readChan c2
                      case m of
                        Nothing -> writeChan c3 Nothing
                        Just s -> writeChan c3 (Just (show k ++ ". " ++ s)) >> loop (k + 1 :: Int)
                in loop 1
  let collect acc = do
        m <- readChan c3
        case m of
          Nothing -> return (reverse acc)
          Just s -> collect (s : acc)
  collect []

collatzLen :: Int -> Int
collatzLen = go 1
  where
    go acc 1 = acc
    go acc n = go (acc + 1) (if even n then n `div` 2 else 3 * n + 1)

workerPool :: Int -> Int -> IO [(Int, Int, Int)]
workerPool workers limit = do
  results <- forM [0 .. workers - 1] $ \w -> do
    mv <- newEmptyMVar
    _ <- forkIO $ do
      let mine = [n | n <- [1 .. limit], n `mod` workers == w]
          best = maximum [(collatzLen n, n) | n <- mine]
      r <- evaluate best
      putMVar mv (w, snd r, fst r)
    return mv
  mapM takeMVar results

sharedCounter :: Int -> Int -> IO Int
sharedCounter threads perThread = do
  counter <- newMVar 0
  dones <- replicateM threads newEmptyMVar
  forM_ dones $ \d -> forkIO $ do
    replicateM_ perThread (modifyMVar_ counter (return . (+ 1)))
    putMVar d ()
  mapM_ takeMVar dones
  readMVar counter

failingWorker :: IO (Either SomeException Int)
failingWorker = do
  mv <- newEmptyMVar
  _ <- forkIO $ do
    r <- try (evaluate (sum [1 .. 10 :: Int] `div` 0) >> throwIO (ErrorCall "unreachable"))
    putMVar mv r
  takeMVar mv

main :: IO ()
main = do
  putStrLn "== ping-pong"
  pingPong 6 >>= mapM_ putStrLn
  putStrLn "== pipeline"
  pipeline [1 .. 20] >>= mapM_ putStrLn
  putStrLn "== worker pool"
  rs <- workerPool 4 30000
  forM_ rs $ \(w, n, len) -> putStrLn ("worker " ++ show w ++ ": longest chain below 30000 starts at " ++ show n ++ " (" ++ show len ++ " steps)")
  print (maximum [(len, n) | (_, n, len) <- rs])
  putStrLn "== shared counter"
  sharedCounter 8 1000 >>= print
  putStrLn "== exception from a worker"
  r <- failingWorker
  putStrLn (either (\e -> "worker failed: " ++ show e) show r)
  putStrLn "== MVar as a lock-protected queue"
  q <- newMVar ([] :: [Int])
  finished <- newEmptyMVar
  _ <- forkIO $ do
    forM_ [1 .. 10] $ \i -> modifyMVar_ q (return . (i :))
    putMVar finished ()
  takeMVar finished
  items <- takeMVar q
  print (reverse items)
  tryTakeMVar q >>= print
  ok <- tryPutMVar q [99]
  ok2 <- tryPutMVar q [100]
  readMVar q >>= \v -> print (ok, ok2, v)
  putStrLn "== chan with getChanContents"
  ch <- newChan
  _ <- forkIO (writeList2Chan ch [1 .. 10 :: Int])
  xs <- getChanContents ch
  print (takeWhile (<= 7) xs)
