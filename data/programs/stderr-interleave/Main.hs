-- stdout and stderr output interleaved: a fake "build" that reports
-- progress on stdout and warnings/errors on stderr (hPutStrLn, hPutStr,
-- hPrint), with explicit hFlush so a merged capture is ordered, plus
-- hSetBuffering modes and hGetBuffering.
module Main (main) where

import Control.Monad (forM_, when, unless)
import Data.List (isInfixOf)
import System.IO

data Module = Module { modName :: String, deps :: [String], source :: [String] }

modules :: [Module]
modules =
  [ Module "Data.Core" [] ["data T = T Int", "f x = x + 1", "-- TODO tidy", "g = undefined"]
  , Module "Data.Util" ["Data.Core"] ["h = f 2", "k = head []"]
  , Module "App.Main" ["Data.Util", "Data.Core"] ["main = print (h, k)", "unused = 3"]
  , Module "App.Broken" ["Missing.Module"] ["x = y"]
  ]

lint :: Module -> [(Int, String)]
lint m = concat [check n l | (n, l) <- zip [1 ..] (source m)]
  where
    check n l =
      [(n, "use of partial function 'head'") | "head" `isInfixOf` l]
        ++ [(n, "undefined in source") | "undefined" `isInfixOf` l]
        ++ [(n, "TODO comment") | "TODO" `isInfixOf` l]

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  hSetBuffering stderr NoBuffering
  bo <- hGetBuffering stdout
  be <- hGetBuffering stderr
  putStrLn ("buffering: stdout " ++ show bo ++ ", stderr " ++ show be)
  let known = map modName modules
  results <- mapM (build known) (zip [1 :: Int ..] modules)
  let failures = length (filter not results)
  hPutStr stderr "summary: "
  hPrint stderr (failures, length modules)
  putStrLn ("built " ++ show (length (filter id results)) ++ " of " ++ show (length modules) ++ " modules")
  hSetBuffering stdout (BlockBuffering Nothing)
  forM_ [1 .. 5 :: Int] $ \i -> do
    putStr ("block-buffered line " ++ show i ++ "\n")
    when (i == 3) $ do
      hFlush stdout
      hPutStrLn stderr "  (stderr after flushing 3 stdout lines)"
  hFlush stdout
  hPutStrLn stderr "done."
  where
    build known (i, m) = do
      putStrLn ("[" ++ show i ++ "/" ++ show (length modules) ++ "] Compiling " ++ modName m)
      let missing = filter (`notElem` known) (deps m)
      unless (null missing) $
        hPutStrLn stderr (modName m ++ ": error: could not find module(s) " ++ unwords missing)
      forM_ (lint m) $ \(n, msg) ->
        hPutStrLn stderr (modName m ++ ":" ++ show n ++ ": warning: " ++ msg)
      let ok = null missing
      putStrLn ("    " ++ (if ok then "ok" else "FAILED") ++ " (" ++ show (length (source m)) ++ " lines)")
      return ok
