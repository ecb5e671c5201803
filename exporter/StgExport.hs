{-# LANGUAGE LambdaCase #-}
-- | stgvm-export: a GHC 9.0.2 API driver that compiles like @ghc --make@ and,
-- for every module it compiles to object code, exports GHC's final STG in the
-- external STG format.
--
-- Usage: @stgvm-export <libdir> <ghc flags and targets...> [+RTS -N2 -RTS]@
--
-- Per compiled module it writes into
-- @<odir>/extra-compilation-artifacts/wpc-plugin/hs-modules/<Module/Path>.<osuf>/@:
--
-- * @module.stgbin@  — Data.Binary encoding of the 'S.SModule' (extstg-format.md §2)
-- * @module.stgdump@ — the @--full@ text dump (docs/dump-format.md)
-- * @module.info@    — compilation info (extstg-format.md §1.5)
-- * @module.ghcstg@  — GHC's own pretty-printed final STG
--
-- When it links an executable it also writes @<exe>.<osuf>_ghc_stgapp@ next to
-- it (extstg-format.md §1.3).  All files are written atomically (temp file +
-- rename) since @-j@ runs the hooks concurrently.
module Main (main) where

import Control.Concurrent.MVar
import Control.Exception (SomeException, evaluate, throwIO, try)
import Control.Monad (unless, when)
import Control.Monad.IO.Class (liftIO)
import Data.Binary (encode)
import qualified Data.ByteString.Lazy as BL
import Data.Char (ord)
import Data.IORef
import Data.List (isPrefixOf, nub, sort)
import qualified Data.Map.Strict as Map
import Data.Maybe (fromMaybe)
import qualified Data.Set as Set
import Data.Version (showVersion)
import Numeric (showHex)
import System.Directory
import System.Environment (getArgs)
import System.Exit
import System.FilePath
import System.IO
import System.IO.Unsafe (unsafePerformIO)
import System.Posix.Process (getProcessID)

import GHC hiding (moduleInfo)
import qualified GHC.Data.EnumSet as EnumSet
import qualified GHC.Data.Stream as Stream
import GHC.Cmm (CmmGroup)
import GHC.Core (CoreExpr)
import GHC.Data.OrdList (OrdList, fromOL)
import GHC.Driver.Hooks
import GHC.Driver.Session
import GHC.Driver.Types
import GHC.Driver.Ways (Way)
import GHC.HsToCore.Foreign.Decl (dsForeigns)
import GHC.Platform (platformOS, stringEncodeOS)
import GHC.Stg.Syntax (CgStgTopBinding, initStgPprOpts, pprGenStgTopBindings)
import qualified GHC.StgToCmm as StgToCmm
import GHC.StgToCmm.Types (ModuleLFInfos)
import GHC.Tc.Types (DsM)
import GHC.Types.CostCentre (CollectedCCs)
import GHC.Tc.Utils.Monad (updTopEnv)
import GHC.Unit.Info
import GHC.Unit.State (getPreloadUnitsAnd, unitDatabasePath)
import GHC.Unit.Types (unitIdString, unitString)
import GHC.Utils.Outputable (showSDocDump)
import qualified GHC.Unit.Module as Mod

import qualified ExtStg.Convert as Convert
import qualified ExtStg.Pretty as Pretty
import qualified ExtStg.Syntax as S

-------------------------------------------------------------------------------
-- Global state shared by the hooks (keyed by "unit:Module")

data StubRec = StubRec !S.ForeignStubs !Bool

{-# NOINLINE stubsVar #-}
stubsVar :: MVar (Map.Map String StubRec)
stubsVar = unsafePerformIO (newMVar Map.empty)

{-# NOINLINE sourcesVar #-}
sourcesVar :: IORef (Map.Map String FilePath)
sourcesVar = unsafePerformIO (newIORef Map.empty)

{-# NOINLINE tmpCounter #-}
tmpCounter :: IORef Int
tmpCounter = unsafePerformIO (newIORef 0)

moduleKey :: Module -> String
moduleKey m = unitString (Mod.moduleUnit m) ++ ":" ++ moduleNameString (Mod.moduleName m)

-------------------------------------------------------------------------------
-- main

main :: IO ()
main = do
  args <- getArgs
  case args of
    (libdir : rest@(_ : _)) | not ("-" `isPrefixOf` libdir) -> runDriver libdir rest
    _ -> do
      hPutStrLn stderr "usage: stgvm-export <ghc-libdir> <ghc flags and targets...>"
      exitWith (ExitFailure 2)

runDriver :: FilePath -> [String] -> IO ()
runDriver libdir argv0 = do
  ok <- defaultErrorHandler defaultFatalMessager defaultFlushOut $ runGhc (Just libdir) $ do
    dflags0 <- getSessionDynFlags
    let argv = filter (`notElem` ["--make"]) argv0
        dflags1 = dflags0 {ghcMode = CompManager, ghcLink = LinkBinary, verbosity = 1}
    (dflags2, leftover, warns) <- parseDynamicFlags dflags1 (map noLoc argv)
    liftIO $ handleFlagWarnings dflags2 warns
    let leftArgs = map unLoc leftover
        badFlags = filter ("-" `isPrefixOf`) leftArgs
    unless (null badFlags) $ liftIO $ do
      hPutStrLn stderr ("stgvm-export: unrecognised flag(s): " ++ unwords badFlags)
      exitWith (ExitFailure 1)
    when (null leftArgs) $ liftIO $ do
      hPutStrLn stderr "stgvm-export: no input files or modules"
      exitWith (ExitFailure 1)
    let hks = (hooks dflags2) {stgToCmmHook = Just exportHook, dsForeignsHook = Just dsForeignsRecorder}
    _ <- setSessionDynFlags dflags2 {hooks = hks}
    targets <- mapM (\t -> guessTarget t Nothing) leftArgs
    setTargets targets
    mg <- depanal [] False
    liftIO $ writeIORef sourcesVar $
      Map.fromList
        [ (moduleKey (ms_mod ms), f)
        | ms <- mgModSummaries mg
        , not (isBootSummary ms == IsBoot)
        , Just f <- [ml_hs_file (ms_location ms)]
        ]
    res <- load LoadAllTargets
    case res of
      Failed -> pure False
      Succeeded -> do
        writeStgAppIfLinked
        pure True
  unless ok exitFailure

-------------------------------------------------------------------------------
-- Hooks

-- | Records the desugared foreign declarations of the module being compiled
-- (for the module's foreign stubs), then returns what GHC itself computes.
dsForeignsRecorder :: [LForeignDecl GhcTc] -> DsM (ForeignStubs, OrdList (Id, CoreExpr))
dsForeignsRecorder fos = do
  r@(stubs, binds) <- updTopEnv withoutHook (dsForeigns fos)
  dflags <- getDynFlags
  this_mod <- Mod.getModule
  let (sstubs, hasExport) = Convert.convertForeignStubs dflags stubs fos (fromOL binds)
  liftIO $ modifyMVar_ stubsVar (pure . Map.insert (moduleKey this_mod) (StubRec sstubs hasExport))
  pure r
  where
    withoutHook env =
      let d = hsc_dflags env
       in env {hsc_dflags = d {hooks = (hooks d) {dsForeignsHook = Nothing}}}

exportHook
  :: DynFlags -> Module -> [TyCon] -> CollectedCCs -> [CgStgTopBinding] -> HpcInfo
  -> Stream.Stream IO CmmGroup ModuleLFInfos
exportHook dflags this_mod tycons ccs binds hpc = do
  Stream.liftIO (exportModule dflags this_mod tycons binds)
  StgToCmm.codeGen dflags this_mod tycons ccs binds hpc

-- | @<odir>/extra-compilation-artifacts/wpc-plugin/hs-modules/<Module/Path>.<osuf>@
moduleArtifactDir :: DynFlags -> Module -> FilePath
moduleArtifactDir dflags m =
  fromMaybe "." (objectDir dflags)
    </> "extra-compilation-artifacts" </> "wpc-plugin" </> "hs-modules"
    </> (map (\c -> if c == '.' then '/' else c) (moduleNameString (Mod.moduleName m)) <.> objectSuf dflags)

exportModule :: DynFlags -> Module -> [TyCon] -> [CgStgTopBinding] -> IO ()
exportModule dflags this_mod tycons binds = do
  let key = moduleKey this_mod
  srcs <- readIORef sourcesVar
  StubRec stubs hasExport <-
    modifyMVar stubsVar $ \m ->
      pure (Map.delete key m, Map.findWithDefault (StubRec S.NoStubs False) key m)
  let smod =
        Convert.convertModule
          Convert.ConvertInput
            { Convert.ciDynFlags = dflags
            , Convert.ciModule = this_mod
            , Convert.ciSourcePath = Map.lookup key srcs
            , Convert.ciForeignStubs = stubs
            , Convert.ciHasForeignExport = hasExport
            , Convert.ciTyCons = tycons
            , Convert.ciBinds = binds
            }
      dir = moduleArtifactDir dflags this_mod
  result <- try $ do
    let stgbin = encode smod
        dump = Pretty.renderModule smod
    _ <- evaluate (BL.length stgbin)
    _ <- evaluate (BL.length dump)
    createDirectoryIfMissing True dir
    writeAtomic (dir </> "module.stgbin") (\h -> BL.hPut h stgbin)
    writeAtomic (dir </> "module.stgdump") (\h -> BL.hPut h dump)
    writeAtomic (dir </> "module.info") $ \h -> do
      hSetEncoding h utf8
      hPutStr h (moduleInfo dflags)
  case result of
    Right () -> pure ()
    Left e -> do
      hPutStrLn stderr ("stgvm-export: exporting " ++ key ++ " failed: " ++ show (e :: SomeException))
      throwIO e
  -- GHC's own text (debugging aid; GHC's printer can panic on some
  -- unfoldings, so fall back to terser settings).
  let render d = showSDocDump d (pprGenStgTopBindings (initStgPprOpts d) binds)
      terse = dflags `gopt_set` Opt_SuppressUnfoldings
      terser = foldl gopt_set terse [Opt_SuppressIdInfo, Opt_SuppressTypeSignatures, Opt_SuppressCoercions]
      attempt [] = pure "-- stgvm-export: GHC could not pretty-print this module's STG\n"
      attempt (d : ds) = do
        r <- try (evaluate (forceString (render d)))
        case r of
          Right txt -> pure (txt ++ "\n")
          Left e -> const (attempt ds) (e :: SomeException)
      forceString str = length str `seq` str
  ghcstg <- attempt [terse, terser]
  writeAtomic (dir </> "module.ghcstg") $ \h -> do
    hSetEncoding h utf8
    hPutStr h ghcstg

moduleInfo :: DynFlags -> String
moduleInfo dflags =
  unlines $
    [ "ghc_name: " ++ show (ghcNameVersion_programName (ghcNameVersion dflags))
    , "ghc_version: " ++ show (ghcNameVersion_projectVersion (ghcNameVersion dflags))
    , "debug_level: " ++ show (debugLevel dflags)
    , "simpl_phases: " ++ show (simplPhases dflags)
    , "max_simpl_iterations: " ++ show (maxSimplIterations dflags)
    , "general_flags:"
    ]
      ++ ["- " ++ show f | f <- EnumSet.toList (generalFlags dflags)]
      ++ ["extension_flags:"]
      ++ ["- " ++ show f | f <- EnumSet.toList (extensionFlags dflags)]
      ++ ["platform: " ++ show (targetPlatform dflags)]

-- | Writes through a temporary file in the same directory, then renames.
writeAtomic :: FilePath -> (Handle -> IO ()) -> IO ()
writeAtomic path body = do
  pid <- getProcessID
  n <- atomicModifyIORef' tmpCounter (\c -> (c + 1, c))
  let tmp = path ++ ".tmp." ++ show pid ++ "." ++ show n
  withBinaryFile tmp WriteMode body
  renameFile tmp path

-------------------------------------------------------------------------------
-- .ghc_stgapp (extstg-format.md §1.3)

data Y = YStr String | YBool Bool | YNull | YList [Y] | YObj [(String, Y)]

renderYaml :: [(String, Y)] -> String
renderYaml = unlines . obj 0
  where
    pad i = replicate i ' '
    obj i kvs = concat [field i k v | (k, v) <- kvs]
    field i k v = case v of
      YList [] -> [pad i ++ k ++ ":"]
      YList xs -> (pad i ++ k ++ ":") : concatMap (item (i + 2)) xs
      YObj [] -> [pad i ++ k ++ ":"]
      YObj kvs -> (pad i ++ k ++ ":") : obj (i + 2) kvs
      _ -> [pad i ++ k ++ ": " ++ scalar v]
    item i v = case v of
      YObj kvs -> (pad i ++ "-") : obj (i + 2) kvs
      YList xs -> (pad i ++ "-") : concatMap (item (i + 2)) xs
      _ -> [pad i ++ "- " ++ scalar v]
    scalar = \case
      YStr s -> '"' : concatMap esc s ++ "\""
      YBool b -> if b then "true" else "false"
      YNull -> "null"
      _ -> error "renderYaml: not a scalar"
    esc = \case
      '"' -> "\\\""
      '\\' -> "\\\\"
      '\n' -> "\\n"
      '\r' -> "\\r"
      '\t' -> "\\t"
      '\b' -> "\\b"
      '\f' -> "\\f"
      c | ord c < 0x20 -> "\\u" ++ let h = showHex (ord c) "" in replicate (4 - length h) '0' ++ h
        | otherwise -> [c]

writeStgAppIfLinked :: Ghc ()
writeStgAppIfLinked = do
  hsc_env <- getSession
  let dflags = hsc_dflags hsc_env
      mg = hsc_mod_graph hsc_env
      mainMod = mainModIs dflags
      noHsMain = gopt Opt_NoHsMain dflags
      linked = ghcLink dflags == LinkBinary && (mgElemModule mg mainMod || noHsMain)
  when linked $ liftIO $ do
    root <- getCurrentDirectory
    let toAbs p = normalise (if isAbsolute p then p else root </> p)
        absList = YList . map YStr . nub . map toAbs
        strList = YList . map YStr . nub
        exe = fromMaybe "a.out" (outputFile dflags)
        odir = toAbs (fromMaybe root (objectDir dflags))
        hmis = eltsHpt (hsc_HPT hsc_env)
        homeMods = sort [moduleNameString (Mod.moduleName (mi_module (hm_iface h))) | h <- hmis]
        depUnits = nub (concatMap (map fst . dep_pkgs . mi_deps . hm_iface) hmis)
        mainObj = case mgLookupModule mg mainMod of
          Just ms -> YStr (makeRelative odir (toAbs (ml_obj_file (ms_location ms))))
          Nothing -> YNull
    unitInfos <- getPreloadUnitsAnd dflags depUnits
    let appDeps =
          [ YObj
              [ ("name", YStr (unitPackageNameString u))
              , ("version", YStr (showVersion (unitPackageVersion u)))
              , ("id", YStr (unitIdString (unitId u)))
              , ("unit-import-dirs", absList (unitImportDirs u))
              , ("unit-libraries", strList (unitLibraries u))
              , ("library-dirs", absList (unitLibraryDirs u))
              , ("extra-libraries", strList (unitExtDepLibsSys u))
              , ("framework-dirs", absList (unitExtDepFrameworkDirs u))
              , ("extra-frameworks", strList (unitExtDepFrameworks u))
              , ("ld-options", strList (unitLinkerOptions u))
              , ("exposed-modules", strList [moduleNameString m | (m, Nothing) <- unitExposedModules u])
              , ("hidden-modules", strList (map moduleNameString (unitHiddenModules u)))
              , ("depends", strList (map unitIdString (unitDepends u)))
              ]
          | u <- unitInfos
          ]
        doc =
          [ ("ghc-name", YStr (ghcNameVersion_programName (ghcNameVersion dflags)))
          , ("ghc-version", YStr (ghcNameVersion_projectVersion (ghcNameVersion dflags)))
          , ("target-platform", YStr (platformMisc_targetPlatformString (platformMisc dflags)))
          , ("platform-os", YStr (stringEncodeOS (platformOS (targetPlatform dflags))))
          , ("no-hs-main", YBool noHsMain)
          , ("o-suffix", YStr (objectSuf dflags))
          , ("ways", strList (map show (Set.toList (ways dflags) :: [Way])))
          , ("object-dir", YStr odir)
          , ("app-unit-id", YStr (unitString (homeUnit dflags)))
          , ("app-modules", strList homeMods)
          , ("app-main-module-name", YStr (moduleNameString (Mod.moduleName mainMod)))
          , ("app-main-module-object", mainObj)
          , ("extra-ld-inputs", absList [f | FileOption _ f <- ldInputs dflags])
          , ("library-dirs", absList (libraryPaths dflags))
          , ("extra-libraries", strList [lib | Option ('-' : 'l' : lib) <- ldInputs dflags])
          , ("framework-dirs", absList (frameworkPaths dflags))
          , ("extra-frameworks", strList (cmdlineFrameworks dflags))
          , ("ld-options", strList [o | Option o <- ldInputs dflags, not ("-l" `isPrefixOf` o)])
          , ("unit-db-paths", absList (maybe [] (map unitDatabasePath) (unitDatabases dflags)))
          , ("app-deps", YList appDeps)
          ]
        out = exe ++ "." ++ objectSuf dflags ++ "_ghc_stgapp"
    writeAtomic out $ \h -> do
      hSetEncoding h utf8
      hPutStr h (renderYaml doc)
