-- exp3_8: exponentiation in Peano arithmetic (nofib imaginary/exp3_8 style): natural
-- numbers as a data type with a Num instance, x^y by repeated multiplication, multiplication
-- by repeated addition. Allocation of long constructor chains, lazy evaluation.
module Main (main) where

import System.Environment (getArgs)

data Nat = Z | S Nat

instance Eq Nat where
  Z == Z = True
  S a == S b = a == b
  _ == _ = False

instance Ord Nat where
  compare Z Z = EQ
  compare Z (S _) = LT
  compare (S _) Z = GT
  compare (S a) (S b) = compare a b

instance Num Nat where
  Z + y = y
  S x + y = S (x + y)
  _ * Z = Z
  x * S y = x + (x * y)
  x - Z = x
  S x - S y = x - y
  Z - S _ = error "negative Nat"
  fromInteger 0 = Z
  fromInteger n = S (fromInteger (n - 1))
  abs = id
  signum Z = Z
  signum _ = S Z
  negate = error "negate Nat"

infixr 8 ^^^
(^^^) :: Nat -> Nat -> Nat
_ ^^^ Z = S Z
x ^^^ S y = x * (x ^^^ y)

toInt :: Nat -> Int
toInt = go 0
  where
    go acc Z = acc
    go acc (S n) = let acc' = acc + 1 in acc' `seq` go acc' n

main :: IO ()
main = do
  [a, b] <- map read <$> getArgs
  let x = fromInteger a :: Nat
      ys = [fromInteger k | k <- [0 .. b]] :: [Nat]
      powers = [toInt (x ^^^ y) | y <- ys]
  print powers
  let big = x ^^^ fromInteger b
  print (toInt (big - x ^^^ fromInteger (b - 1)), big > x * x ^^^ fromInteger (b - 1), big == big)
