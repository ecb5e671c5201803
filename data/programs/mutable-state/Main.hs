{-# LANGUAGE FlexibleContexts #-}
-- Mutable state: IORef (modifyIORef', atomicModifyIORef'), STRef and runST,
-- STUArray in-place quicksort, union-find on STUArray, IOArray/IOUArray,
-- freezing/thawing, and runSTArray/runSTUArray.
module Main (main) where

import Control.Monad (forM_, when, replicateM_, foldM)
import Control.Monad.ST (ST, runST)
import Data.Array (Array, elems, listArray, bounds, (!))
import Data.Array.IO (IOArray, IOUArray)
import Data.Array.MArray (freeze, getElems, newArray, newListArray, readArray, writeArray, getBounds, thaw)
import Data.Array.ST (STArray, STUArray, runSTArray, runSTUArray)
import Data.Array.Unboxed (UArray)
import qualified Data.Array.Unboxed as U
import Data.IORef
import Data.STRef

lcgList :: Int -> Int -> [Int]
lcgList n seed = take n (tail (iterate (\s -> (s * 6364136223846793005 + 1442695040888963407) `mod` 1000003) seed))

sumST :: [Int] -> Int
sumST xs = runST $ do
  ref <- newSTRef 0
  mapM_ (\x -> modifySTRef' ref (+ x)) xs
  readSTRef ref

fibST :: Int -> Integer
fibST n = runST $ do
  a <- newSTRef 0
  b <- newSTRef 1
  replicateM_ n $ do
    x <- readSTRef a
    y <- readSTRef b
    writeSTRef a y
    writeSTRef b $! x + y
  readSTRef a

quicksortST :: [Int] -> [Int]
quicksortST xs = U.elems sorted
  where
    n = length xs
    sorted :: UArray Int Int
    sorted = runSTUArray $ do
      arr <- newListArray (0, n - 1) xs
      let swap i j = do
            a <- readArray arr i
            b <- readArray arr j
            writeArray arr i b
            writeArray arr j a
          partition lo hi = do
            pivot <- readArray arr hi
            let loop i j
                  | j >= hi = swap (i + 1) hi >> return (i + 1)
                  | otherwise = do
                      v <- readArray arr j
                      if v <= pivot
                        then swap (i + 1) j >> loop (i + 1) (j + 1)
                        else loop i (j + 1)
            loop (lo - 1) lo
          qs lo hi = when (lo < hi) $ do
            p <- partition lo hi
            qs lo (p - 1)
            qs (p + 1) hi
      qs 0 (n - 1)
      return arr

-- union-find with path compression on STUArray
components :: Int -> [(Int, Int)] -> (Int, [Int])
components n es = runST $ do
  parent <- newListArray (0, n - 1) [0 .. n - 1] :: ST s (STUArray s Int Int)
  rank <- newArray (0, n - 1) 0 :: ST s (STUArray s Int Int)
  let find x = do
        p <- readArray parent x
        if p == x
          then return x
          else do
            r <- find p
            writeArray parent x r
            return r
      union a b = do
        ra <- find a
        rb <- find b
        if ra == rb
          then return False
          else do
            ka <- readArray rank ra
            kb <- readArray rank rb
            case compare ka kb of
              LT -> writeArray parent ra rb
              GT -> writeArray parent rb ra
              EQ -> writeArray parent rb ra >> writeArray rank ra (ka + 1)
            return True
  merged <- foldM (\c (a, b) -> do { u <- union a b; return (if u then c + 1 else c) }) (0 :: Int) es
  roots <- mapM find [0 .. n - 1]
  return (n - merged, take 20 roots)

histogramST :: [Int] -> Array Int Int
histogramST xs = runSTArray $ do
  h <- newArray (0, 9) 0 :: ST s (STArray s Int Int)
  forM_ xs $ \x -> do
    let b = x `mod` 10
    v <- readArray h b
    writeArray h b (v + 1)
  return h

main :: IO ()
main = do
  putStrLn "== IORef"
  counter <- newIORef (0 :: Int)
  forM_ [1 .. 100000] $ \i -> modifyIORef' counter (+ i)
  readIORef counter >>= print
  logRef <- newIORef []
  let logMsg s = modifyIORef logRef (s :)
  logMsg "first"
  logMsg "second"
  old <- atomicModifyIORef' counter (\v -> (v * 2, v))
  new <- readIORef counter
  logMsg ("old=" ++ show old ++ " new=" ++ show new)
  readIORef logRef >>= mapM_ putStrLn . reverse
  writeIORef counter 7
  atomicWriteIORef counter 8
  r <- atomicModifyIORef counter (\v -> (v + 1, v * 100))
  readIORef counter >>= \v -> print (r, v)
  -- an IORef holding a function and a lazily built structure
  fref <- newIORef (+ (1 :: Int))
  modifyIORef fref (\f -> f . (* 2))
  f <- readIORef fref
  print (map f [1 .. 5])
  putStrLn "== ST"
  print (sumST [1 .. 1000], fibST 100, fibST 0)
  let xs = lcgList 2000 42
  let sorted = quicksortST xs
  print (take 15 sorted, last sorted, length sorted)
  print (and (zipWith (<=) sorted (tail sorted)), sum sorted == sum xs)
  let edges = zip (lcgList 300 7 `modAll` 500) (lcgList 300 99 `modAll` 500)
      modAll ys m = map (`mod` m) ys
  print (components 500 edges)
  print (histogramST xs)
  putStrLn "== IOArray / IOUArray"
  arr <- newArray (1, 10) 0 :: IO (IOUArray Int Int)
  forM_ [1 .. 10] $ \i -> writeArray arr i (i * i)
  forM_ [2 .. 10] $ \i -> do
    prev <- readArray arr (i - 1)
    cur <- readArray arr i
    writeArray arr i (prev + cur)
  getElems arr >>= print
  getBounds arr >>= print
  frozen <- freeze arr :: IO (UArray Int Int)
  print (frozen U.! 10, U.bounds frozen)
  boxed <- newArray (0, 4) [] :: IO (IOArray Int [String])
  forM_ (words "alpha beta gamma delta epsilon zeta eta theta iota kappa") $ \wd ->
    readArray boxed (length wd `mod` 5) >>= writeArray boxed (length wd `mod` 5) . (wd :)
  getElems boxed >>= print
  let pure' = listArray (0, 4) "hello" :: Array Int Char
  th <- thaw pure' :: IO (IOArray Int Char)
  writeArray th 0 'j'
  frozen2 <- freeze th :: IO (Array Int Char)
  print (elems pure', elems frozen2, bounds frozen2, frozen2 ! 4)
  -- Game of life on a torus with IOUArray double buffering
  let size = 12
  cur <- newListArray (0, size * size - 1) [if (x, y) `elem` glider then 1 else 0 | y <- [0 .. size - 1], x <- [0 .. size - 1]] :: IO (IOUArray Int Int)
  nxt <- newArray (0, size * size - 1) 0 :: IO (IOUArray Int Int)
  bufs <- newIORef (cur, nxt)
  forM_ [1 .. 24 :: Int] $ \_ -> do
    (a, b) <- readIORef bufs
    forM_ [0 .. size - 1] $ \y -> forM_ [0 .. size - 1] $ \x -> do
      ns <- mapM (\(dx, dy) -> readArray a (((y + dy) `mod` size) * size + (x + dx) `mod` size))
                 [(dx, dy) | dx <- [-1, 0, 1], dy <- [-1, 0, 1], (dx, dy) /= (0, 0)]
      c <- readArray a (y * size + x)
      let s = sum ns
      writeArray b (y * size + x) (if s == 3 || (s == 2 && c == 1) then 1 else 0)
    writeIORef bufs (b, a)
  (final, _) <- readIORef bufs
  cells <- getElems final
  mapM_ putStrLn [concat [if cells !! (y * size + x) == 1 then "#" else "." | x <- [0 .. size - 1]] | y <- [0 .. size - 1]]
  where
    glider = [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)] :: [(Int, Int)]
