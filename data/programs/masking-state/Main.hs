-- Masking state as GHC's RTS keeps it (rts/Exception.cmm, rts/RaiseAsync.c), printed with
-- getMaskingState: inside catch handlers entered from every masking state, under nested
-- mask/uninterruptibleMask/unsafeUnmask, `interruptible`, in bracket's acquire/release,
-- in forkIO/forkIOWithUnmask children, after throwTo to oneself, and in handlers of
-- asynchronous exceptions delivered to a thread blocked in takeMVar while masked.
module Main (main) where

import Control.Concurrent
import Control.Exception
import GHC.IO (unsafeUnmask)
import System.IO

data E = E deriving Show
instance Exception E

say :: String -> IO ()
say tag = getMaskingState >>= \s -> putStrLn (tag ++ ": " ++ show s)

handlerState :: String -> (IO () -> IO ()) -> IO ()
handlerState tag wrap = wrap (throwIO E) `catch` \E -> say tag

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  say "top"
  -- handlers: catch called from each state, throw from each state
  handlerState "handler, catch unmasked" id
  mask_ (handlerState "handler, catch masked" id)
  uninterruptibleMask_ (handlerState "handler, catch uninterruptible" id)
  handlerState "handler, thrown under mask_" mask_
  handlerState "handler, thrown under uninterruptibleMask_" uninterruptibleMask_
  mask_ (handlerState "handler, catch masked, thrown unmasked" unsafeUnmask)
  say "after handlers"
  -- nesting
  mask $ \restore -> do
    say "mask"
    restore (say "mask/restore")
    uninterruptibleMask_ $ do
      say "mask/uninterruptibleMask_"
      unsafeUnmask (say "mask/uninterruptibleMask_/unsafeUnmask")
      interruptible (say "mask/uninterruptibleMask_/interruptible")
    interruptible (say "mask/interruptible")
  uninterruptibleMask $ \restore -> do
    say "uninterruptibleMask"
    restore (say "uninterruptibleMask/restore")
    mask_ (say "uninterruptibleMask/mask_")
  -- a handler that rethrows: the outer handler's state
  (mask_ (throwIO E `catch` \E -> say "inner handler" >> throwIO E)) `catch` \E -> say "outer handler"
  -- bracket
  _ <- bracket (say "acquire" >> return ()) (\_ -> say "release") (\_ -> say "use")
  -- finally/onException run their cleanups masked
  (say "body" `finally` say "finally cleanup")
  ((throwIO E >> return ()) `onException` say "onException cleanup") `catch` \E -> return ()
  -- forked threads inherit the parent's state; forkIOWithUnmask can undo it
  done <- newEmptyMVar
  _ <- mask_ $ forkIO (say "child of mask_" >> putMVar done ())
  takeMVar done
  _ <- uninterruptibleMask_ $ forkIOWithUnmask $ \unmask -> do
    say "child of uninterruptibleMask_"
    unmask (say "child, unmasked")
    putMVar done ()
  takeMVar done
  -- throwTo oneself: raised at once even when masked
  me <- myThreadId
  (mask_ (throwTo me E >> say "not reached")) `catch` \E -> say "handler of throwTo self"
  -- an asynchronous exception into a masked thread blocked in takeMVar (interruptible)
  blocker <- newEmptyMVar
  started <- newEmptyMVar
  result <- newEmptyMVar
  t <- forkIO $ mask_ $ do
    putMVar started ()
    (takeMVar blocker >> return "took")
      `catch` (\e -> do
        s <- getMaskingState
        return ("interrupted by " ++ show (e :: AsyncException) ++ " in " ++ show s))
      >>= putMVar result
  takeMVar started
  killThread t
  takeMVar result >>= putStrLn
  -- the same under uninterruptibleMask: killThread waits until the thread unmasks
  blocker2 <- newEmptyMVar
  order <- newMVar []
  t2 <- forkIO $ do
    uninterruptibleMask_ $ do
      putMVar started ()
      takeMVar blocker2
      modifyMVar_ order (return . ("worker unmasking" :))
    modifyMVar_ order (return . ("worker after mask" :))
  takeMVar started
  _ <- forkIO (threadDelay 1000 >> modifyMVar_ order (return . ("filler" :)) >> putMVar blocker2 ())
  killThread t2
  modifyMVar_ order (return . ("killThread returned" :))
  readMVar order >>= mapM_ putStrLn . reverse
  say "end"
