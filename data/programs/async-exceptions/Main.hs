-- Asynchronous exceptions (throwTo / killThread) and masking, as GHC's RTS delivers them:
-- a masked target gets the exception only when it unmasks (the thrower waits until then),
-- an interruptible blocking operation (takeMVar) is interrupted even when masked, an
-- uninterruptibly masked one is not, a thread killed before it ever ran just ends, and
-- modifyMVar_ under repeated killThread never leaves its MVar empty.
module Main (main) where

import Control.Concurrent
import Control.Exception
import Control.Monad
import Data.IORef

report :: MVar [String] -> String -> IO ()
report logv s = modifyMVar_ logv (return . (s :))

main :: IO ()
main = do
  logv <- newMVar []
  let say = report logv

  -- 1. Killed before it ever ran: nothing happens, no message.
  t0 <- forkIO (say "t0 ran")
  killThread t0
  say "1: killed a thread before it ran"

  -- 2. A masked target finishes its masked section first; killThread returns after that.
  started <- newEmptyMVar
  finished <- newEmptyMVar
  t1 <- forkIO $ (mask_ $ do
            putMVar started ()
            let s = foldl (+) 0 [1 .. 300000 :: Int]
            s `seq` say ("2: masked section done, sum " ++ show s)
            yield
            say "2: still masked after yield") `catch` \e -> do
              say ("2: t1 got " ++ show (e :: AsyncException))
              putMVar finished ()
  takeMVar started
  killThread t1
  say "2: killThread returned"
  takeMVar finished

  -- 3. Masked (interruptibly) and blocked in takeMVar: interrupted at once.
  never <- newEmptyMVar :: IO (MVar ())
  ready <- newEmptyMVar
  done3 <- newEmptyMVar
  t2 <- forkIO $ mask_ (putMVar ready () >> takeMVar never) `catch` \e -> do
          say ("3: blocked masked takeMVar interrupted by " ++ show (e :: AsyncException))
          putMVar done3 ()
  takeMVar ready
  yield
  killThread t2
  takeMVar done3
  say "3: done"

  -- 4. Uninterruptibly masked and blocked: the exception waits until the MVar is filled
  -- and the mask is left.
  gate <- newEmptyMVar
  ready4 <- newEmptyMVar
  done4 <- newEmptyMVar
  killerDone <- newEmptyMVar
  t3 <- forkIO $ (do
          v <- uninterruptibleMask_ (putMVar ready4 () >> takeMVar gate)
          say ("4: took " ++ show (v :: Int) ++ " uninterruptibly")
          threadDelay 1000
          say "4: not reached") `catch` \e -> do
            say ("4: then got " ++ show (e :: AsyncException))
            putMVar done4 ()
  takeMVar ready4
  _ <- forkIO (killThread t3 >> say "4: killer returned" >> putMVar killerDone ())
  yield
  say "4: filling the gate"
  putMVar gate 42
  takeMVar done4
  takeMVar killerDone

  -- 5. modifyMVar_ is atomic with respect to killThread.
  counter <- newMVar (0 :: Int)
  workers <- forM [1 .. 4 :: Int] $ \_ -> forkIO $ forever $ modifyMVar_ counter (\n -> yield >> return (n + 1))
  forM_ [1 .. 20 :: Int] $ \_ -> yield
  mapM_ killThread workers
  n <- readMVar counter
  say ("5: counter readable after killing the workers: " ++ show (n >= 0))

  -- 6. throwTo a custom exception and catch it with its value; throwTo to oneself is
  -- synchronous even when masked.
  box <- newEmptyMVar
  ready6 <- newEmptyMVar
  t5 <- forkIO $ handle (\e -> putMVar box (show (e :: ErrorCall))) (putMVar ready6 () >> forever yield)
  takeMVar ready6
  throwTo t5 (ErrorCall "custom")
  takeMVar box >>= \s -> say ("6: " ++ s)
  me <- myThreadId
  r <- try (mask_ (throwTo me (ErrorCall "self") >> return "not thrown"))
  say ("6: self " ++ either (\e -> show (e :: ErrorCall)) id r)

  readMVar logv >>= mapM_ putStrLn . reverse
