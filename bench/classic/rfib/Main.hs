-- rfib: the nfib benchmark on Double (nofib imaginary/rfib style): counts its own calls in
-- floating point. Boxed/unboxed Double arithmetic, non-tail recursion.
module Main (main) where

import System.Environment (getArgs)

nfib :: Double -> Double
nfib n = if n <= 1 then 1 else nfib (n - 1) + nfib (n - 2) + 1

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Double
  print (nfib n)
  print (map nfib [1 .. 10])
