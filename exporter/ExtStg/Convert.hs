{-# LANGUAGE BangPatterns #-}
{-# LANGUAGE LambdaCase #-}
{-# LANGUAGE NamedFieldPuns #-}
-- | GHC 9.0.2 final STG (@[CgStgTopBinding]@ from the stgToCmm hook) to the
-- external STG syntax ('S.SModule', extstg-format.md §2.4 V8).
--
-- What is filled in (see extstg-format.md §3 and the 9.0.2 recipe §6):
--
-- * binders: occurrence name, GHC unique, representation type, GHC's printed
--   type, scope (ModulePublic iff the Name is external, else ClosurePrivate),
--   IdDetails, a short IdInfo text (arity, strictness, CPR, CAF) and the
--   definition site;
-- * @moduleExternalTopIds@: every external-named Id referenced by the code that
--   is not bound at top level here, grouped by its defining (unit, module);
-- * @moduleTyCons@: every TyCon whose TyConId or DataCons the module refers to
--   (alt types, constructor applications, alternatives, tagToEnum#-style
--   result tycons, DataConWorkId/DataConWrapId details) plus the module's own
--   data tycons, grouped by defining (unit, module), constructors sorted by tag;
-- * @moduleDependency@: every other module whose binders, constructors or type
--   constructors are referenced.
module ExtStg.Convert
  ( convertModule
  , ConvertInput (..)
  , convertForeignStubs
  , cvtUnitId
  , cvtModuleName
  ) where

import Control.Exception (SomeException, evaluate, try)
import Control.Monad (forM, forM_, when)
import System.IO.Unsafe (unsafePerformIO)
import qualified Data.ByteString as BS
import qualified Data.ByteString.Char8 as BS8
import Data.IntMap.Strict (IntMap)
import qualified Data.IntMap.Strict as IntMap
import qualified Data.IntSet as IntSet
import Data.List (intercalate, sortOn)
import qualified Data.Map.Strict as Map
import Data.Maybe (catMaybes, fromMaybe, mapMaybe)

import qualified GHC.Builtin.PrimOps as G (PrimCall (..), primOpOcc)
import qualified GHC.Core as G (AltCon (..), Bind (..), CoreExpr, Expr (..), Tickish (..))
import qualified GHC.Core.Coercion as G (coercionLKind)
import qualified GHC.Core.DataCon as G
import qualified GHC.Core.TyCo.Rep as G (scaledThing)
import qualified GHC.Core.TyCon as G
import qualified GHC.Core.Type as G
import qualified GHC.Data.FastString as G (FastString, bytesFS)
import qualified GHC.Driver.Session as G (DynFlags)
import qualified GHC.Driver.Types as G (ForeignStubs (..))
import qualified GHC.Hs as G
import qualified GHC.Stg.Syntax as G
import qualified GHC.Tc.Utils.TcType as G (tcSplitForAllTys, tcSplitFunTys, tcSplitIOType_maybe)
import qualified GHC.Types.Basic as G (FunctionOrData (..), SourceText (..))
import qualified GHC.Types.Cpr as G (topCprSig)
import qualified GHC.Types.Demand as G (isTopSig)
import qualified GHC.Types.ForeignCall as G
import qualified GHC.Types.Id as G
import qualified GHC.Types.Id.Info as G
import qualified GHC.Types.Literal as G
import qualified GHC.Types.Name as G
import qualified GHC.Types.RepType as G (typePrimRep, unwrapType)
import qualified GHC.Types.SrcLoc as G
import qualified GHC.Types.Unique as G
import qualified GHC.Types.Var.Set as G (dVarSetElems)
import qualified GHC.Unit.Module as G
import qualified GHC.Utils.Outputable as G

import qualified ExtStg.Syntax as S

-------------------------------------------------------------------------------
-- Input

data ConvertInput = ConvertInput
  { ciDynFlags          :: G.DynFlags
  , ciModule            :: G.Module
  , ciSourcePath        :: Maybe FilePath
  , ciForeignStubs      :: S.ForeignStubs
  , ciHasForeignExport  :: Bool
  , ciTyCons            :: [G.TyCon]           -- ^ the module's data tycons (hook argument)
  , ciBinds             :: [G.CgStgTopBinding]
  }

-------------------------------------------------------------------------------
-- A small state monad collecting referenced external Ids and TyCons.

data Acc = Acc
  { accExt    :: !(IntMap G.Id)
  , accTyCons :: !(IntMap G.TyCon)
  }

data Env = Env
  { envDynFlags :: G.DynFlags
  , envTopKeys  :: !IntSet.IntSet
  }

newtype M a = M {runM :: Env -> Acc -> (a, Acc)}

instance Functor M where
  fmap f (M g) = M $ \e s -> case g e s of (a, s') -> (f a, s')

instance Applicative M where
  pure a = M $ \_ s -> (a, s)
  M f <*> M g = M $ \e s -> case f e s of
    (h, s1) -> case g e s1 of
      (a, s2) -> (h a, s2)

instance Monad M where
  M g >>= k = M $ \e s -> case g e s of (a, s1) -> runM (k a) e s1

askEnv :: M Env
askEnv = M $ \e s -> (e, s)

modifyAcc :: (Acc -> Acc) -> M ()
modifyAcc f = M $ \_ s -> let !s' = f s in ((), s')

uniqueKey :: G.Uniquable a => a -> Int
uniqueKey = G.getKey . G.getUnique

-------------------------------------------------------------------------------
-- Names and identities

cvtUnique :: G.Unique -> S.Unique
cvtUnique u = let (c, n) = G.unpkUnique u in S.Unique c n

cvtUnitId :: G.Unit -> S.UnitId
cvtUnitId = S.UnitId . G.bytesFS . G.unitIdFS . G.toUnitId

cvtModuleName :: G.ModuleName -> S.ModuleName
cvtModuleName = S.ModuleName . G.bytesFS . G.moduleNameFS

cvtModule :: G.Module -> (S.UnitId, S.ModuleName)
cvtModule m = (cvtUnitId (G.moduleUnit m), cvtModuleName (G.moduleName m))

occBytes :: G.NamedThing a => a -> BS.ByteString
occBytes = G.bytesFS . G.occNameFS . G.getOccName

-- | Characters truncated to 8 bits, as the plugin does for informational text.
pack8 :: String -> BS.ByteString
pack8 = BS8.pack

showDoc :: G.DynFlags -> G.SDoc -> BS.ByteString
showDoc dflags = pack8 . G.showSDoc dflags

-- | One-line rendering (binder type signatures and IdInfo text).  GHC's
-- pretty-printer can panic on some types (e.g. "toIfaceCoercionX" for
-- coercions mentioning out-of-scope coercion variables); such text is
-- informational only, so a panic is replaced by a placeholder.
showLine :: G.DynFlags -> G.SDoc -> String
showLine dflags doc = unsafePerformIO $ do
  r <- try (evaluate (forceString (G.showSDocOneLine (G.initSDocContext dflags G.defaultUserStyle) doc)))
  pure $ case r of
    Right s -> s
    Left e -> const "<unprintable>" (e :: SomeException)
  where
    forceString s = length s `seq` s

-------------------------------------------------------------------------------
-- Source locations

cvtSrcSpan :: G.SrcSpan -> S.SrcSpan
cvtSrcSpan = \case
  G.RealSrcSpan rs mb -> S.RealSrcSpan (cvtRealSrcSpan rs) (fmap cvtBufSpan mb)
  G.UnhelpfulSpan r -> S.UnhelpfulSpan $ case r of
    G.UnhelpfulNoLocationInfo -> S.UnhelpfulNoLocationInfo
    G.UnhelpfulWiredIn -> S.UnhelpfulWiredIn
    G.UnhelpfulInteractive -> S.UnhelpfulInteractive
    G.UnhelpfulGenerated -> S.UnhelpfulGenerated
    G.UnhelpfulOther s -> S.UnhelpfulOther (G.bytesFS s)

cvtRealSrcSpan :: G.RealSrcSpan -> S.RealSrcSpan
cvtRealSrcSpan rs =
  S.RealSrcSpan'
    { S.srcSpanFile = G.bytesFS (G.srcSpanFile rs)
    , S.srcSpanSLine = G.srcSpanStartLine rs
    , S.srcSpanSCol = G.srcSpanStartCol rs
    , S.srcSpanELine = G.srcSpanEndLine rs
    , S.srcSpanECol = G.srcSpanEndCol rs
    }

cvtBufSpan :: G.BufSpan -> S.BufSpan
cvtBufSpan (G.BufSpan s e) = S.BufSpan (G.bufPos s) (G.bufPos e)

-------------------------------------------------------------------------------
-- Representation types

cvtPrimRep :: G.PrimRep -> S.PrimRep
cvtPrimRep = \case
  G.VoidRep -> S.VoidRep
  G.LiftedRep -> S.LiftedRep
  G.UnliftedRep -> S.UnliftedRep
  G.Int8Rep -> S.Int8Rep
  G.Int16Rep -> S.Int16Rep
  G.Int32Rep -> S.Int32Rep
  G.Int64Rep -> S.Int64Rep
  G.IntRep -> S.IntRep
  G.Word8Rep -> S.Word8Rep
  G.Word16Rep -> S.Word16Rep
  G.Word32Rep -> S.Word32Rep
  G.Word64Rep -> S.Word64Rep
  G.WordRep -> S.WordRep
  G.AddrRep -> S.AddrRep
  G.FloatRep -> S.FloatRep
  G.DoubleRep -> S.DoubleRep
  G.VecRep n e -> S.VecRep n (cvtPrimElemRep e)

cvtPrimElemRep :: G.PrimElemRep -> S.PrimElemRep
cvtPrimElemRep = \case
  G.Int8ElemRep -> S.Int8ElemRep
  G.Int16ElemRep -> S.Int16ElemRep
  G.Int32ElemRep -> S.Int32ElemRep
  G.Int64ElemRep -> S.Int64ElemRep
  G.Word8ElemRep -> S.Word8ElemRep
  G.Word16ElemRep -> S.Word16ElemRep
  G.Word32ElemRep -> S.Word32ElemRep
  G.Word64ElemRep -> S.Word64ElemRep
  G.FloatElemRep -> S.FloatElemRep
  G.DoubleElemRep -> S.DoubleElemRep

-- | Representation of a value of the given type.
cvtType :: G.Type -> S.Type
cvtType t
  | G.isTypeLevPoly t = S.PolymorphicRep
  | G.isUnboxedTupleType t || G.isUnboxedSumType t = S.UnboxedTuple (map cvtPrimRep (G.typePrimRep t))
  | otherwise = case G.typePrimRep t of
      [] -> S.SingleValue S.VoidRep
      [r] -> S.SingleValue (cvtPrimRep r)
      rs -> S.UnboxedTuple (map cvtPrimRep rs)

-- | Lambda parameters are always 'SingleValue' (spec §3.2).
cvtParamType :: G.Type -> S.Type
cvtParamType t
  | G.isTypeLevPoly t = S.PolymorphicRep
  | otherwise = case G.typePrimRep t of
      [] -> S.SingleValue S.VoidRep
      [r] -> S.SingleValue (cvtPrimRep r)
      rs -> S.UnboxedTuple (map cvtPrimRep rs) -- cannot happen after unarise

-- | StgConApp type list: one rep list per GHC type (as the 9.10 plugin does).
cvtConAppType :: G.Type -> S.Type
cvtConAppType t
  | G.isTypeLevPoly t = S.PolymorphicRep
  | otherwise = S.UnboxedTuple (map cvtPrimRep (G.typePrimRep t))

-------------------------------------------------------------------------------
-- Literals and operations

cvtLit :: G.Literal -> S.Lit
cvtLit = \case
  G.LitChar c -> S.LitChar c
  G.LitNumber t i -> S.LitNumber (cvtLitNumType t) i
  G.LitString s -> S.LitString s
  G.LitNullAddr -> S.LitNullAddr
  G.LitRubbish -> S.LitRubbish (S.SingleValue S.UnliftedRep)
  G.LitFloat r -> S.LitFloat r
  G.LitDouble r -> S.LitDouble r
  G.LitLabel l mb fod -> S.LitLabel (G.bytesFS l) $ case fod of
    G.IsFunction -> S.FunctionLabel mb
    G.IsData -> S.DataLabel

cvtLitNumType :: G.LitNumType -> S.LitNumType
cvtLitNumType = \case
  G.LitNumInt -> S.LitNumInt
  G.LitNumInt64 -> S.LitNumInt64
  G.LitNumWord -> S.LitNumWord
  G.LitNumWord64 -> S.LitNumWord64
  G.LitNumInteger -> error "stgvm-export: LitNumInteger literal in final STG (not representable)"
  G.LitNumNatural -> error "stgvm-export: LitNumNatural literal in final STG (not representable)"

cvtSourceText :: G.SourceText -> S.SourceText
cvtSourceText = \case
  G.SourceText s -> S.SourceText (pack8 s)
  G.NoSourceText -> S.NoSourceText

cvtCCallTarget :: G.CCallTarget -> S.CCallTarget
cvtCCallTarget = \case
  G.StaticTarget st lbl mu isFun -> S.StaticTarget (cvtSourceText st) (G.bytesFS lbl) (fmap cvtUnitId mu) isFun
  G.DynamicTarget -> S.DynamicTarget

cvtCCallConv :: G.CCallConv -> S.CCallConv
cvtCCallConv = \case
  G.CCallConv -> S.CCallConv
  G.CApiConv -> S.CApiConv
  G.StdCallConv -> S.StdCallConv
  G.PrimCallConv -> S.PrimCallConv
  G.JavaScriptCallConv -> S.JavaScriptCallConv

cvtSafety :: G.Safety -> S.Safety
cvtSafety = \case
  G.PlaySafe -> S.PlaySafe
  G.PlayInterruptible -> S.PlayInterruptible
  G.PlayRisky -> S.PlayRisky

cvtForeignCall :: G.ForeignCall -> S.ForeignCall
cvtForeignCall (G.CCall (G.CCallSpec t c s)) = S.ForeignCall (cvtCCallTarget t) (cvtCCallConv c) (cvtSafety s)

cvtOp :: G.StgOp -> S.StgOp
cvtOp = \case
  G.StgPrimOp op -> S.StgPrimOp (G.bytesFS (G.occNameFS (G.primOpOcc op)))
  G.StgPrimCallOp (G.PrimCall lbl u) -> S.StgPrimCallOp (S.PrimCall (G.bytesFS lbl) (cvtUnitId u))
  G.StgFCallOp fc _ -> S.StgFCallOp (cvtForeignCall fc)

cvtUpdateFlag :: G.UpdateFlag -> S.UpdateFlag
cvtUpdateFlag = \case
  G.ReEntrant -> S.ReEntrant
  G.Updatable -> S.Updatable
  G.SingleEntry -> S.SingleEntry

cvtTickish :: G.Tickish G.Id -> S.Tickish
cvtTickish = \case
  G.ProfNote {} -> S.ProfNote
  G.HpcTick {} -> S.HpcTick
  G.Breakpoint {} -> S.Breakpoint
  G.SourceNote sp name -> S.SourceNote (cvtRealSrcSpan sp) (pack8 name)

-------------------------------------------------------------------------------
-- Occurrences (collect references)

cvtOccId :: G.Id -> M S.BinderId
cvtOccId x = do
  env <- askEnv
  let key = uniqueKey x
  when (G.isExternalName (G.idName x) && not (IntSet.member key (envTopKeys env))) $
    modifyAcc $ \a -> a {accExt = IntMap.insert key x (accExt a)}
  pure (S.BinderId (cvtUnique (G.idUnique x)))

addTyCon :: G.TyCon -> M ()
addTyCon tc = modifyAcc $ \a -> a {accTyCons = IntMap.insert (uniqueKey tc) tc (accTyCons a)}

cvtDataCon :: G.DataCon -> M S.DataConId
cvtDataCon dc = do
  addTyCon (G.dataConTyCon dc)
  pure (dataConId dc)

dataConId :: G.DataCon -> S.DataConId
dataConId = S.DataConId . cvtUnique . G.getUnique

cvtTyCon :: G.TyCon -> M S.TyConId
cvtTyCon tc = do
  addTyCon tc
  pure (S.TyConId (cvtUnique (G.getUnique tc)))

-- | Result tycon of an StgOpApp (needed e.g. by tagToEnum#).
opResultTyCon :: G.Type -> M (Maybe S.TyConId)
opResultTyCon t = case G.tyConAppTyConPicky_maybe t of
  Just tc | G.isDataTyCon tc -> Just <$> cvtTyCon tc
  _ -> pure Nothing

-------------------------------------------------------------------------------
-- Binders

data BinderKind = Bound | Param

cvtIdDetails :: G.Id -> M S.IdDetails
cvtIdDetails i = case G.idDetails i of
  G.VanillaId -> pure S.VanillaId
  G.RecSelId {} -> pure S.RecSelId
  G.DataConWorkId dc -> S.DataConWorkId <$> cvtDataCon dc
  G.DataConWrapId dc -> S.DataConWrapId <$> cvtDataCon dc
  G.ClassOpId {} -> pure S.ClassOpId
  G.PrimOpId {} -> pure S.PrimOpId
  G.FCallId {} -> pure S.FCallId
  G.TickBoxOpId {} -> pure S.TickBoxOpId
  G.DFunId {} -> pure S.DFunId
  G.CoVarId -> pure S.CoVarId
  G.JoinId ar -> pure (S.JoinId ar Nothing)

idInfoText :: G.DynFlags -> G.Id -> BS.ByteString
idInfoText dflags i =
  pack8 . intercalate ", " $
    catMaybes
      [ if ar /= 0 then Just ("Arity=" ++ show ar) else Nothing
      , if G.isTopSig str then Nothing else Just ("Str=" ++ showLine dflags (G.ppr str))
      , if cpr == G.topCprSig then Nothing else Just ("Cpr=" ++ showLine dflags (G.ppr cpr))
      , if G.mayHaveCafRefs caf then Nothing else Just ("Caf=" ++ showLine dflags (G.ppr caf))
      ]
  where
    info = G.idInfo i
    ar = G.arityInfo info
    str = G.strictnessInfo info
    cpr = G.cprInfo info
    caf = G.cafInfo info

cvtBinder :: BinderKind -> G.Id -> M S.SBinder
cvtBinder kind v = do
  env <- askEnv
  details <- cvtIdDetails v
  let dflags = envDynFlags env
      name = G.idName v
      ty = G.idType v
  pure
    S.SBinder
      { S.sbinderName = occBytes v
      , S.sbinderId = S.BinderId (cvtUnique (G.idUnique v))
      , S.sbinderType = case kind of
          Bound -> cvtType ty
          Param -> cvtParamType ty
      , S.sbinderTypeSig = pack8 (showLine dflags (G.ppr ty))
      , S.sbinderScope = if G.isExternalName name then S.ModulePublic else S.ClosurePrivate
      , S.sbinderDetails = details
      , S.sbinderInfo = idInfoText dflags v
      , S.sbinderDefLoc = cvtSrcSpan (G.nameSrcSpan name)
      }

-------------------------------------------------------------------------------
-- Expressions

cvtArg :: G.StgArg -> M S.Arg
cvtArg = \case
  G.StgVarArg v -> S.StgVarArg <$> cvtOccId v
  G.StgLitArg l -> pure (S.StgLitArg (cvtLit l))

cvtExpr :: G.CgStgExpr -> M S.Expr
cvtExpr = \case
  G.StgApp f args -> S.StgApp <$> cvtOccId f <*> mapM cvtArg args
  G.StgLit l -> pure (S.StgLit (cvtLit l))
  G.StgConApp dc args tys -> S.StgConApp <$> cvtDataCon dc <*> mapM cvtArg args <*> pure (map cvtConAppType tys)
  G.StgOpApp op args ty -> S.StgOpApp (cvtOp op) <$> mapM cvtArg args <*> pure (cvtType ty) <*> opResultTyCon ty
  G.StgCase scrut b altTy alts ->
    S.StgCase <$> cvtExpr scrut <*> cvtBinder Bound b <*> cvtAltType altTy <*> mapM cvtAlt alts
  G.StgLet _ b e -> S.StgLet <$> cvtBinding b <*> cvtExpr e
  G.StgLetNoEscape _ b e -> S.StgLetNoEscape <$> cvtBinding b <*> cvtExpr e
  G.StgTick t e -> S.StgTick (cvtTickish t) <$> cvtExpr e
  G.StgLam {} -> error "stgvm-export: StgLam in final STG"

cvtAltType :: G.AltType -> M S.AltType
cvtAltType = \case
  G.PolyAlt -> pure S.PolyAlt
  G.MultiValAlt n -> pure (S.MultiValAlt n)
  G.PrimAlt r -> pure (S.PrimAlt (cvtPrimRep r))
  G.AlgAlt tc -> S.AlgAlt <$> cvtTyCon tc

cvtAlt :: G.CgStgAlt -> M S.Alt
cvtAlt (con, bs, rhs) = S.Alt <$> cvtAltCon con <*> mapM (cvtBinder Bound) bs <*> cvtExpr rhs

cvtAltCon :: G.AltCon -> M S.AltCon
cvtAltCon = \case
  G.DataAlt dc -> S.AltDataCon <$> cvtDataCon dc
  G.LitAlt l -> pure (S.AltLit (cvtLit l))
  G.DEFAULT -> pure S.AltDefault

cvtRhs :: G.CgStgRhs -> M S.Rhs
cvtRhs = \case
  G.StgRhsClosure fvs _ upd params body ->
    S.StgRhsClosure
      <$> mapM cvtOccId (G.dVarSetElems fvs)
      <*> pure (cvtUpdateFlag upd)
      <*> mapM (cvtBinder Param) params
      <*> cvtExpr body
  G.StgRhsCon _ dc args -> S.StgRhsCon <$> cvtDataCon dc <*> mapM cvtArg args

cvtBinding :: G.CgStgBinding -> M S.Binding
cvtBinding = \case
  G.StgNonRec b rhs -> S.StgNonRec <$> cvtBinder Bound b <*> cvtRhs rhs
  G.StgRec ps -> S.StgRec <$> forM ps (\(b, rhs) -> (,) <$> cvtBinder Bound b <*> cvtRhs rhs)

cvtTopBinding :: G.CgStgTopBinding -> M S.TopBinding
cvtTopBinding = \case
  G.StgTopLifted b -> S.StgTopLifted <$> cvtBinding b
  G.StgTopStringLit b s -> S.StgTopStringLit <$> cvtBinder Bound b <*> pure s

topBindIds :: G.CgStgTopBinding -> [G.Id]
topBindIds = \case
  G.StgTopLifted (G.StgNonRec b _) -> [b]
  G.StgTopLifted (G.StgRec ps) -> map fst ps
  G.StgTopStringLit b _ -> [b]

-------------------------------------------------------------------------------
-- Type constructors

mkSTyCon :: G.TyCon -> M S.STyCon
mkSTyCon tc = do
  dcs <- mapM mkSDataCon (sortOn G.dataConTag (G.tyConDataCons tc))
  pure
    S.STyCon
      { S.stcName = occBytes tc
      , S.stcId = S.TyConId (cvtUnique (G.getUnique tc))
      , S.stcDataCons = dcs
      , S.stcDefLoc = cvtSrcSpan (G.nameSrcSpan (G.getName tc))
      }

mkSDataCon :: G.DataCon -> M S.SDataCon
mkSDataCon dc = do
  worker <- cvtBinder Bound (G.dataConWorkId dc)
  pure
    S.SDataCon
      { S.sdcName = occBytes dc
      , S.sdcId = dataConId dc
      , S.sdcRep =
          if G.isUnboxedTupleCon dc
            then S.UnboxedTupleCon (G.dataConRepArity dc)
            else
              S.AlgDataCon
                [ cvtPrimRep r
                | st <- G.dataConRepArgTys dc
                , let t = G.scaledThing st
                , not (G.isTypeLevPoly t)
                , r <- G.typePrimRep t
                , not (G.isVoidRep r)
                ]
      , S.sdcWorker = worker
      , S.sdcDefLoc = cvtSrcSpan (G.nameSrcSpan (G.getName dc))
      }

-------------------------------------------------------------------------------
-- Module

-- | Groups by (unit, module), both sorted; elements keep the given order.
groupByModule :: [((S.UnitId, S.ModuleName), a)] -> [(S.UnitId, [(S.ModuleName, [a])])]
groupByModule xs =
  Map.toList . fmap (Map.toList . fmap reverse) $
    foldl
      (\m ((u, mn), a) -> Map.insertWith (Map.unionWith (++)) u (Map.singleton mn [a]) m)
      Map.empty
      xs

definingModule :: G.Module -> G.Name -> (S.UnitId, S.ModuleName)
definingModule thisMod n = cvtModule (fromMaybe thisMod (G.nameModule_maybe n))

convertModule :: ConvertInput -> S.SModule
convertModule ci =
  S.Module
    { S.modulePhase = BS8.pack "stg"
    , S.moduleUnitId = thisUnit
    , S.moduleName = thisModName
    , S.moduleSourceFilePath = fmap pack8 (ciSourcePath ci)
    , S.moduleForeignStubs = ciForeignStubs ci
    , S.moduleHasForeignExported = ciHasForeignExport ci
    , S.moduleDependency = dependencies
    , S.moduleExternalTopIds = externals
    , S.moduleTyCons = tyConGroups
    , S.moduleTopBindings = topBinds
    }
  where
    thisMod = ciModule ci
    (thisUnit, thisModName) = cvtModule thisMod
    topIds = concatMap topBindIds (ciBinds ci)
    env = Env {envDynFlags = ciDynFlags ci, envTopKeys = IntSet.fromList (map uniqueKey topIds)}
    acc0 = Acc IntMap.empty IntMap.empty

    -- 1. the code (collects external ids and tycons)
    ((topBinds, extBinders), acc1) = flip (runM' env) acc0 $ do
      forM_ (ciTyCons ci) addTyCon
      tbs <- mapM cvtTopBinding (ciBinds ci)
      ext <- M $ \_ s -> (IntMap.elems (accExt s), s)
      -- 2. external binders (their details may add tycons, never new ids)
      ebs <- forM ext $ \x -> do
        b <- cvtBinder Bound x
        pure (definingModule thisMod (G.idName x), b)
      pure (tbs, ebs)

    -- 3. tycons (workers only refer to their own tycon)
    tyConList = IntMap.elems (accTyCons acc1)
    (sTyCons, _) =
      runM'
        env
        (forM tyConList $ \tc -> do
            stc <- mkSTyCon tc
            pure (definingModule thisMod (G.getName tc), stc))
        acc1

    externals =
      groupByModule
        [ (m, b)
        | (m, b) <- sortOn (\(m, b) -> (m, S.sbinderName b, S.sbinderId b)) extBinders
        ]
    tyConGroups =
      groupByModule
        [ (m, tc)
        | (m, tc) <- sortOn (\(m, tc) -> (m, S.stcName tc, S.stcId tc)) sTyCons
        ]
    dependencies =
      Map.toList . fmap (map fst . Map.toList) $
        Map.fromListWith
          Map.union
          [ (u, Map.singleton mn ())
          | (u, mn) <- map fst extBinders ++ map fst sTyCons
          , (u, mn) /= (thisUnit, thisModName)
          ]

runM' :: Env -> M a -> Acc -> (a, Acc)
runM' env m = runM m env

-------------------------------------------------------------------------------
-- Foreign stubs (from the dsForeigns hook)

-- | Converts what GHC's desugarer produced for the module's foreign
-- declarations.  Returns the stubs and whether there is a foreign export.
convertForeignStubs
  :: G.DynFlags
  -> G.ForeignStubs
  -> [G.LForeignDecl G.GhcTc]
  -> [(G.Id, G.CoreExpr)]
  -> (S.ForeignStubs, Bool)
convertForeignStubs dflags stubs decls binds = (sstubs, hasExport)
  where
    hasExport = not (null [() | G.L _ G.ForeignExport {} <- decls])
    sdecls = mapMaybe cvtDecl decls
    render = showDoc dflags . G.pprCode G.CStyle
    sstubs = case stubs of
      G.NoStubs
        | null sdecls -> S.NoStubs
        | otherwise -> S.ForeignStubs BS.empty BS.empty [] [] sdecls
      G.ForeignStubs h c -> S.ForeignStubs (render h) (render c) [] [] sdecls

    cvtDecl :: G.LForeignDecl G.GhcTc -> Maybe S.StubDecl
    cvtDecl (G.L _ d) = case d of
      G.ForeignImport {G.fd_name = G.L _ i, G.fd_fi = fi, G.fd_i_ext = co} ->
        Just (S.StubDeclImport (cvtForeignImport fi) (stubImpl i fi co))
      G.ForeignExport {G.fd_name = G.L _ i, G.fd_fe = G.CExport (G.L _ spec) (G.L _ st)} ->
        Just
          ( S.StubDeclExport
              (S.CExport (cvtCExportSpec spec) (cvtSourceText st))
              (S.BinderId (cvtUnique (G.idUnique i)))
              BS.empty
          )

    cvtForeignImport (G.CImport (G.L _ cc) (G.L _ safety) mh spec (G.L _ st)) =
      S.CImport (cvtCCallConv cc) (cvtSafety safety) (fmap cvtHeader mh) (cvtCImportSpec spec) (cvtSourceText st)

    cvtHeader (G.Header st h) = S.Header (cvtSourceText st) (G.bytesFS h)

    cvtCImportSpec = \case
      G.CLabel l -> S.CLabel (G.bytesFS l)
      G.CFunction t -> S.CFunction (cvtCCallTarget t)
      G.CWrapper -> S.CWrapper

    cvtCExportSpec (G.CExportStatic st n cc) = S.CExportStatic (cvtSourceText st) (G.bytesFS n) (cvtCCallConv cc)

    -- "wrapper" imports: the C stub label (found in the generated binding)
    -- and the C-level types of the wrapped function.
    stubImpl i (G.CImport _ _ _ G.CWrapper _) co =
      case [lbl | (b, e) <- binds, b == i, lbl <- labelsIn e] of
        ((lbl, mb) : _) -> do
          (isIO, res, args) <- wrapperDescriptor co
          Just (S.StubImplImportCWrapper (G.bytesFS lbl) mb isIO (pack8 res) (map pack8 args))
        [] -> Nothing
    stubImpl _ _ _ = Nothing

    labelsIn :: G.CoreExpr -> [(G.FastString, Maybe Int)]
    labelsIn = \case
      G.Lit (G.LitLabel l mb G.IsFunction) -> [(l, mb)]
      G.App f a -> labelsIn f ++ labelsIn a
      G.Lam _ e -> labelsIn e
      G.Let b e -> labelsInBind b ++ labelsIn e
      G.Case e _ _ alts -> labelsIn e ++ concat [labelsIn r | (_, _, r) <- alts]
      G.Cast e _ -> labelsIn e
      G.Tick _ e -> labelsIn e
      _ -> []
    labelsInBind = \case
      G.NonRec _ e -> labelsIn e
      G.Rec ps -> concatMap (labelsIn . snd) ps

    wrapperDescriptor co = do
      let ffiTy = G.coercionLKind co
          (_, sansForalls) = G.tcSplitForAllTys ffiTy
      argTy <- case G.tcSplitFunTys sansForalls of
        ([st], _) -> Just (G.scaledThing st)
        _ -> Nothing
      let (_, fnTy) = G.tcSplitForAllTys argTy
          (argTys, origRes) = G.tcSplitFunTys fnTy
          (resTy, isIO) = case G.tcSplitIOType_maybe origRes of
            Just (_, r) -> (r, True)
            Nothing -> (origRes, False)
      res <- ffiTypeName resTy
      args <- mapM (ffiTypeName . G.scaledThing) argTys
      pure (isIO, res, args)

    ffiTypeName t = case G.tcSplitTyConApp_maybe (G.unwrapType t) of
      Just (tc, _) -> Just (G.getOccString (G.getName tc))
      Nothing -> Nothing
