{-# LANGUAGE MagicHash, UnboxedTuples #-}
-- Pinned and large objects: they never move (addresses taken before and after collections
-- agree), dead ones are reclaimed (600 MiB of 1 MiB pinned buffers pass through a heap far
-- smaller than that), and large boxed arrays keep their elements alive and up to date
-- across collections. isByteArrayPinned# is True for large unpinned byte arrays, as in GHC.
module Main (main) where

import Control.Monad (forM_, foldM, when)
import Data.Array.IO (IOArray, IOUArray, getElems, newArray, readArray, writeArray)
import Data.IORef
import Data.Word (Word8, Word64)
import Foreign.ForeignPtr (ForeignPtr, mallocForeignPtrBytes, withForeignPtr)
import Foreign.Ptr (Ptr, plusPtr, ptrToIntPtr)
import Foreign.Storable (peekByteOff, pokeByteOff)
import GHC.Exts
import GHC.IO (IO (..))
import System.Mem (performGC)

data MBA = MBA (MutableByteArray# RealWorld)

newBytes :: Int -> IO MBA
newBytes (I# n) = IO (\s -> case newByteArray# n s of (# s', a #) -> (# s', MBA a #))

isPinned :: MBA -> Bool
isPinned (MBA a) = isTrue# (isMutableByteArrayPinned# a)

address :: MBA -> IO Word
address (MBA a) = IO (\s -> case unsafeFreezeByteArray# a s of
                              (# s', b #) -> (# s', W# (int2Word# (addr2Int# (byteArrayContents# b))) #))

writeW :: MBA -> Int -> Word -> IO ()
writeW (MBA a) (I# i) (W# w) = IO (\s -> case writeWord8Array# a i w s of s' -> (# s', () #))

readW :: MBA -> Int -> IO Word
readW (MBA a) (I# i) = IO (\s -> case readWord8Array# a i s of (# s', x #) -> (# s', W# x #))

grow :: MBA -> Int -> IO MBA
grow (MBA a) (I# n) = IO (\s -> case resizeMutableByteArray# a n s of (# s', b #) -> (# s', MBA b #))

churn :: Int -> IO Int
churn n = do
  r <- newIORef (0 :: Int)
  forM_ [1 .. n] $ \i -> modifyIORef' r (+ length (show (i * i)))
  readIORef r

ptrWord :: Ptr a -> Word
ptrWord = fromIntegral . ptrToIntPtr

main :: IO ()
main = do
  -- 1. 600 pinned 1 MiB buffers, six of them kept.
  kept <- newIORef ([] :: [(Int, ForeignPtr Word8)])
  total <- foldM (\acc i -> do
      fp <- mallocForeignPtrBytes (1024 * 1024)
      withForeignPtr fp $ \p -> do
        pokeByteOff p 0 (fromIntegral i :: Word8)
        pokeByteOff p (1024 * 1024 - 1) (fromIntegral (i * 7) :: Word8)
      when (i `mod` 100 == 0) $ modifyIORef kept ((i, fp) :)
      s <- withForeignPtr fp $ \p -> do
        a <- peekByteOff p 0 :: IO Word8
        b <- peekByteOff p (1024 * 1024 - 1) :: IO Word8
        return (fromIntegral a + fromIntegral b :: Int)
      return $! acc + s) 0 [1 .. 600 :: Int]
  putStrLn ("pinned churn checksum: " ++ show total)
  ks <- readIORef kept
  forM_ (reverse ks) $ \(i, fp) -> withForeignPtr fp $ \p -> do
    a <- peekByteOff p 0 :: IO Word8
    b <- peekByteOff p (1024 * 1024 - 1) :: IO Word8
    putStrLn ("  kept buffer " ++ show i ++ ": " ++ show (a, b) ++ " " ++ show (a == fromIntegral i && b == fromIntegral (i * 7)))

  -- 2. Pinned and large objects do not move; small unpinned ones report unpinned.
  fp <- mallocForeignPtrBytes 100 :: IO (ForeignPtr Word8)
  p1 <- withForeignPtr fp (return . ptrWord)
  big <- newBytes 100000
  small <- newBytes 100
  b1 <- address big
  _ <- churn 20000
  performGC
  _ <- churn 20000
  performGC
  p2 <- withForeignPtr fp (return . ptrWord)
  b2 <- address big
  putStrLn ("pinned buffer kept its address: " ++ show (p1 == p2))
  putStrLn ("large byte array kept its address: " ++ show (b1 == b2))
  putStrLn ("isPinned large / small: " ++ show (isPinned big, isPinned small))
  forM_ [0, 99999] $ \i -> writeW big i (fromIntegral (i `mod` 251))
  v <- mapM (readW big) [0, 99999]
  putStrLn ("large byte array contents: " ++ show v)

  -- 3. Growing a small array past the threshold keeps its contents.
  g0 <- newBytes 16
  forM_ [0 .. 15] $ \i -> writeW g0 i (fromIntegral (i * 3))
  g1 <- grow g0 200000
  writeW g1 199999 42
  performGC
  gs <- mapM (readW g1) [0 .. 15]
  gl <- readW g1 199999
  putStrLn ("resized: " ++ show gs ++ " " ++ show gl ++ " pinned " ++ show (isPinned g1))

  -- 4. A large boxed array holds young heap objects across collections.
  arr <- newArray (0, 99999) [] :: IO (IOArray Int [Int])
  forM_ [1 .. 5 :: Int] $ \round_ -> do
    forM_ [0, 7 .. 99999] $ \i -> writeArray arr i [i, round_, i * round_]
    _ <- churn 5000
    performGC
  xs <- getElems arr
  putStrLn ("boxed array: " ++ show (sum (map sum xs), length (filter null xs)))
  forM_ [0, 7, 99995] $ \i -> readArray arr i >>= \e -> putStrLn ("  arr!" ++ show i ++ " = " ++ show e)

  -- 5. Large unboxed arrays come and go.
  sums <- mapM (\k -> do
      u <- newArray (0, 50000) 0 :: IO (IOUArray Int Word64)
      forM_ [0, 1000 .. 50000] $ \i -> writeArray u i (fromIntegral (i * k))
      es <- getElems u
      return $! sum es) [1 .. 200 :: Int]
  putStrLn ("unboxed arrays: " ++ show (sum sums))
