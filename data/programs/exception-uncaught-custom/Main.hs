-- An uncaught custom exception thrown from IO after some output. The
-- runtime's top-level handler prints "<prog>: " ++ show e to stderr (GHC 9.0
-- uses show, not displayException, there) and exits with code 1. Also checks that a `finally` handler runs
-- before the program dies.
module Main (main) where

import Control.Exception (Exception (..), throwIO, finally)
import Control.Monad (forM_, when)
import System.IO (hPutStrLn, stderr)

data ConfigError = ConfigError { configKey :: String, configLine :: Int, reason :: String }
  deriving Show

instance Exception ConfigError where
  displayException (ConfigError k l r) =
    "configuration error at line " ++ show l ++ ": key " ++ show k ++ ": " ++ r

config :: [String]
config =
  [ "name = stgvm"
  , "threads = 4"
  , "# a comment"
  , "verbose = yes"
  , "heap-size = 64M"
  , "timeout = -5"
  , "never = parsed"
  ]

parseLine :: Int -> String -> IO (Maybe (String, String))
parseLine n l
  | null l || head l == '#' = return Nothing
  | otherwise = case break (== '=') l of
      (k, '=' : v) -> do
        let key = trim k
            val = trim v
        when (key == "timeout" && take 1 val == "-") $
          throwIO (ConfigError key n "must be non-negative")
        return (Just (key, val))
      _ -> throwIO (ConfigError l n "missing '='")
  where
    trim = reverse . dropWhile (== ' ') . reverse . dropWhile (== ' ')

main :: IO ()
main = do
  putStrLn "loading configuration"
  (forM_ (zip [1 ..] config) $ \(n, l) -> do
      r <- parseLine n l
      case r of
        Nothing -> putStrLn ("line " ++ show n ++ ": skipped")
        Just (k, v) -> putStrLn ("line " ++ show n ++ ": " ++ k ++ " -> " ++ v))
    `finally` hPutStrLn stderr "cleanup handler ran"
  putStrLn "configuration loaded (not reached)"
