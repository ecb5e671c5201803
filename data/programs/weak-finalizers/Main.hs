-- Finalizers of weak pointers (System.Mem.Weak, Foreign.ForeignPtr, Foreign.Concurrent) as
-- GHC runs them: after the collection that finds their keys unreachable, in one new thread,
-- in GHC's order (the newest weak first; weaks that survived a collection after the fresh
-- ones, in the reverse order); an exception in one finalizer does not stop the others; a key
-- reachable only from its own finalizer still dies; `finalize` runs a finalizer at once and
-- only once; deRefWeak of a dead weak is Nothing; C finalizers (here putenv(3) of the
-- ForeignPtr's string) run by the collection after.
import Control.Concurrent
import Control.Exception
import Control.Monad
import Data.IORef
import Foreign.C.String (CString, newCString)
import qualified Foreign.Concurrent as FC
import Foreign.ForeignPtr
import Foreign.Marshal.Alloc (mallocBytes)
import Foreign.Ptr
import Foreign.Storable
import System.Environment (lookupEnv)
import System.IO
import System.Mem (performGC)
import System.Mem.Weak

foreign import ccall "&putenv" p_putenv :: FunPtr (CString -> IO ())

type Log = IORef [String]

note :: Log -> String -> IO ()
note lg s = atomicModifyIORef' lg (\l -> (l ++ [s], ()))

-- A collection, then let the finalizer thread it started finish (it is queued before us).
settle :: Log -> Int -> IO [String]
settle lg n = performGC >> go (100000 :: Int)
  where
    go 0 = take' <$> readIORef lg
    go k = do
      l <- readIORef lg
      if length l >= n then take' <$> pure l else yield >> go (k - 1)
    take' l = l

flush :: Log -> String -> Int -> IO ()
flush lg title n = do
  l <- settle lg n
  writeIORef lg []
  putStrLn (title ++ ": " ++ unwords l)

{-# NOINLINE weakOn #-}
-- A weak pointer whose key nothing else refers to.
weakOn :: Log -> String -> IO (Weak (IORef Int))
weakOn lg name = do
  r <- newIORef (length name)
  mkWeakIORef r (note lg name)

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  lg <- newIORef []
  -- order among fresh weaks: the newest first
  ws <- mapM (weakOn lg) ["a", "b", "c", "d"]
  flush lg "fresh" 4
  states <- mapM deRefWeak ws
  putStrLn ("dead after: " ++ show (map (maybe "dead" (const "alive")) states))

  -- weaks that survived a collection run in the reverse order
  keys <- mapM newIORef [1 .. 4 :: Int]
  ws2 <- zipWithM (\k s -> mkWeakIORef k (note lg s)) keys ["p", "q", "r", "s"]
  flush lg "survivors kept" 0
  mapM_ (readIORef >=> print) keys
  alive <- mapM deRefWeak ws2
  putStrLn ("alive: " ++ show (length [() | Just _ <- alive]))
  flush lg "survivors" 4

  -- an exception in one finalizer does not stop the batch
  _ <- weakOn lg "x"
  r <- newIORef (0 :: Int)
  _ <- mkWeakIORef r (throwIO (userError "boom") >> note lg "never")
  _ <- weakOn lg "y"
  flush lg "with an exception" 2

  -- a key reachable only from its own finalizer
  k <- newIORef (42 :: Int)
  _ <- mkWeakIORef k (readIORef k >>= \v -> note lg ("own-key=" ++ show v))
  flush lg "own key" 1

  -- finalize: at once, in this thread, once
  k2 <- newIORef 'k'
  w2 <- mkWeakIORef k2 (note lg "finalized")
  finalize w2
  finalize w2
  readIORef lg >>= putStrLn . ("finalize: " ++) . unwords
  writeIORef lg []
  deRefWeak w2 >>= putStrLn . maybe "deRefWeak: Nothing" (const "deRefWeak: Just")
  readIORef k2 >>= print
  flush lg "after finalize" 0

  -- a weak with a value: the value while the key lives
  kv <- newIORef ()
  wv <- mkWeak kv [1 .. 10 :: Int] (Just (note lg "value-weak"))
  performGC
  deRefWeak wv >>= print . fmap sum
  readIORef kv
  flush lg "value weak" 1
  deRefWeak wv >>= print . fmap sum

  -- Haskell finalizers of a ForeignPtr: the last added runs first; finalizeForeignPtr
  p <- mallocBytes 16 :: IO (Ptr Int)
  poke p 7
  fp <- FC.newForeignPtr p (note lg "fp-first")
  FC.addForeignPtrFinalizer fp (note lg "fp-second")
  withForeignPtr fp peek >>= print
  finalizeForeignPtr fp
  readIORef lg >>= putStrLn . ("finalizeForeignPtr: " ++) . unwords
  writeIORef lg []
  p2 <- mallocBytes 16 :: IO (Ptr Int)
  fp2 <- FC.newForeignPtr p2 (note lg "fp2")
  withForeignPtr fp2 (\q -> poke q 1)
  flush lg "dropped ForeignPtr" 1

  -- C finalizers: putenv(3) the ForeignPtr's own string (which the environment keeps)
  setting <- newCString "STGVM_WEAK_FINALIZER=ran"
  cfp <- newForeignPtr p_putenv setting
  lookupEnv "STGVM_WEAK_FINALIZER" >>= putStrLn . ("while the ForeignPtr lives: " ++) . show
  touchForeignPtr cfp
  performGC
  yield  -- (a switch of threads while the C finalizer waits for the next collection)
  performGC
  lookupEnv "STGVM_WEAK_FINALIZER" >>= putStrLn . ("after two collections: " ++) . show

  -- many weaks dying over many collections: every finalizer runs once
  count <- newIORef (0 :: Int)
  forM_ [1 .. 3000 :: Int] $ \i -> do
    x <- newIORef i
    _ <- mkWeakIORef x (atomicModifyIORef' count (\c -> (c + 1, ())))
    when (i `mod` 1000 == 0) performGC
  performGC
  let wait n = do
        c <- readIORef count
        if c >= 3000 || n == (0 :: Int) then return c else yield >> wait (n - 1)
  wait 100000 >>= putStrLn . ("finalizers run: " ++) . show
