{-# LANGUAGE OverloadedStrings #-}
-- | Self-check of ExtStg.Syntax against the byte-level examples of
-- extstg-format.md (§2.2 primitives, §2.5 worked example and hex examples).
--
-- Build and run:  ghc -iexporter exporter/SyntaxSelfCheck.hs -odir X -hidir X -o X/syntax-selfcheck && X/syntax-selfcheck
-- Exits non-zero if any example does not match (byte-for-byte) or does not
-- decode back to the same value with every byte consumed.
module Main (main) where

import Control.Monad (unless)
import Data.Binary (Binary, decodeOrFail, encode)
import qualified Data.ByteString.Lazy as BL
import Data.Char (isSpace)
import Data.IORef
import Data.Int (Int64)
import Data.Word (Word8)
import Numeric (readHex, showHex)
import System.Exit (exitFailure)

import ExtStg.Syntax

hex :: String -> BL.ByteString
hex = BL.pack . go . filter (\c -> not (isSpace c) && c /= '_' && c /= '|')
  where
    go (a : b : r) = case readHex [a, b] of
      [(v, "")] -> (fromIntegral (v :: Int) :: Word8) : go r
      _ -> error ("bad hex: " ++ [a, b])
    go [] = []
    go _ = error "odd hex length"

showBytes :: BL.ByteString -> String
showBytes = unwords . map (\w -> let s = showHex w "" in if length s == 1 then '0' : s else s) . BL.unpack

check :: (Binary a, Eq a, Show a) => IORef Int -> IORef Int -> String -> a -> String -> IO ()
check total failures label v expectedHex = do
  modifyIORef total (+ 1)
  let got = encode v
      want = hex expectedHex
  encOk <-
    if got == want
      then pure True
      else do
        putStrLn ("FAIL " ++ label)
        putStrLn ("  want " ++ showBytes want)
        putStrLn ("  got  " ++ showBytes got)
        pure False
  decOk <- case decodeOrFail want of
    Right (rest, used, v')
      | BL.null rest && used == BL.length want && v' == v -> pure True
      | otherwise -> do
          putStrLn ("FAIL decode " ++ label ++ ": consumed " ++ show (used :: Int64) ++ " of "
                    ++ show (BL.length want) ++ ", equal=" ++ show (v' == v))
          pure False
    Left (_, off, err) -> do
      putStrLn ("FAIL decode " ++ label ++ " at " ++ show off ++ ": " ++ err)
      pure False
  if encOk && decOk
    then putStrLn ("ok   " ++ label ++ " (" ++ show (BL.length got) ++ " bytes)")
    else modifyIORef failures (+ 1)

workedExample :: SModule
workedExample =
  Module
    { modulePhase = "stg"
    , moduleUnitId = UnitId "main"
    , moduleName = ModuleName "Main"
    , moduleSourceFilePath = Nothing
    , moduleForeignStubs = NoStubs
    , moduleHasForeignExported = False
    , moduleDependency = []
    , moduleExternalTopIds = []
    , moduleTyCons = []
    , moduleTopBindings =
        [ StgTopLifted
            ( StgNonRec
                SBinder
                  { sbinderName = "x"
                  , sbinderId = BinderId (Unique 'r' 1)
                  , sbinderType = SingleValue LiftedRep
                  , sbinderTypeSig = "Int"
                  , sbinderScope = ModulePublic
                  , sbinderDetails = VanillaId
                  , sbinderInfo = ""
                  , sbinderDefLoc = UnhelpfulSpan UnhelpfulNoLocationInfo
                  }
                (StgRhsClosure [] Updatable [] (StgLit (LitNumber LitNumInt 42)))
            )
        ]
    }

workedExampleHex :: String
workedExampleHex =
  concat
    [ "00 00 00 00 00 00 00 03  73 74 67"
    , "00 00 00 00 00 00 00 04  6d 61 69 6e"
    , "00 00 00 00 00 00 00 04  4d 61 69 6e"
    , "00", "00", "00"
    , "00 00 00 00 00 00 00 00"
    , "00 00 00 00 00 00 00 00"
    , "00 00 00 00 00 00 00 00"
    , "00 00 00 00 00 00 00 01"
    , "00", "00"
    , "00 00 00 00 00 00 00 01  78"
    , "72  00 00 00 00 00 00 00 01"
    , "00 01"
    , "00 00 00 00 00 00 00 03  49 6e 74"
    , "00", "00"
    , "00 00 00 00 00 00 00 00"
    , "01 00"
    , "00"
    , "00 00 00 00 00 00 00 00"
    , "01"
    , "00 00 00 00 00 00 00 00"
    , "01"
    , "06 00"
    , "00 00 00 00 2a"
    ]

main :: IO ()
main = do
  failures <- newIORef (0 :: Int)
  total <- newIORef (0 :: Int)
  let ck :: (Binary a, Eq a, Show a) => String -> a -> String -> IO ()
      ck = check total failures
  -- §2.2 primitives
  ck "Int -1" (-1 :: Int) "ff ff ff ff ff ff ff ff"
  ck "Char e-acute" '\x00e9' "c3 a9"
  ck "Integer 42" (42 :: Integer) "00 00 00 00 2a"
  ck "Integer -5" (-5 :: Integer) "00 ff ff ff fb"
  ck "Integer 2^31" (2 ^ (31 :: Int) :: Integer) "01 01 00 00 00 00 00 00 00 04 00 00 00 80"
  ck "Integer -(2^64)" (negate (2 ^ (64 :: Int)) :: Integer)
    "01 ff 00 00 00 00 00 00 00 09 00 00 00 00 00 00 00 00 01"
  ck "Integer 2^64-1" (2 ^ (64 :: Int) - 1 :: Integer)
    "01 01 00 00 00 00 00 00 00 08 ff ff ff ff ff ff ff ff"
  ck "Rational 3/2" (3 / 2 :: Rational) "00 00 00 00 03 00 00 00 00 02"
  ck "Maybe Int (Just 1)" (Just (1 :: Int)) "01 00 00 00 00 00 00 00 01"
  -- §2.3 tag checks
  ck "DoubleRep" DoubleRep "0f"
  ck "VecRep 2 Int8ElemRep" (VecRep 2 Int8ElemRep) "10 00 00 00 00 00 00 00 02 00"
  ck "RepPolyId" RepPolyId "0c"
  ck "JavaScriptCallConv" JavaScriptCallConv "04"
  ck "StgTick ProfNote (StgLit LitNullAddr)" (StgTick ProfNote (StgLit LitNullAddr)) "07 00 01 02"
  -- §2.5 worked example
  ck "worked example (141 bytes)" workedExample workedExampleHex
  -- §2.5 more encodings
  ck "foreign call puts"
    ( StgOpApp
        (StgFCallOp (ForeignCall (StaticTarget NoSourceText "puts" Nothing True) CCallConv PlayRisky))
        [StgLitArg LitNullAddr]
        (UnboxedTuple [IntRep])
        Nothing
    )
    "03 | 02 | 00 01 00000000_00000004 70 75 74 73 00 01 | 00 | 02 | 00000000_00000001 01 02 | 01 00000000_00000001 07 | 00"
  ck "primop +#"
    ( StgOpApp
        (StgPrimOp "+#")
        [StgVarArg (BinderId (Unique 'a' 1)), StgLitArg (LitNumber LitNumInt 1)]
        (SingleValue IntRep)
        Nothing
    )
    "03 00 00000000_00000002 2b 23 00000000_00000002 00 61 00000000_00000001 01 06 00 00 00000001 00 07 00"
  ck "AlgAlt" (AlgAlt (TyConId (Unique 'r' 5))) "03 72 00 00 00 00 00 00 00 05"
  ck "Alt AltDataCon"
    (Alt (AltDataCon (DataConId (Unique 'r' 5))) [] (StgLit LitNullAddr))
    "00 72 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 00 01 02"
  ck "AlgDataCon [LiftedRep, IntRep]" (AlgDataCon [LiftedRep, IntRep]) "00 00 00 00 00 00 00 00 02 01 07"
  ck "UnboxedTupleCon 2" (UnboxedTupleCon 2) "01 00 00 00 00 00 00 00 02"
  ck "Unique e-acute 1" (Unique '\x00e9' 1) "c3 a9 00 00 00 00 00 00 00 01"
  ck "newtype BinderId = Unique" (BinderId (Unique 'a' 1)) "61 00 00 00 00 00 00 00 01"
  ck "newtype UnitId = ByteString" (UnitId "ab") "00 00 00 00 00 00 00 02 61 62"
  n <- readIORef failures
  t <- readIORef total
  putStrLn (show (t - n) ++ " passed, " ++ show n ++ " failed")
  unless (n == 0) exitFailure
