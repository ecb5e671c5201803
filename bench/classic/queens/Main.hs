-- queens: all solutions of the N-queens problem by list comprehension (nofib
-- imaginary/queens style). List-heavy: filters, zips, nested generators.
module Main (main) where

import System.Environment (getArgs)

queens :: Int -> [[Int]]
queens n = go n
  where
    go 0 = [[]]
    go k = [q : qs | qs <- go (k - 1), q <- [1 .. n], safe q qs]
    safe q qs = and [q /= c && abs (q - c) /= d | (d, c) <- zip [1 ..] qs]

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      sols = queens n
  print (length sols)
  print (head sols, last sols)
  print (foldl (\h s -> (h * 31 + foldl (\x q -> x * 17 + q) 0 s) `mod` 1000000007) 7 sols)
