-- HeapOverflow under a heap limit (run with -M16m / --max-heap 16M by the test suite; without
-- a limit it just computes): caught once, the program goes on, and a second overflow is
-- again an exception the program catches, not the end of the machine.
import Control.Exception

bigSum :: Integer -> Integer
bigSum n = let xs = [1 .. n] in sum xs + fromIntegral (length xs)  -- xs stays live: O(n) heap
{-# NOINLINE bigSum #-}

attempt :: Integer -> IO ()
attempt n = do
  r <- try (evaluate (bigSum n))
  case r of
    Left HeapOverflow -> putStrLn ("bigSum " ++ show n ++ ": heap overflow, caught")
    Left e -> putStrLn ("bigSum " ++ show n ++ ": " ++ show e)
    Right v -> putStrLn ("bigSum " ++ show n ++ " = " ++ show v)

main :: IO ()
main = do
  attempt 1000
  attempt 3000000
  attempt 2000
  attempt 4000000
  attempt 3000
  putStrLn "still running"
