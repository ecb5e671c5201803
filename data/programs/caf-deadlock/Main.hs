-- GHC's deadlock detection sees through dead CAFs: the worker blocked on `box` is
-- reachable only through box's CAF, which no live code can enter, so both it and main (waiting
-- for the worker) are found blocked forever and get BlockedIndefinitelyOnMVar. With every
-- evaluated CAF kept alive, only main would.
import Control.Concurrent
import Control.Exception
import System.IO.Unsafe (unsafePerformIO)

-- A global MVar nobody will ever fill; once main's code no longer refers to it, only its
-- CAF does, and a dead CAF keeps nothing alive.
{-# NOINLINE box #-}
box :: MVar Int
box = unsafePerformIO newEmptyMVar

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO $ do
    r <- try (takeMVar box)
    case r of
      Left BlockedIndefinitelyOnMVar -> putStrLn "worker: blocked indefinitely"
      Right v -> print v
    putMVar done ()
  takeMVar done
  putStrLn "main: done"
