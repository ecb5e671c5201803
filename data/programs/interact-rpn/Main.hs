-- `interact` with a lazy transformation: each input line is an RPN
-- expression over Integers (with a few functions); each output line shows
-- the result or an error. Input is consumed lazily line by line.
module Main (main) where

import Data.Char (isDigit)
import Data.List (intercalate)

data Val = I Integer | D Double

instance Show Val where
  show (I n) = show n
  show (D d) = show d

toD :: Val -> Double
toD (I n) = fromIntegral n
toD (D d) = d

evalRPN :: String -> Either String [Val]
evalRPN = go [] . words
  where
    go st [] = Right st
    go st (t : ts) = step st t >>= \st' -> go st' ts
    step st t
      | isNum t = Right (I (read t) : st)
    step (b : a : st) "+" = arith (+) (+) a b st
    step (b : a : st) "-" = arith (-) (-) a b st
    step (b : a : st) "*" = arith (*) (*) a b st
    step (I 0 : _ : _) "/" = Left "division by zero"
    step (I b : I a : st) "/" = Right (I (a `div` b) : st)
    step (b : a : st) "/" = Right (D (toD a / toD b) : st)
    step (I 0 : _ : _) "%" = Left "division by zero"
    step (I b : I a : st) "%" = Right (I (a `mod` b) : st)
    step (I b : I a : st) "^"
      | b >= 0 = Right (I (a ^ b) : st)
    step (b : a : st) "^" = Right (D (toD a ** toD b) : st)
    step (b : a : st) "max" = Right ((if toD a >= toD b then a else b) : st)
    step (b : a : st) "min" = Right ((if toD a <= toD b then a else b) : st)
    step (b : a : st) "swap" = Right (a : b : st)
    step (a : st) "dup" = Right (a : a : st)
    step (_ : st) "drop" = Right st
    step (I a : st) "neg" = Right (I (negate a) : st)
    step (a : st) "sqrt" = Right (D (sqrt (toD a)) : st)
    step (I a : st) "fact"
      | a >= 0 = Right (I (product [1 .. a]) : st)
    step st "sum" = Right [foldr (\x acc -> case (x, acc) of
                                     (I p, I q) -> I (p + q)
                                     _ -> D (toD x + toD acc)) (I 0) st]
    step st t = Left ("cannot apply " ++ show t ++ " to stack of depth " ++ show (length st))
    arith fi fd a b st = Right (r : st)
      where
        r = case (a, b) of
          (I x, I y) -> I (fi x y)
          _ -> D (fd (toD a) (toD b))
    isNum ('-' : ds@(_ : _)) = all isDigit ds
    isNum ds = not (null ds) && all isDigit ds

render :: (Int, String) -> String
render (n, l) = show n ++ "> " ++ l ++ "\n   " ++ result
  where
    result = case evalRPN l of
      Left err -> "error: " ++ err
      Right [] -> "(empty)"
      Right [v] -> "= " ++ show v
      Right vs -> "stack: " ++ intercalate " " (map show (reverse vs))

main :: IO ()
main = interact $ \input ->
  let ls = lines input
  in unlines (map render (zip [1 ..] ls)) ++ "processed " ++ show (length ls) ++ " lines\n"
