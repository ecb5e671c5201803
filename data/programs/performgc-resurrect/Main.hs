-- GHC's collector gives a blocked thread that nothing alive can wake its exception at the
-- collection that finds it (rts/sm/MarkWeak.c, resurrectUnreachableThreads), not only when
-- the whole program is stuck: after performGC (a major collection) the children blocked
-- forever on a private MVar and in an STM retry get BlockedIndefinitelyOnMVar/OnSTM while
-- main is still running, and main's later wait on them succeeds.
import Control.Concurrent
import Control.Concurrent.STM
import Control.Exception
import System.Mem (performGC)

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO $ do
    mv <- newEmptyMVar :: IO (MVar ())
    r <- try (takeMVar mv)
    case r of
      Left BlockedIndefinitelyOnMVar -> putStrLn "mvar child: blocked indefinitely"
      Right () -> putStrLn "mvar child: woken"
    putMVar done "mvar"
  _ <- forkIO $ do
    tv <- newTVarIO (0 :: Int)
    r <- try (atomically (readTVar tv >>= \v -> if v == 0 then retry else return v))
    case r of
      Left BlockedIndefinitelyOnSTM -> putStrLn "stm child: blocked indefinitely"
      Right v -> print v
    putMVar done "stm"
  kept <- newEmptyMVar :: IO (MVar ())
  _ <- forkIO $ do  -- blocked on an MVar main still holds: stays blocked
    takeMVar kept
    putStrLn "kept child: woken"
  threadDelay 1000
  putStrLn "main: collecting"
  performGC
  putStrLn "main: collected"
  a <- takeMVar done
  b <- takeMVar done
  putStrLn ("main: " ++ a ++ ", " ++ b)
  putMVar kept ()
  threadDelay 1000
  putStrLn "main: done"
