-- Call counts known in advance, for the call graph test (tests/cli/call_graph.sh): a
-- NOINLINE naive fib (fib n makes 2 * F(n+1) - 1 calls), a NOINLINE step function a second
-- thread folds over a list (one call per element) while the main thread computes fib, and
-- a handler that runs once per caught exception.
import Control.Concurrent
import Control.Exception
import Data.List (foldl')

fib :: Int -> Int
fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)
{-# NOINLINE fib #-}

step :: Int -> Int -> Int
step acc x = (acc * 31 + x) `mod` 1000003
{-# NOINLINE step #-}

checked :: Int -> IO Int
checked k = if k `mod` 7 == 0 then throwIO (userError ("multiple of 7: " ++ show k)) else return k
{-# NOINLINE checked #-}

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO $ do
    let s = foldl' step 0 [1 .. 40000]
    s `seq` putMVar done s
  print (fib 22)
  r <- takeMVar done
  print r
  caught <- mapM (\k -> (checked k >> return 0) `catch` \e -> do
                    putStrLn ("caught: " ++ show (e :: IOException))
                    return (1 :: Int))
                 [1 .. 30]
  print (sum caught)
