{-# LANGUAGE MagicHash, UnboxedTuples #-}
-- Exercises the memory-touching primop families directly (byte arrays with every element
-- type and the Word8ArrayAs* unaligned forms, Addr# accesses, copies, comparisons, atomics,
-- boxed and small arrays, MutVar#, MVar# try-operations, stable pointers, weak pointers),
-- printing every result. The differential test compares stgvm with the native run.
module Main (main) where

import GHC.Exts
import GHC.IO (IO (..))
import GHC.Word
import GHC.Int
import Numeric (showHex)

io :: (State# RealWorld -> (# State# RealWorld, a #)) -> IO a
io = IO

io_ :: (State# RealWorld -> State# RealWorld) -> IO ()
io_ f = IO (\s -> (# f s, () #))

data MBA = MBA (MutableByteArray# RealWorld)
data BA = BA ByteArray#

newBA :: Int -> IO MBA
newBA (I# n) = io (\s -> case newByteArray# n s of (# s', a #) -> (# s', MBA a #))

freeze :: MBA -> IO BA
freeze (MBA a) = io (\s -> case unsafeFreezeByteArray# a s of (# s', b #) -> (# s', BA b #))

hex :: (Integral a, Show a) => a -> String
hex x = "0x" ++ showHex (fromIntegral x :: Integer) ""

byteArrays :: IO ()
byteArrays = do
  putStrLn "== byte arrays"
  m@(MBA a) <- newBA 64
  io_ (\s -> setByteArray# a 0# 64# 0xA5# s)
  io_ (\s -> writeWord8Array# a 0# 0xFF## s)
  io_ (\s -> writeInt8Array# a 1# -2# s)
  io_ (\s -> writeWord16Array# a 1# 0xBEEF## s)
  io_ (\s -> writeInt16Array# a 2# -300# s)
  io_ (\s -> writeWord32Array# a 2# (int2Word# 0xDEADBEEF#) s)
  io_ (\s -> writeInt32Array# a 3# -100000# s)
  io_ (\s -> writeIntArray# a 2# -1234567890123# s)
  io_ (\s -> writeWordArray# a 3# 18446744073709551615## s)
  io_ (\s -> writeDoubleArray# a 4# 3.25## s)
  io_ (\s -> writeFloatArray# a 10# 1.5# s)
  io_ (\s -> writeWideCharArray# a 11# 'λ'# s)
  io_ (\s -> writeCharArray# a 48# 'z'# s)
  w8 <- io (\s -> case readWord8Array# a 0# s of (# s', x #) -> (# s', W8# x #))
  i8 <- io (\s -> case readInt8Array# a 1# s of (# s', x #) -> (# s', I8# x #))
  w16 <- io (\s -> case readWord16Array# a 1# s of (# s', x #) -> (# s', W16# x #))
  i16 <- io (\s -> case readInt16Array# a 2# s of (# s', x #) -> (# s', I16# x #))
  i <- io (\s -> case readIntArray# a 2# s of (# s', x #) -> (# s', I# x #))
  w <- io (\s -> case readWordArray# a 3# s of (# s', x #) -> (# s', W# x #))
  d <- io (\s -> case readDoubleArray# a 4# s of (# s', x #) -> (# s', D# x #))
  f <- io (\s -> case readFloatArray# a 10# s of (# s', x #) -> (# s', F# x #))
  c <- io (\s -> case readWideCharArray# a 11# s of (# s', x #) -> (# s', C# x #))
  print (w8, i8, w16, i16, i, w, d, f, c)
  -- unaligned, byte-offset accesses
  io_ (\s -> writeWord8ArrayAsWord32# a 49# (int2Word# 0x01020304#) s)
  u32 <- io (\s -> case readWord8ArrayAsWord32# a 49# s of (# s', x #) -> (# s', W# x #))
  u16 <- io (\s -> case readWord8ArrayAsInt16# a 50# s of (# s', x #) -> (# s', I# x #))
  print (hex u32, u16)
  b@(BA ba) <- freeze m
  let bytes = [W8# (indexWord8Array# ba j) | I# j <- [0 .. 63]]
  putStrLn (unwords (map hex bytes))
  print (I# (sizeofByteArray# ba), W# (indexWordArray# ba 3#), I# (indexInt32Array# ba 3#), C# (indexCharArray# ba 48#))
  -- copy, compare, fill
  m2@(MBA a2) <- newBA 64
  io_ (\s -> copyByteArray# ba 0# a2 0# 64# s)
  io_ (\s -> copyMutableByteArray# a2 8# a2 0# 16# s)
  BA ba2 <- freeze m2
  print (I# (compareByteArrays# ba 0# ba2 0# 64#), I# (compareByteArrays# ba 16# ba2 16# 48#),
         I# (compareByteArrays# ba2 0# ba 0# 8#))
  -- atomics on Int elements
  old1 <- io (\s -> case fetchAddIntArray# a2 0# 5# s of (# s', x #) -> (# s', I# x #))
  old2 <- io (\s -> case fetchXorIntArray# a2 0# 255# s of (# s', x #) -> (# s', I# x #))
  cas1 <- io (\s -> case casIntArray# a2 1# 0# 7# s of (# s', x #) -> (# s', I# x #))
  now <- io (\s -> case atomicReadIntArray# a2 0# s of (# s', x #) -> (# s', I# x #))
  print (old1, old2, cas1, now)
  sz <- io (\s -> case getSizeofMutableByteArray# a2 s of (# s', x #) -> (# s', I# x #))
  io_ (\s -> shrinkMutableByteArray# a2 16# s)
  sz' <- io (\s -> case getSizeofMutableByteArray# a2 s of (# s', x #) -> (# s', I# x #))
  print (sz, sz')
  let _ = b in return ()

pinnedAndAddr :: IO ()
pinnedAndAddr = do
  putStrLn "== pinned arrays and Addr#"
  MBA p <- io (\s -> case newAlignedPinnedByteArray# 32# 16# s of (# s', x #) -> (# s', MBA x #))
  pinned <- io (\s -> case unsafeFreezeByteArray# p s of (# s', b #) -> (# s', isTrue# (isByteArrayPinned# b) #))
  BA pb <- freeze (MBA p)
  let addr = byteArrayContents# pb
  io_ (\s -> writeWordOffAddr# addr 0# 0x1122334455667788## s)
  io_ (\s -> writeWord8OffAddr# (plusAddr# addr 8#) 0# 0x99## s)
  x <- io (\s -> case readWord32OffAddr# addr 1# s of (# s', v #) -> (# s', W# v #))
  y <- io (\s -> case readInt8OffAddr# addr 8# s of (# s', v #) -> (# s', I8# v #))
  print (pinned, hex x, y, W# (indexWordOffAddr# addr 0#), I# (minusAddr# (plusAddr# addr 24#) addr))
  MBA q <- newBA 16
  io_ (\s -> copyAddrToByteArray# addr q 0# 16# s)
  BA qb <- freeze (MBA q)
  print [W8# (indexWord8Array# qb j) | I# j <- [0 .. 15]]

arrays :: IO ()
arrays = do
  putStrLn "== arrays"
  r <- io (\s -> case newArray# 6# "init" s of
                   (# s1, m #) -> case writeArray# m 2# "two" s1 of
                     s2 -> case writeArray# m 5# "five" s2 of
                       s3 -> case copyMutableArray# m 2# m 0# 2# s3 of
                         s4 -> case freezeArray# m 1# 4# s4 of
                           (# s5, fr #) -> case unsafeFreezeArray# m s5 of
                             (# s6, all' #) -> (# s6, ( [ case indexArray# all' j of (# v #) -> v | I# j <- [0 .. 5] ]
                                                      , [ case indexArray# fr j of (# v #) -> v | I# j <- [0 .. 3] ]
                                                      , I# (sizeofArray# fr) ) #))
  print r
  c <- io (\s -> case newArray# 3# (0 :: Int) s of
                   (# s1, m #) -> case casArray# m 1# 0 41 s1 of
                     (# s2, failed, v #) -> (# s2, (I# failed, v) #))
  print c
  sm <- io (\s -> case newSmallArray# 4# 'a' s of
                    (# s1, m #) -> case writeSmallArray# m 3# 'z' s1 of
                      s2 -> case cloneSmallMutableArray# m 1# 3# s2 of
                        (# s3, m2 #) -> case unsafeFreezeSmallArray# m2 s3 of
                          (# s4, fr #) -> (# s4, ([ case indexSmallArray# fr j of (# v #) -> v | I# j <- [0 .. 2] ], I# (sizeofSmallArray# fr)) #))
  print sm

mutVars :: IO ()
mutVars = do
  putStrLn "== MutVar#"
  r <- io (\s -> case newMutVar# (10 :: Int) s of
                   (# s1, v #) -> case atomicModifyMutVar2# v (\x -> (x * 3, "seen " ++ show x)) s1 of
                     (# s2, old, res #) -> case readMutVar# v s2 of
                       (# s3, new #) -> case casMutVar# v new 99 s3 of
                         (# s4, failed, cur #) -> (# s4, (old, snd res, new, I# failed, cur) #))
  print r
  r2 <- io (\s -> case newMutVar# "a" s of
                    (# s1, v #) -> case atomicModifyMutVar_# v (++ "b") s1 of
                      (# s2, old, new #) -> (# s2, (old, new) #))
  print r2

mvars :: IO ()
mvars = do
  putStrLn "== MVar#"
  r <- io (\s -> case newMVar# s of
                   (# s1, mv #) -> case tryTakeMVar# mv s1 of
                     (# s2, e1, _ #) -> case tryPutMVar# mv "x" s2 of
                       (# s3, p1 #) -> case tryPutMVar# mv "y" s3 of
                         (# s4, p2 #) -> case isEmptyMVar# mv s4 of
                           (# s5, emp #) -> case tryReadMVar# mv s5 of
                             (# s6, r1, v1 #) -> case tryTakeMVar# mv s6 of
                               (# s7, t1, v2 #) -> (# s7, (I# e1, I# p1, I# p2, I# emp, I# r1, v1, I# t1, v2) #))
  print r

stableAndWeak :: IO ()
stableAndWeak = do
  putStrLn "== stable and weak pointers"
  let val = [1, 2, 3 :: Int]
  r <- io (\s -> case makeStablePtr# val s of
                   (# s1, sp #) -> case deRefStablePtr# sp s1 of
                     (# s2, back #) -> case makeStablePtr# [7 :: Int] s2 of
                       (# s3, sp2 #) -> (# s3, (back, I# (eqStablePtr# sp sp), I# (eqStablePtr# sp sp2)) #))
  print r
  w <- io (\s -> case mkWeakNoFinalizer# val "payload" s of
                   (# s1, wk #) -> case deRefWeak# wk s1 of
                     (# s2, alive, v #) -> (# s2, (I# alive, v) #))
  print w

main :: IO ()
main = do
  byteArrays
  pinnedAndAddr
  arrays
  mutVars
  mvars
  stableAndWeak
