{-# LANGUAGE ScopedTypeVariables #-}
-- A non-zero exit code (42) raised deep inside nested brackets; a
-- SomeException handler observes the ExitCode exception and rethrows it.
-- Output is unbuffered (NoBuffering) on stdout, so it interleaves with stderr.
module Main (main) where

import Control.Exception (SomeException, bracket_, fromException, throwIO, catch)
import Control.Monad (forM_, when)
import System.Exit (ExitCode (..), exitWith)
import System.IO (BufferMode (..), hPutStrLn, hSetBuffering, stderr, stdout)

validate :: Int -> [Int] -> IO Int
validate depth xs = bracket_ (say ("enter level " ++ show depth)) (say ("leave level " ++ show depth)) $ do
  let s = sum xs
  say ("level " ++ show depth ++ " sum " ++ show s)
  when (s > 1000) $ do
    hPutStrLn stderr ("error: sum " ++ show s ++ " exceeds limit at level " ++ show depth)
    exitWith (ExitFailure 42)
  validate (depth + 1) (map (* 3) xs)
  where
    say = putStrLn . (replicate (2 * depth) ' ' ++)

main :: IO ()
main = do
  hSetBuffering stdout NoBuffering
  forM_ [ExitSuccess, ExitFailure 1] $ \c -> putStrLn ("exit code value: " ++ show c)
  r <- validate 0 [1, 2, 3, 4, 5] `catch` \(e :: SomeException) -> do
    case fromException e of
      Just (code :: ExitCode) -> putStrLn ("observed " ++ show code ++ ", rethrowing")
      Nothing -> putStrLn "unexpected exception"
    throwIO e
  print r
