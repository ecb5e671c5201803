-- Weak pointers and reachability (System.Mem.Weak): a weak pointer stays alive while its key
-- is reachable, and is dead after a collection that found the key unreachable; finalize kills
-- it at once.
import Control.Monad (forM, forM_)
import Data.IORef
import System.Mem (performGC, performMajorGC)
import System.Mem.Weak

main :: IO ()
main = do
  kept <- newIORef (1 :: Int)
  wKept <- mkWeakIORef kept (return ())
  -- Ten keys nobody refers to after this.
  ws <- forM [1 .. 10 :: Int] $ \i -> do
    r <- newIORef i
    mkWeakIORef r (return ())
  performGC
  alive wKept >>= putStrLn . ("kept: " ++)
  states <- mapM alive ws
  putStrLn ("ten unreachable keys: " ++ unwords states)
  modifyIORef kept (+ 1)
  readIORef kept >>= print
  -- finalize kills a weak pointer at once
  c <- newIORef 'c'
  wC <- mkWeakIORef c (return ())
  finalize wC
  alive wC >>= putStrLn . ("finalized: " ++)
  readIORef c >>= print
  -- many short-lived weak pointers while collections run
  rs <- forM [1 .. 2000 :: Int] $ \i -> do
    r <- newIORef i
    w <- mkWeakIORef r (return ())
    let keep = if i `mod` 500 == 0 then Just r else Nothing
    keep `seq` return (keep, w)
  performMajorGC
  let keptRefs = [r | (Just r, _) <- rs]
  n <- length . filter (== "alive") <$> mapM (alive . snd) rs
  putStrLn ("alive after the churn: " ++ show n)
  forM_ keptRefs $ \r -> readIORef r >>= print
  where
    alive w = maybe "dead" (const "alive") <$> deRefWeak w
