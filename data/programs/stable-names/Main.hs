-- Stable names (System.Mem.StableName), in the spirit of GHC's own stable-name tests:
-- identity of objects across collections, names of thunks and of their values, observable
-- sharing in a DAG, the table growing, and names that die and are made again.
module Main where

import Control.Exception (evaluate)
import Control.Monad
import Data.IORef
import qualified Data.IntMap.Strict as IM
import Data.List (foldl')
import System.Mem (performGC)
import System.Mem.StableName

data Expr = Lit Int | Add Expr Expr | Mul Expr Expr

-- A DAG with heavy sharing: as a tree it has 2^n leaves.
shared :: Int -> Expr
shared 0 = Lit 1
shared n = let e = shared (n - 1) in if even n then Add e e else Mul e (Lit n)

-- Counts the distinct nodes of an expression by stable name (observable sharing).
distinct :: Expr -> IO Int
distinct root = do
  seen <- newIORef (IM.empty :: IM.IntMap [StableName Expr])
  let visit e = do
        e' <- evaluate e
        sn <- makeStableName e'
        m <- readIORef seen
        let h = hashStableName sn
        if maybe False (elem sn) (IM.lookup h m)
          then return ()
          else do
            writeIORef seen (IM.insertWith (++) h [sn] m)
            case e' of
              Lit _ -> return ()
              Add a b -> visit a >> visit b
              Mul a b -> visit a >> visit b
  visit root
  sum . map length . IM.elems <$> readIORef seen

eval :: Expr -> Integer
eval (Lit n) = fromIntegral n
eval (Add a b) = eval a + eval b
eval (Mul a b) = eval a * eval b

main :: IO ()
main = do
  let xs = [1 .. 10 :: Int]
      ys = [2 .. 11 :: Int]
  a <- makeStableName xs
  b <- makeStableName xs
  c <- makeStableName ys
  print (a == b, a == c, eqStableName a b, hashStableName a == hashStableName b)
  -- The first names the program makes, numbered as GHC numbers them (all still alive).
  print (map hashStableName [a, b, c])

  -- A thunk and its value: the name is the value's once the thunk has been evaluated.
  n <- evaluate (length xs * 100)
  let t = sum [1 .. n]
  st <- makeStableName t
  st' <- makeStableName t
  _ <- evaluate t
  sv <- makeStableName t
  sv' <- makeStableName t
  print (st == st', sv == sv', st == sv, t)
  print (map hashStableName [st, sv])

  -- Names survive collections: the same object gets the same name after it has moved.
  objs <- forM [1 .. 300 :: Int] $ \i -> evaluate (Just (i * 7))
  before <- mapM makeStableName objs
  performGC
  after <- mapM makeStableName objs
  print (and (zipWith (==) before after), length (filter id [p == q | (p, q) <- zip before (tail before)]))
  print (length (IM.fromList [(hashStableName s, ()) | s <- after]))

  -- Observable sharing: the DAG has 2n+1-ish nodes, not 2^n.
  forM_ [4, 10, 20, 40] $ \n -> do
    let e = shared n
    k <- distinct e
    putStrLn ("shared " ++ show n ++ ": " ++ show k ++ " distinct nodes, value " ++ show (eval e `mod` 1000003))

  -- Names nobody keeps die with their collection; new names still work afterwards.
  forM_ [1 .. 5 :: Int] $ \round -> do
    tmp <- forM [1 .. 2000 :: Int] $ \i -> evaluate [i, round] >>= makeStableName
    let ok = length (IM.fromList [(hashStableName s, ()) | s <- tmp])
    performGC
    again <- makeStableName xs
    putStrLn ("round " ++ show round ++ ": " ++ show ok ++ " distinct, xs still " ++ show (again == a))
  print (foldl' (+) 0 xs + sum ys)
