-- | stgbin-check: decodes module.stgbin files back to 'SModule' and checks
--
-- * that 'decodeOrFail' consumes every byte,
-- * that re-encoding gives the identical bytes,
-- * with @--dump@: that rendering the decoded module gives exactly the
--   module.stgdump written next to it,
-- * that every occurrence resolves (the dump renderer fails otherwise),
-- * with @--link@: that every external top id of every module names a
--   ModulePublic top-level binder of some checked module under the same
--   unique name (extstg-format.md §3.4; GHC.Prim built-ins excepted), and that
--   no two top-level binders share a unique name.
--
-- Usage: stgbin-check [--dump] [--link] PATH...   (a PATH is a module.stgbin file or a
-- directory searched recursively for module.stgbin files)
--
-- Prints per-failure lines, totals (modules, top-level binders, all binders,
-- bytes) and a final "N passed, M failed" line; exits 1 if anything failed.
module Main (main) where

import Control.Exception (SomeException, evaluate, try)
import Control.Monad (foldM, forM)
import Data.Binary (decodeOrFail, encode)
import qualified Data.ByteString.Lazy as BL
import Data.IORef
import Data.List (isSuffixOf, sort)
import System.Directory
import System.Environment (getArgs)
import System.Exit
import System.FilePath
import System.IO

import qualified Data.ByteString as BS
import qualified Data.ByteString.Char8 as BS8
import qualified Data.Map.Strict as Map

import ExtStg.Pretty (renderModule, showUnique)
import ExtStg.Syntax

findStgbins :: FilePath -> IO [FilePath]
findStgbins p = do
  isDir <- doesDirectoryExist p
  if not isDir
    then pure [p]
    else do
      entries <- sort <$> listDirectory p
      concat <$> forM entries (\e -> do
        let q = p </> e
        d <- doesDirectoryExist q
        if d then findStgbins q else pure [q | "module.stgbin" `isSuffixOf` e])

data Counts = Counts !Int !Int

countModule :: SModule -> Counts
countModule m = foldl addTop (Counts 0 0) (moduleTopBindings m)
  where
    addTop (Counts t a) tb = case tb of
      StgTopLifted b -> let (n, k) = binding b in Counts (t + n) (a + k)
      StgTopStringLit _ _ -> Counts (t + 1) (a + 1)
    binding (StgNonRec _ r) = (1, 1 + rhs r)
    binding (StgRec ps) = (length ps, sum [1 + rhs r | (_, r) <- ps])
    rhs (StgRhsClosure _ _ ps e) = length ps + expr e
    rhs (StgRhsCon _ _) = 0
    expr e = case e of
      StgCase s _ _ alts -> expr s + 1 + sum [length bs + expr r | Alt _ bs r <- alts]
      StgLet b body -> snd (binding b) + expr body
      StgLetNoEscape b body -> snd (binding b) + expr body
      StgTick _ body -> expr body
      _ -> 0

