-- tak: the Takeuchi function on Int (nofib imaginary/tak style) over a few argument
-- triples. Strict Int arithmetic and deep non-tail recursion; no allocation to speak of.
module Main (main) where

import System.Environment (getArgs)

tak :: Int -> Int -> Int -> Int
tak x y z
  | not (y < x) = z
  | otherwise = tak (tak (x - 1) y z) (tak (y - 1) z x) (tak (z - 1) x y)

main :: IO ()
main = do
  [a, b, c] <- map read <$> getArgs
  let rs = [tak (a - i) (b - i) (c - i `mod` 3) | i <- [0 .. 3]]
  print rs
  print (sum rs)
