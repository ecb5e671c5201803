-- Benchmark: naive doubly-recursive Fibonacci on Int (call-heavy, no
-- allocation in the optimised native code), plus an Integer version and a
-- memoised version for a cross-check.
-- Usage: fib [N]   (default N = 40, ~0.5 s natively at -O2; the test suite
-- passes a small N via the `args` file)
module Main (main) where

import System.Environment (getArgs)

fib :: Int -> Int
fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)

fibInteger :: Integer -> Integer
fibInteger n
  | n < 2 = n
  | otherwise = fibInteger (n - 1) + fibInteger (n - 2)

-- number of calls made by `fib n`
calls :: Int -> Int
calls n = if n < 2 then 1 else 1 + calls (n - 1) + calls (n - 2)

fibMemo :: Int -> Integer
fibMemo n = memo !! n
  where
    memo = map f [0 ..]
    f 0 = 0
    f 1 = 1
    f k = memo !! (k - 1) + memo !! (k - 2)

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a
        [] -> 40
  let r = fib n
  putStrLn ("fib " ++ show n ++ " = " ++ show r)
  putStrLn ("calls: " ++ show (calls (n - 5)) ++ " for fib " ++ show (n - 5))
  putStrLn ("fibInteger " ++ show (n - 8) ++ " = " ++ show (fibInteger (fromIntegral (n - 8))))
  putStrLn ("memo agrees: " ++ show (fibMemo n == fromIntegral r))
  putStrLn ("fib 90 (memo) = " ++ show (fibMemo 90))
  mapM_ (\k -> putStrLn (show k ++ " -> " ++ show (fib k))) [0 .. min 20 n]
