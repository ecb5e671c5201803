-- getArgs / getProgName, the RTS's capability count (base reads the RTS variable
-- enabled_capabilities), a hand-written option parser, and
-- exitWith (ExitFailure 3) after flushing output (stdout is block-buffered
-- when redirected, so hFlush matters for ordering with stderr).
module Main (main) where

import Control.Concurrent (getNumCapabilities, rtsSupportsBoundThreads)
import Control.Monad (forM_, when)
import GHC.Conc (numCapabilities)
import Data.List (isPrefixOf)
import System.Environment (getArgs, getProgName)
import System.Exit (ExitCode (..), exitWith)
import System.IO (hFlush, hPutStrLn, stderr, stdout)

data Opts = Opts { verbose :: Bool, count :: Int, number :: Maybe Int, positional :: [String] }
  deriving Show

parseArgs :: [String] -> Either String Opts
parseArgs = go (Opts False 1 Nothing [])
  where
    go o [] = Right o { positional = reverse (positional o) }
    go o ("--verbose" : rest) = go o { verbose = True } rest
    go o (a : rest)
      | "--count=" `isPrefixOf` a = case reads (drop 8 a) of
          [(n, "")] -> go o { count = n } rest
          _ -> Left ("bad count: " ++ a)
    go o ("-n" : v : rest) = case reads v of
      [(n, "")] -> go o { number = Just n } rest
      _ -> Left ("bad -n value: " ++ v)
    go _ ["-n"] = Left "-n needs a value"
    go o (a : rest) = go o { positional = a : positional o } rest

main :: IO ()
main = do
  args <- getArgs
  name <- getProgName
  print args
  putStrLn ("program name: " ++ name)
  caps <- getNumCapabilities
  putStrLn ("capabilities: " ++ show (caps, numCapabilities, rtsSupportsBoundThreads))
  putStrLn ("argument count: " ++ show (length args))
  forM_ (zip [0 :: Int ..] args) $ \(i, a) ->
    putStrLn ("  argv[" ++ show i ++ "] = " ++ show a ++ " (" ++ show (length a) ++ " chars)")
  case parseArgs args of
    Left err -> hPutStrLn stderr err >> exitWith (ExitFailure 2)
    Right o -> do
      print o
      forM_ [1 .. count o] $ \k -> putStrLn (replicate k '*')
      when (verbose o) $ putStrLn ("positional words: " ++ unwords (positional o))
      let total = maybe 0 (* count o) (number o)
      putStrLn ("total = " ++ show total)
      hFlush stdout
      hPutStrLn stderr ("exiting with code 3 (total " ++ show total ++ ")")
      when (total > 0) $ exitWith (ExitFailure 3)
      putStrLn "not reached with the default args"
