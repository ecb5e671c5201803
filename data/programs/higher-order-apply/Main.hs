{-# LANGUAGE MagicHash, BangPatterns, ExistentialQuantification #-}
{-# OPTIONS_GHC -fno-specialise -fno-spec-constr #-}
-- Generic (unknown-function) application: calls of 1..12 arguments mixing pointers with
-- Int#/Double#/Word#/Char#/Float#, through NOINLINE higher-order helpers; functions of the
-- exact arity, fewer parameters (they return functions; over-saturated calls), PAPs built
-- and saturated in steps (PAP of PAP), thunks that evaluate to functions or PAPs; functions
-- in lazy lists, Data.Map, arrays, records and class dictionaries; folds over lists of
-- functions; exceptions while arguments wait in apply frames; long lists of PAPs under
-- allocation pressure. `costly` keeps GHC from eta-expanding functions that return lambdas.
module Main (main) where

import Control.Exception
import Data.Array
import Data.Char (chr, ord)
import Data.IORef
import Data.List (foldl')
import qualified Data.Map as M
import GHC.Exts
import GHC.Float (castDoubleToWord64, castFloatToWord32)

type F4 = Int# -> Double# -> Word# -> Char# -> Int
type F12 = Int -> Int# -> Double -> Double# -> Word# -> Int -> Char# -> Int# -> [Int] -> Word# -> Float# -> Int -> Int

mix :: Int -> Int -> Int
mix a b = (a * 31 + b) `mod` 1000000007

dbl :: Double -> Int
dbl x = fromIntegral (castDoubleToWord64 x `mod` 1000003)
wrd :: Word -> Int
wrd w = fromIntegral (w `mod` 999983)
flt :: Float -> Int
flt x = fromIntegral (castFloatToWord32 x)

{-# NOINLINE costly #-}  -- allocates (a Map), so collections happen inside it
costly :: Int -> Int
costly k = 1 + sum (M.elems (M.fromList [((i * 7919) `mod` 101, i) | i <- [k .. k + 60]]))

-- ---------------------------------------------------------------- F4 family
{-# NOINLINE f4a #-}
f4a :: F4
f4a i d w c = mix (mix (I# i) (dbl (D# d))) (mix (wrd (W# w)) (ord (C# c)))
{-# NOINLINE mkF4 #-}
mkF4 :: Int -> F4  -- arity 1: a FUN closure of arity 4 with a free variable
mkF4 k = case costly k of !s -> \i d w c -> mix s (f4a (i *# 3#) d (w `xor#` 0xFFFF0000FFFF0000##) c)
{-# NOINLINE f5 #-}
f5 :: Int -> F4
f5 k i d w c = k * 7 + f4a i (d *## 2.0##) w c
{-# NOINLINE divF #-}
divF :: F4
divF i _ _ c = 100000 `div` I# i + ord (C# c)

{-# NOINLINE ap4 #-}  -- unknown call n n n n
ap4 :: F4 -> Int -> Int
ap4 f (I# k) = f k (int2Double# k *## 0.5##) (int2Word# k `timesWord#` 0x9E3779B97F4A7C15##) (chr# (65# +# remInt# k 50#))
{-# NOINLINE s1 #-}  -- unknown call n (a PAP when f wants more)
s1 :: (Int# -> r) -> Int -> r
s1 f (I# k) = f k
{-# NOINLINE s2 #-}  -- unknown call n n
s2 :: (Double# -> Word# -> r) -> Int -> r
s2 f (I# k) = f (int2Double# k /## 3.0##) (int2Word# (k *# 65536#))
{-# NOINLINE s3 #-}  -- unknown call n
s3 :: (Char# -> Int) -> Char -> Int
s3 f (C# c) = f c
{-# NOINLINE sp #-}  -- unknown call p
sp :: (Int -> r) -> Int -> r
sp f k = f k

pick :: Int -> F4
pick i = case i `mod` 5 of
  0 -> f4a
  1 -> mkF4 (i `mod` 7)
  2 -> if odd (i `div` 5) then f4a else mkF4 i
  3 -> sp f5 i
  _ -> \a b c d -> f5 (i + 1) a b c d

-- ---------------------------------------------------------------- F12 family
{-# NOINLINE b12 #-}
b12 :: F12
b12 a b c d e f g h i j k l =
  foldl' mix 0 [a, I# b, dbl c, dbl (D# d), wrd (W# e), f, ord (C# g), I# h, sum i, wrd (W# j), flt (F# k), l]
{-# NOINLINE b12x #-}
b12x :: Int -> F12
b12x x a b c d e f g h i j k l = mix x (b12 a b c d e f g h i j k l)
{-# NOINLINE mk12 #-}
mk12 :: Int -> F12
mk12 s = case costly s of !c -> \a b cc d e f g h i j k l -> mix c (b12 l b cc d e f g h i j k a)
{-# NOINLINE b3 #-}  -- arity 3, returns a function of 9
b3 :: F12
b3 a b c = case costly a of !s -> \d e f g h i j k l -> mix s (b12 a b c d e f g h i j k l) + 1
{-# NOINLINE b1 #-}  -- arity 1, returns a function of 11
b1 :: F12
b1 a = case costly (a + 1) of !s -> \b c d e f g h i j k l -> mix s (b12 a b c d e (f + s) g h i j k l)
{-# NOINLINE s3u #-}  -- unknown call p p n
s3u :: (Int -> Int -> Int# -> r) -> Int -> Int -> Int# -> r
s3u f x a b = f x a b
{-# NOINLINE b2pap #-}  -- arity 2, returns a PAP of b12x holding 3 arguments
b2pap :: F12
b2pap a b = s3u b12x (costly a) a b

{-# NOINLINE ap12 #-}  -- unknown call p n p n n p n n p n n p
ap12 :: F12 -> Int -> Int
ap12 f k@(I# k#) =
  f k (k# *# 3#) (fromIntegral k * 1.25) (int2Double# k# -## 0.5##) (int2Word# k# `xor#` 0xFF00FF00FF00FF00##) (k + 1)
    (chr# (0x3B1# +# remInt# k# 20#)) (negateInt# k#) [k, k * 2 .. k * 5] (int2Word# (k# *# 65536#))
    (int2Float# k# `timesFloat#` 0.75#) (k * k)

f12s :: Int -> Array Int F12
f12s z = listArray (0, 9)
  [ b12, mk12 5, b3, b1, sp b12x 9, b2pap
  , if costly z > 0 then b12 else b1
  , sp b12x (costly 2)
  , if even (costly z) then b3 else b1
  , \a b c d e f g h i j k l -> mix z (b12 a b c d e f g h i j k (l + z)) ]

-- ---------------------------------------------------------------- over-saturation
{-# NOINLINE h2 #-}  -- arity 2, returns a function of 3
h2 :: Int -> Int# -> Double# -> Int -> Char# -> Int
h2 a b = case costly a of !s -> \d n c -> mix (mix s (I# b)) (dbl (D# d) + n * ord (C# c))
{-# NOINLINE g6 #-}
g6 :: Int -> Int# -> Int -> Double# -> Int -> Char# -> Int
g6 a b x d n c = mix x (h2 a b d n c)
{-# NOINLINE s3p #-}  -- unknown call p n p
s3p :: (Int -> Int# -> Int -> r) -> Int -> Int# -> Int -> r
s3p f a b x = f a b x
{-# NOINLINE h2pap #-}  -- arity 2, returns a PAP of g6
h2pap :: Int -> Int# -> Double# -> Int -> Char# -> Int
h2pap a b = s3p g6 a b (costly a)
{-# NOINLINE ap5 #-}  -- unknown call p n n p n
ap5 :: (Int -> Int# -> Double# -> Int -> Char# -> Int) -> Int -> Int
ap5 f k@(I# k#) = f k (k# *# 2#) (int2Double# k# *## 1.5##) (k - 3) (chr# (100# +# k#))

data Bad = Bad Int Int deriving Show
instance Exception Bad
{-# NOINLINE throwAt2 #-}
throwAt2 :: Int -> Int -> Int# -> Double# -> Int -> Int
throwAt2 a b = case costly a of !c -> if c > b then throw (Bad a b) else \i d n -> c + I# i + dbl (D# d) + n
{-# NOINLINE apT #-}  -- unknown call p p n n p
apT :: (Int -> Int -> Int# -> Double# -> Int -> Int) -> Int -> Int -> Int
apT f a b = f a b 3# 1.5## (a + b)
{-# NOINLINE boomF #-}
boomF :: F4
boomF = if costly 3 > 0 then error "boom: forced a bad function" else f4a

-- ---------------------------------------------------------------- records and classes
data Ops = Ops { oName :: String, oBin :: Int -> Int -> Int, oMix :: Int# -> Double# -> Double
               , oW :: !(Word# -> Int -> Word), oIO :: Int -> IO Int }

class Act a where
  act :: a -> Int# -> Double# -> Int -> Int
  actN :: a -> Int -> Int
  actN a n@(I# n#) = act a n# (int2Double# n#) (n * 2) + 1
data AnyAct = forall a. Act a => AnyAct a
instance Act Int where act a i d n = a + I# i * 3 + dbl (D# d) + n
newtype Sc = Sc Double
instance Act Sc where
  act (Sc s) i d n = truncate (s * D# d) + I# i * n
  actN (Sc s) n = truncate (s * fromIntegral n) - 1
instance Act [x] where act xs i _ n = length xs * I# i - n

{-# NOINLINE ioMix #-}
ioMix :: IORef Int -> Int -> Int -> IO Int
ioMix r a b = modifyIORef' r (mix (a + b)) >> readIORef r

-- ---------------------------------------------------------------- allocation pressure
pressure :: Int -> (Int, Int, Int)
pressure n =
  let ps1 = [s1 (pick i) i | i <- [1 .. n]] :: [Double# -> Word# -> Char# -> Int]
      ps2 = [s2 p i | (p, i) <- zip ps1 [1 ..]] :: [Char# -> Int]
      !len = foldl' (\a p -> p `seq` a + 1) 0 ps2
      r = foldl' mix 0 [s3 p (chr (97 + i `mod` 26)) | (p, i) <- zip ps2 [0 ..]]
      deep = foldr (\p acc -> mix (s3 p 'q') acc) 0 (reverse ps2)
  in (len, r, deep)

main :: IO ()
main = do
  putStrLn "-- exact / partial / PAP of PAP (F4)"
  let fs4 = [f4a, mkF4 3, sp f5 11, divF, pick 7, pick 12, pick 13, pick 14]
  mapM_ (\(j, f) -> putStrLn (show j ++ ": " ++ show (map (ap4 f) [1, 2, 77, 1000]))) (zip [0 :: Int ..] fs4)
  let steps f k = s3 (s2 (s1 f k) (k * 7)) (chr (48 + k `mod` 40))
  mapM_ (\(j, f) -> putStrLn (show j ++ " steps: " ++ show (map (steps f) [1, 5, 9]))) (zip [0 :: Int ..] fs4)
  putStrLn "-- 12 arguments"
  let arr = f12s 4
  mapM_ (\j -> putStrLn (show j ++ ": " ++ show (map (ap12 (arr ! j)) [1, 2, 3, 40]))) [0 .. 9]
  print (foldl' (\acc j -> mix acc (ap12 (arr ! (j `mod` 10)) j)) 0 [1 .. 300])
  print (b3 1 2# 3.0 4.0## 5## 6 'x'# 7# [8] 9## 10.0# 11, b1 1 2# 3.0 4.0## 5## 6 'x'# 7# [8] 9## 10.0# 11)
  print (b2pap 1 2# 3.0 4.0## 5## 6 'x'# 7# [8] 9## 10.0# 11, mk12 2 1 2# 3.0 4.0## 5## 6 'x'# 7# [8] 9## 10.0# 11)
  putStrLn "-- over-saturated"
  print (map (ap5 h2) [1, 2, 3], map (ap5 h2pap) [1, 2, 3], map (ap5 (\a b -> g6 a b 9)) [4, 5])
  print (h2 3 4# 5.5## 6 'z'#, h2pap 3 4# 5.5## 6 'z'#, g6 1 2# 3 4.0## 5 'a'#)
  let lazyH = [if costly k > 100 then h2 else h2pap | k <- [1 .. 5]]
  print (zipWith ap5 lazyH [10 ..])
  putStrLn "-- Map and lazy list of functions"
  let fm = M.fromList [(k, if k `mod` 3 == 0 then mkF4 k else if odd k then sp f5 k else f4a) | k <- [0 .. 40 :: Int]]
  print (M.foldrWithKey (\k f acc -> mix acc (ap4 f (k + 1))) 0 fm)
  print (maybe 0 (`ap4` 9) (M.lookup 27 fm), fmap (\f -> steps f 3) (M.lookup 13 fm))
  let lazyFs = [if odd k then f4a else mkF4 k | k <- [1 .. 30 :: Int]]
  print (sum (zipWith ap4 lazyFs [1 ..]), sum (map (`steps` 2) lazyFs))
  putStrLn "-- records and dictionaries"
  ref <- newIORef 1
  let opsL = [ Ops "plus" (+) (\i d -> D# d + fromIntegral (I# i)) (\w n -> W# w + fromIntegral n) (\k -> return (k * 2))
             , Ops "mix" mix (\i d -> D# (d *## int2Double# i)) (\w (I# n) -> W# (w `xor#` int2Word# n)) (ioMix ref 3)
             , Ops "lazy" (if costly 1 > 0 then (\a b -> a * b - 1) else (+)) (\_ d -> D# (d /## 2.0##)) (\w _ -> W# w)
                   (\k -> modifyIORef ref (+ k) >> readIORef ref) ]
  mapM_ (\o -> do r <- mapM (oIO o) [1, 2, 3]
                  putStrLn (oName o ++ " " ++ show (oBin o 6 7, oMix o 3# 2.5##, oW o 17## 4, r, foldr (oBin o) 1 [1 .. 10]))) opsL
  let acts = [AnyAct (5 :: Int), AnyAct (Sc 2.5), AnyAct "hello", AnyAct [True, False]]
  print [(act a 2# 3.5## 4, actN a 10) | AnyAct a <- acts]
  print (foldl' (\s (AnyAct a) -> mix s (actN a s)) 7 (concat (replicate 50 acts)))
  putStrLn "-- folds over functions"
  let ints = [(+ 3), (* 2), mix 5, subtract 7, \x -> x * x `mod` 1009, sp mix 11, ap4 f4a] :: [Int -> Int]
  print (foldr (.) id ints 1, foldl' (\acc f -> f acc) 1 ints, foldl (\acc f -> f acc) 2 ints)
  print (foldr (\f acc -> f acc) 3 (concat (replicate 100 ints)), map ($ 9) ints)
  print (zipWith3 (\f x y -> f x y) (cycle [mix, (+), \a b -> a * b - 1, flip mix, oBin (opsL !! 2)]) [1 .. 20] [21 ..])
  print (take 6 (map ($ 1) (iterate (\g -> g . (* 3) . (+ 1)) id)), (iterate (. (+ 1)) id !! 2000) 0)
  print (take 8 (scanl (\acc f -> f acc) 1 (cycle ints)), zipWith ($) (cycle ints) [100 .. 110])
  putStrLn "-- IO functions (State# argument)"
  rs <- mapM (\f -> f 4) ([oIO o | o <- opsL] ++ [ioMix ref k | k <- [1 .. 5]])
  print rs
  putStrLn "-- exceptions"
  let tryE :: IO Int -> IO ()
      tryE io = (io >>= print) `catches`
        [ Handler (\(ErrorCall m) -> putStrLn ("ErrorCall: " ++ m))
        , Handler (\e -> putStrLn ("Arith: " ++ show (e :: ArithException)))
        , Handler (\e -> putStrLn ("Bad: " ++ show (e :: Bad))) ]
  tryE (evaluate (s1 boomF 5) >> return 0)
  tryE (evaluate (steps boomF 5))
  tryE (evaluate (throwAt2 1 5 3# 1.5## 7))
  tryE (evaluate (throwAt2 1 100000 3# 1.5## 7))
  tryE (evaluate (apT throwAt2 2 5))
  tryE (evaluate (apT throwAt2 2 100000))
  tryE (evaluate (steps divF 0))
  tryE (evaluate (steps divF 9))
  tryE (do p <- evaluate (s1 f4a 3); p' <- evaluate (s2 p 4); evaluate (s3 p' 'k'))
  tryE (evaluate (foldr (\f acc -> f acc) 0 ([(+ 1), \x -> if x > 50 then throw (Bad x 0) else x * 2] ++ ints)))
  tryE (evaluate (ap12 (if costly 1 > 0 then error "lazy F12 failed" else b12) 3))
  putStrLn "-- allocation pressure"
  print (pressure 20000)
  let paps = [sp b12x i | i <- [1 .. 3000]] :: [F12]
  print (foldl' (\acc (f, k) -> mix acc (ap12 f k)) 0 (zip paps (cycle [1 .. 7])))
  print (sum [ap5 (if even k then h2 else h2pap) k | k <- [1 .. 400]])
