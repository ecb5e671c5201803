{-# LANGUAGE ScopedTypeVariables #-}
-- More deterministic concurrency: a bounded buffer built from MVars with
-- one producer and one consumer, forkFinally reporting results, killThread
-- of a thread blocked on an MVar (its handler signals back), a QSem used as
-- a turnstile with strictly ordered hand-offs, and a token ring of threads.
module Main (main) where

import Control.Concurrent
import Control.Exception (AsyncException (..), Exception, SomeException, catch, finally, fromException, throwIO)
import Control.Monad (forM, forM_, replicateM)

-- bounded buffer: a list in an MVar plus two counting "slots" via MVars
data Buffer a = Buffer { contents :: MVar [a], capacity :: Int, notEmpty :: MVar (), notFull :: MVar () }

newBuffer :: Int -> IO (Buffer a)
newBuffer cap = Buffer <$> newMVar [] <*> pure cap <*> newEmptyMVar <*> newEmptyMVar

putB :: Buffer a -> a -> IO ()
putB b x = do
  xs <- takeMVar (contents b)
  if length xs >= capacity b
    then putMVar (contents b) xs >> takeMVar (notFull b) >> putB b x
    else do
      putMVar (contents b) (xs ++ [x])
      _ <- tryPutMVar (notEmpty b) ()
      return ()

takeB :: Buffer a -> IO a
takeB b = do
  xs <- takeMVar (contents b)
  case xs of
    [] -> putMVar (contents b) [] >> takeMVar (notEmpty b) >> takeB b
    (y : ys) -> do
      putMVar (contents b) ys
      _ <- tryPutMVar (notFull b) ()
      return y

tokenRing :: Int -> Int -> IO [String]
tokenRing n rounds = do
  boxes <- replicateM n newEmptyMVar
  logV <- newMVar []
  done <- newEmptyMVar
  forM_ [0 .. n - 1] $ \i -> forkIO $ do
    let inbox = boxes !! i
        outbox = boxes !! ((i + 1) `mod` n)
        loop = do
          tok <- takeMVar inbox
          if tok >= n * rounds
            then putMVar done tok
            else do
              modifyMVar_ logV (return . (("thread " ++ show i ++ " passes " ++ show tok) :))
              putMVar outbox (tok + 1)
              loop
    loop
  putMVar (head boxes) 0
  final <- takeMVar done
  ls <- readMVar logV
  return (reverse ls ++ ["final token " ++ show final])

main :: IO ()
main = do
  putStrLn "== bounded buffer"
  buf <- newBuffer 3
  finished <- newEmptyMVar
  _ <- forkIO $ do
    forM_ [1 .. 25 :: Int] $ \i -> putB buf (i * i)
    putB buf (-1)
  _ <- forkIO $ do
    let loop acc = do
          v <- takeB buf
          if v < 0 then putMVar finished (reverse acc) else loop (v : acc)
    loop []
  got <- takeMVar finished
  print got
  print (sum got, length got)
  putStrLn "== forkFinally"
  results <- forM [10, 0, 5 :: Int] $ \d -> do
    mv <- newEmptyMVar
    _ <- forkFinally (if d == 0 then throwIO DivideByZero' else return (100 `div` d)) (putMVar mv)
    return mv
  forM_ results $ \mv -> do
    r <- takeMVar mv
    putStrLn (either (\(e :: SomeException) -> "thread failed: " ++ show e) (("thread result: " ++) . show) r)
  putStrLn "== killThread"
  blocker <- newEmptyMVar :: IO (MVar ())
  started <- newEmptyMVar
  report <- newEmptyMVar
  tid <- forkIO $ (putMVar started () >> takeMVar blocker) `catch` \(e :: SomeException) ->
    putMVar report ("blocked thread received: " ++ show (fromException e :: Maybe AsyncException))
  takeMVar started
  killThread tid
  takeMVar report >>= putStrLn
  putStrLn "== QSem turnstile"
  sem <- newQSem 0
  order <- newMVar []
  gates <- replicateM 4 newEmptyMVar
  forM_ (zip [1 :: Int ..] gates) $ \(i, g) -> forkIO $ do
    takeMVar g
    modifyMVar_ order (return . (i :))
    signalQSem sem
  forM_ (reverse gates) $ \g -> putMVar g () >> waitQSem sem
  readMVar order >>= print . reverse
  putStrLn "== token ring"
  tokenRing 5 3 >>= mapM_ putStrLn
  (putStrLn "main finishing" >> return ()) `finally` putStrLn "finalizer ran"

data DivideByZero' = DivideByZero' deriving Show
instance Exception DivideByZero'
