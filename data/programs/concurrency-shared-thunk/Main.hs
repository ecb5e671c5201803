-- Threads forcing the same thunks: a thread that enters a thunk another thread is evaluating
-- waits for its value (it must not see <<loop>>); a strict allocating loop in one thread
-- does not starve the others.
import Control.Concurrent
import Control.Exception
import Control.Monad
import Data.IORef
import Data.List (foldl')

main :: IO ()
main = do
  -- One expensive shared thunk, forced by the main thread and four forked ones.
  let x = sum [1 .. 300000 :: Integer]
  dones <- forM [1 .. 4 :: Int] $ \i -> do
    done <- newEmptyMVar
    _ <- forkIO $ do
      r <- try (evaluate x)
      putMVar done (either (\e -> "thread " ++ show i ++ ": " ++ show (e :: SomeException)) (const ("thread " ++ show i ++ ": ok")) r)
    return done
  v <- evaluate x
  mapM_ (takeMVar >=> putStrLn) dones
  print v
  -- A chain of shared thunks, each forced first by a different thread.
  let ys = map (\k -> sum [1 .. k * 20000 :: Integer]) [1 .. 8]
  results <- newIORef []
  finished <- newEmptyMVar
  forM_ (zip [0 :: Int ..] ys) $ \(i, y) -> forkIO $ do
    s <- evaluate (sum (drop i ys) + y)
    atomicModifyIORef' results (\rs -> ((i, s) : rs, ()))
    putMVar finished ()
  replicateM_ 8 (takeMVar finished)
  readIORef results >>= mapM_ print . foldl' (flip insertSorted) []
  -- A strict, allocating loop in the main thread while a forked thread needs to run: the
  -- loop only ends when the forked thread has set the flag.
  flag <- newIORef False
  _ <- forkIO (writeIORef flag True)
  let loop :: Int -> Integer -> IO Int
      loop n acc = do
        f <- readIORef flag
        if f || n > 50000000 then return (fromInteger (acc `mod` 2) + n) else loop (n + 1) $! acc + toInteger n
  n <- loop 0 0
  putStrLn (if n > 50000000 then "starved" else "the other thread ran")
  where
    insertSorted p [] = [p]
    insertSorted p (q : qs) = if fst p <= fst q then p : q : qs else q : insertSorted p qs
