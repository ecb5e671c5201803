{-# LANGUAGE DeriveGeneric #-}
{-# LANGUAGE DerivingStrategies #-}
{-# LANGUAGE GeneralizedNewtypeDeriving #-}
-- | The external STG syntax, V8 ("S" instantiation), exactly as catalogued in
-- extstg-format.md §2.4.
--
-- Every data type below has the same constructors in the same declaration
-- order and the same field order as the specification, and its 'Binary'
-- instance is the Generic default of binary-0.8.8.0: one tag byte equal to the
-- 0-based constructor index for sum types, no tag for single-constructor types,
-- fields concatenated in order.  The five newtypes encode exactly like the
-- wrapped type (newtype deriving).  DO NOT reorder anything in this file.
module ExtStg.Syntax where

import Data.Binary (Binary)
import Data.ByteString (ByteString)
import GHC.Generics (Generic)

-- | Unqualified occurrence names, IdInfo text, etc.
type Name = ByteString

type IdInfo = ByteString

-------------------------------------------------------------------------------
-- Identifiers

data Unique = Unique !Char !Int
  deriving (Eq, Ord, Show, Generic)

instance Binary Unique

newtype UnitId = UnitId ByteString
  deriving (Eq, Ord, Show)
  deriving newtype (Binary)

newtype ModuleName = ModuleName ByteString
  deriving (Eq, Ord, Show)
  deriving newtype (Binary)

newtype BinderId = BinderId Unique
  deriving (Eq, Ord, Show)
  deriving newtype (Binary)

newtype DataConId = DataConId Unique
  deriving (Eq, Ord, Show)
  deriving newtype (Binary)

newtype TyConId = TyConId Unique
  deriving (Eq, Ord, Show)
  deriving newtype (Binary)

-------------------------------------------------------------------------------
-- Module

data SModule = Module
  { modulePhase              :: ByteString
  , moduleUnitId             :: UnitId
  , moduleName               :: ModuleName
  , moduleSourceFilePath     :: Maybe ByteString
  , moduleForeignStubs       :: ForeignStubs
  , moduleHasForeignExported :: Bool
  , moduleDependency         :: [(UnitId, [ModuleName])]
  , moduleExternalTopIds     :: [(UnitId, [(ModuleName, [SBinder])])]
  , moduleTyCons             :: [(UnitId, [(ModuleName, [STyCon])])]
  , moduleTopBindings        :: [TopBinding]
  }
  deriving (Eq, Show, Generic)

instance Binary SModule

-------------------------------------------------------------------------------
-- Bindings and expressions

data TopBinding
  = StgTopLifted Binding
  | StgTopStringLit SBinder ByteString
  deriving (Eq, Show, Generic)

instance Binary TopBinding

data Binding
  = StgNonRec SBinder Rhs
  | StgRec [(SBinder, Rhs)]
  deriving (Eq, Show, Generic)

instance Binary Binding

data Rhs
  = StgRhsClosure [BinderId] UpdateFlag [SBinder] Expr
  | StgRhsCon DataConId [Arg]
  deriving (Eq, Show, Generic)

instance Binary Rhs

data Expr
  = StgApp BinderId [Arg]
  | StgLit Lit
  | StgConApp DataConId [Arg] [Type]
  | StgOpApp StgOp [Arg] Type (Maybe TyConId)
  | StgCase Expr SBinder AltType [Alt]
  | StgLet Binding Expr
  | StgLetNoEscape Binding Expr
  | StgTick Tickish Expr
  deriving (Eq, Show, Generic)

instance Binary Expr

data Arg
  = StgVarArg BinderId
  | StgLitArg Lit
  deriving (Eq, Show, Generic)

instance Binary Arg

data Alt = Alt
  { altCon     :: AltCon
  , altBinders :: [SBinder]
  , altRHS     :: Expr
  }
  deriving (Eq, Show, Generic)

instance Binary Alt

data AltCon
  = AltDataCon DataConId
  | AltLit Lit
  | AltDefault
  deriving (Eq, Show, Generic)

instance Binary AltCon

data AltType
  = PolyAlt
  | MultiValAlt Int
  | PrimAlt PrimRep
  | AlgAlt TyConId
  deriving (Eq, Show, Generic)

instance Binary AltType

data UpdateFlag
  = ReEntrant
  | Updatable
  | SingleEntry
  deriving (Eq, Show, Generic)

instance Binary UpdateFlag

-------------------------------------------------------------------------------
-- Binders, types, details

data SBinder = SBinder
  { sbinderName    :: Name
  , sbinderId      :: BinderId
  , sbinderType    :: Type
  , sbinderTypeSig :: ByteString
  , sbinderScope   :: Scope
  , sbinderDetails :: IdDetails
  , sbinderInfo    :: IdInfo
  , sbinderDefLoc  :: SrcSpan
  }
  deriving (Eq, Show, Generic)

instance Binary SBinder

data Scope
  = ModulePublic
  | ModulePrivate
  | ClosurePrivate
  deriving (Eq, Ord, Show, Generic)

instance Binary Scope

data IdDetails
  = VanillaId
  | RecSelId
  | DataConWorkId DataConId
  | DataConWrapId DataConId
  | ClassOpId
  | PrimOpId
  | FCallId
  | TickBoxOpId
  | DFunId
  | CoVarId
  | JoinId Int (Maybe [CbvMark])
  | WorkerLikeId [CbvMark]
  | RepPolyId
  deriving (Eq, Show, Generic)

instance Binary IdDetails

data CbvMark
  = MarkedCbv
  | NotMarkedCbv
  deriving (Eq, Show, Generic)

instance Binary CbvMark

data Type
  = SingleValue PrimRep
  | UnboxedTuple [PrimRep]
  | PolymorphicRep
  deriving (Eq, Ord, Show, Generic)

instance Binary Type

data PrimRep
  = VoidRep
  | LiftedRep
  | UnliftedRep
  | Int8Rep
  | Int16Rep
  | Int32Rep
  | Int64Rep
  | IntRep
  | Word8Rep
  | Word16Rep
  | Word32Rep
  | Word64Rep
  | WordRep
  | AddrRep
  | FloatRep
  | DoubleRep
  | VecRep Int PrimElemRep
  deriving (Eq, Ord, Show, Generic)

instance Binary PrimRep

data PrimElemRep
  = Int8ElemRep
  | Int16ElemRep
  | Int32ElemRep
  | Int64ElemRep
  | Word8ElemRep
  | Word16ElemRep
  | Word32ElemRep
  | Word64ElemRep
  | FloatElemRep
  | DoubleElemRep
  deriving (Eq, Ord, Show, Generic)

instance Binary PrimElemRep

-------------------------------------------------------------------------------
-- Data types

data STyCon = STyCon
  { stcName     :: Name
  , stcId       :: TyConId
  , stcDataCons :: [SDataCon]
  , stcDefLoc   :: SrcSpan
  }
  deriving (Eq, Show, Generic)

instance Binary STyCon

data SDataCon = SDataCon
  { sdcName   :: Name
  , sdcId     :: DataConId
  , sdcRep    :: DataConRep
  , sdcWorker :: SBinder
  , sdcDefLoc :: SrcSpan
  }
  deriving (Eq, Show, Generic)

instance Binary SDataCon

data DataConRep
  = AlgDataCon [PrimRep]
  | UnboxedTupleCon Int
  deriving (Eq, Show, Generic)

instance Binary DataConRep

-------------------------------------------------------------------------------
-- Literals

data Lit
  = LitChar Char
  | LitString ByteString
  | LitNullAddr
  | LitFloat Rational
  | LitDouble Rational
  | LitLabel ByteString LabelSpec
  | LitNumber LitNumType Integer
  | LitRubbish Type
  deriving (Eq, Show, Generic)

instance Binary Lit

data LitNumType
  = LitNumInt
  | LitNumInt8
  | LitNumInt16
  | LitNumInt32
  | LitNumInt64
  | LitNumWord
  | LitNumWord8
  | LitNumWord16
  | LitNumWord32
  | LitNumWord64
  deriving (Eq, Show, Generic)

instance Binary LitNumType

data LabelSpec
  = FunctionLabel (Maybe Int)
  | DataLabel
  deriving (Eq, Show, Generic)

instance Binary LabelSpec

-------------------------------------------------------------------------------
-- Operations and foreign calls

data StgOp
  = StgPrimOp ByteString
  | StgPrimCallOp PrimCall
  | StgFCallOp ForeignCall
  deriving (Eq, Show, Generic)

instance Binary StgOp

data PrimCall = PrimCall ByteString UnitId
  deriving (Eq, Show, Generic)

instance Binary PrimCall

data ForeignCall = ForeignCall
  { foreignCTarget :: CCallTarget
  , foreignCConv   :: CCallConv
  , foreignCSafety :: Safety
  }
  deriving (Eq, Show, Generic)

instance Binary ForeignCall

data CCallTarget
  = StaticTarget SourceText ByteString (Maybe UnitId) Bool
  | DynamicTarget
  deriving (Eq, Show, Generic)

instance Binary CCallTarget

data CCallConv
  = CCallConv
  | CApiConv
  | StdCallConv
  | PrimCallConv
  | JavaScriptCallConv
  deriving (Eq, Show, Generic)

instance Binary CCallConv

data Safety
  = PlaySafe
  | PlayInterruptible
  | PlayRisky
  deriving (Eq, Show, Generic)

instance Binary Safety

data SourceText
  = SourceText ByteString
  | NoSourceText
  deriving (Eq, Show, Generic)

instance Binary SourceText

-------------------------------------------------------------------------------
-- Source locations and ticks

data SrcSpan
  = RealSrcSpan RealSrcSpan (Maybe BufSpan)
  | UnhelpfulSpan UnhelpfulSpanReason
  deriving (Eq, Show, Generic)

instance Binary SrcSpan

data RealSrcSpan = RealSrcSpan'
  { srcSpanFile  :: ByteString
  , srcSpanSLine :: Int
  , srcSpanSCol  :: Int
  , srcSpanELine :: Int
  , srcSpanECol  :: Int
  }
  deriving (Eq, Show, Generic)

instance Binary RealSrcSpan

data BufSpan = BufSpan
  { bufSpanStart :: Int
  , bufSpanEnd   :: Int
  }
  deriving (Eq, Show, Generic)

instance Binary BufSpan

data UnhelpfulSpanReason
  = UnhelpfulNoLocationInfo
  | UnhelpfulWiredIn
  | UnhelpfulInteractive
  | UnhelpfulGenerated
  | UnhelpfulOther ByteString
  deriving (Eq, Show, Generic)

instance Binary UnhelpfulSpanReason

data Tickish
  = ProfNote
  | HpcTick
  | Breakpoint
  | SourceNote RealSrcSpan ByteString
  deriving (Eq, Show, Generic)

instance Binary Tickish

-------------------------------------------------------------------------------
-- Foreign stubs

data ForeignStubs
  = NoStubs
  | ForeignStubs
      { fsCHeader      :: ByteString
      , fsCSource      :: ByteString
      , fsInitializers :: [ModuleCLabel]
      , fsFinalizers   :: [ModuleCLabel]
      , fsDecls        :: [StubDecl]
      }
  deriving (Eq, Show, Generic)

instance Binary ForeignStubs

data StubDecl
  = StubDeclImport ForeignImport (Maybe StubImpl)
  | StubDeclExport ForeignExport BinderId ByteString
  deriving (Eq, Show, Generic)

instance Binary StubDecl

data ForeignImport = CImport CCallConv Safety (Maybe Header) CImportSpec SourceText
  deriving (Eq, Show, Generic)

instance Binary ForeignImport

data Header = Header SourceText ByteString
  deriving (Eq, Show, Generic)

instance Binary Header

data CImportSpec
  = CLabel ByteString
  | CFunction CCallTarget
  | CWrapper
  deriving (Eq, Show, Generic)

instance Binary CImportSpec

data ForeignExport = CExport CExportSpec SourceText
  deriving (Eq, Show, Generic)

instance Binary ForeignExport

data CExportSpec = CExportStatic SourceText ByteString CCallConv
  deriving (Eq, Show, Generic)

instance Binary CExportSpec

data StubImpl
  = StubImplImportCWrapper ByteString (Maybe Int) Bool ByteString [ByteString]
  | StubImplImportCApi ByteString [(Maybe Header, ByteString, Char)]
  deriving (Eq, Show, Generic)

instance Binary StubImpl

data ModuleCLabel = ModuleCLabel UnitId ModuleName ModuleLabelKind
  deriving (Eq, Show, Generic)

instance Binary ModuleCLabel

data ModuleLabelKind
  = MLK_Initializer ByteString
  | MLK_InitializerArray
  | MLK_Finalizer ByteString
  | MLK_FinalizerArray
  | MLK_IPEBuffer
  deriving (Eq, Show, Generic)

instance Binary ModuleLabelKind