main :: IO ()
main = do
  args <- getArgs
  let checkDump = "--dump" `elem` args
      checkLink = "--link" `elem` args
      paths = filter (`notElem` ["--dump", "--link"]) args
  if null paths
    then do
      hPutStrLn stderr "usage: stgbin-check [--dump] [--link] PATH..."
      exitWith (ExitFailure 2)
    else pure ()
  files <- concat <$> mapM findStgbins paths
  failed <- newIORef (0 :: Int)
  let failWith f msg = do
        hPutStrLn stderr ("FAIL " ++ f ++ ": " ++ msg)
        modifyIORef' failed (+ 1)
  linkRef <- newIORef ([] :: [SModule])
  (nOk, Counts tops alls, bytes) <- foldM (\acc@(ok, Counts t a, by) f -> do
      bs <- BL.readFile f
      case decodeOrFail bs of
        Left (_, off, err) -> failWith f ("decode error at byte " ++ show off ++ ": " ++ err) >> pure acc
        Right (rest, used, m)
          | not (BL.null rest) ->
              failWith f ("decoding stopped at byte " ++ show used ++ " of " ++ show (BL.length bs)) >> pure acc
          | encode (m :: SModule) /= bs -> failWith f "re-encoding differs" >> pure acc
          | otherwise -> do
              r <- try (evaluate (renderModule m) >>= \d -> BL.length d `seq` pure d)
              dumpOk <- case r of
                Left e -> failWith f ("dump: " ++ show (e :: SomeException)) >> pure False
                Right d
                  | checkDump -> do
                      let dumpFile = takeDirectory f </> "module.stgdump"
                      have <- doesFileExist dumpFile
                      if not have
                        then failWith f "no module.stgdump next to it" >> pure False
                        else do
                          old <- BL.readFile dumpFile
                          if old == d then pure True else failWith f "module.stgdump differs from the rendering" >> pure False
                  | otherwise -> pure True
              if dumpOk
                then do
                  let Counts t' a' = countModule m
                  if checkLink then modifyIORef' linkRef (stripModule m :) else pure ()
                  pure (ok + 1, Counts (t + t') (a + a'), by + BL.length bs)
                else pure acc)
    (0 :: Int, Counts 0 0, 0) files
  if checkLink then readIORef linkRef >>= linkCheck (modifyIORef' failed (+ 1)) else pure ()
  nFail <- readIORef failed
  putStrLn ("modules: " ++ show (length files) ++ ", top-level binders: " ++ show tops
            ++ ", binders: " ++ show alls ++ ", stgbin bytes: " ++ show bytes)
  putStrLn (show nOk ++ " passed, " ++ show nFail ++ " failed")
  if nFail == 0 then exitSuccess else exitFailure

-- | Keeps what the link check needs (top binders without code).
stripModule :: SModule -> SModule
stripModule m = m {moduleTopBindings = map strip (moduleTopBindings m)}
  where
    strip (StgTopLifted (StgNonRec b _)) = StgTopStringLit b BS.empty
    strip (StgTopLifted (StgRec ps)) = StgTopLifted (StgRec [(b, StgRhsCon (DataConId (Unique 'x' 0)) []) | (b, _) <- ps])
    strip t = t

uniqueName :: UnitId -> ModuleName -> SBinder -> BS.ByteString
uniqueName (UnitId u) (ModuleName mn) b
  | sbinderId b == BinderId (Unique '0' 101) = BS8.pack "main_:Main.main"
  | sbinderScope b == ModulePublic = BS.concat [u, BS8.pack "_", mn, BS8.pack ".", sbinderName b]
  | otherwise = BS.concat [u, BS8.pack "_", mn, BS8.pack ".", sbinderName b, BS8.pack "_", BS8.pack (showUnique u')]
  where
    BinderId u' = sbinderId b

linkCheck :: IO () -> [SModule] -> IO ()
linkCheck bump mods = do
  let defs =
        Map.fromListWith (++)
          [ (uniqueName (moduleUnitId m) (moduleName m) b, [moduleKey m])
          | m <- mods
          , tb <- moduleTopBindings m
          , b <- case tb of
              StgTopLifted (StgNonRec x _) -> [x]
              StgTopLifted (StgRec ps) -> map fst ps
              StgTopStringLit x _ -> [x]
          ]
      dups = [(n, ms) | (n, ms) <- Map.toList defs, length ms > 1]
      refs =
        Map.fromListWith (+)
          [ ((mn, uniqueName u mn b), 1 :: Int)
          | m <- mods
          , (u, ms) <- moduleExternalTopIds m
          , (mn, bs) <- ms
          , b <- bs
          ]
      prim = [n | ((ModuleName mn, n), _) <- Map.toList refs, mn == BS8.pack "GHC.Prim"]
      missing = [(n, c) | ((ModuleName mn, n), c) <- Map.toList refs, mn /= BS8.pack "GHC.Prim", not (Map.member n defs)]
      roots = [n | n <- Map.keys defs, n == BS8.pack "main_:Main.main"]
      moduleKey m = let UnitId u = moduleUnitId m; ModuleName mn = moduleName m in BS8.unpack u ++ ":" ++ BS8.unpack mn
  putStrLn ("link: " ++ show (Map.size defs) ++ " top-level unique names, " ++ show (Map.size refs)
            ++ " distinct external references, " ++ show (length roots) ++ " program root(s)")
  putStrLn ("link: GHC.Prim references without definition (expected): " ++ unwords (map BS8.unpack prim))
  mapM_ (\(n, ms) -> bump >> hPutStrLn stderr ("FAIL link: " ++ BS8.unpack n ++ " defined in " ++ unwords ms)) dups
  mapM_ (\(n, c) -> bump >> hPutStrLn stderr ("FAIL link: unresolved " ++ BS8.unpack n ++ " (referenced by " ++ show c ++ " module(s))")) missing
