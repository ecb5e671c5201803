-- Asynchronous exceptions and shared thunks: a thread killed while it evaluates a thunk must
-- not leave the thunk poisoned with its exception — whoever forces it next gets the value
-- (GHC freezes the evaluation and resumes it). Also a thread killed while blocked on an MVar
-- inside a thunk's evaluation, and a chain of thunks under evaluation (nested).
import Control.Concurrent
import Control.Exception
import Control.Monad
import System.IO.Unsafe (unsafePerformIO)

expensive :: Integer -> Integer
expensive n = sum [1 .. n]
{-# NOINLINE expensive #-}

-- A thread starts forcing the value, runs a little, and is killed. (It says nothing:
-- natively it may or may not finish before it is killed.)
killWhileForcing :: a -> IO ()
killWhileForcing v = do
  started <- newEmptyMVar
  t <- forkIO $ putMVar started () >> evaluate v >> return ()
  takeMVar started
  yield
  killThread t

main :: IO ()
main = do
  -- A thread evaluating a shared thunk is killed; then main forces the thunk.
  let x = expensive 400000
  killWhileForcing x
  print x
  -- Nested: y's evaluation needs z; both are under evaluation when the worker is killed.
  let z = expensive 300000
      y = z * 2 + expensive 100
  killWhileForcing y
  print (y, z)
  -- A thunk whose evaluation blocks on an MVar when its thread is killed; forced again once
  -- the MVar has a value.
  gate <- newEmptyMVar
  let w = 1 + toInteger (unsafePerformIO (readMVar gate))
  killWhileForcing w
  putMVar gate (41 :: Int)
  print w
  -- Many workers killed at different points of the same computation.
  let v = expensive 200000
  replicateM_ 5 (killWhileForcing v)
  print v
