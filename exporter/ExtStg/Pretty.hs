{-# LANGUAGE OverloadedStrings #-}
-- | Renders an 'SModule' in the @--full@ text format of docs/dump-format.md
-- (the same text that @stgvm dump --full@ prints for the decoded module).
--
-- Occurrences ('BinderId', 'DataConId', 'TyConId') are resolved the way
-- extstg-format.md §3.3 describes (module tables plus lexical scoping for
-- local binders); an occurrence that does not resolve is an error
-- ('PrettyError' is thrown when the output is forced).
module ExtStg.Pretty
  ( renderModule
  , renderModuleBuilder
  , PrettyError (..)
  , showUnique
  ) where

import Control.Exception (Exception, throw)
import Data.ByteString (ByteString)
import qualified Data.ByteString as BS
import Data.ByteString.Builder (Builder)
import qualified Data.ByteString.Builder as B
import qualified Data.ByteString.Lazy as BL
import Data.Char (chr, ord)
import Data.List (intersperse)
import qualified Data.Map.Strict as Map
import Data.Ratio (denominator, numerator)
import Numeric (showHex)
import Data.Char (toUpper)

import ExtStg.Syntax

newtype PrettyError = PrettyError String
  deriving (Show)

instance Exception PrettyError

-- | Name tables used to print occurrences.
data Env = Env
  { envBinders  :: !(Map.Map Unique Name)
  , envDataCons :: !(Map.Map Unique Name)
  , envTyCons   :: !(Map.Map Unique Name)
  }

renderModule :: SModule -> BL.ByteString
renderModule = B.toLazyByteString . renderModuleBuilder

-------------------------------------------------------------------------------
-- Lexical helpers

nl :: Builder
nl = B.char7 '\n'

sp :: Builder
sp = B.char7 ' '

ind :: Int -> Builder
ind i = B.byteString (BS.replicate (2 * i) 0x20)

raw :: ByteString -> Builder
raw = B.byteString

-- | @<str>@: quoted, with @"@, @\\@ and non-printable bytes escaped.
str :: ByteString -> Builder
str bs = B.char7 '"' <> BS.foldr (\w acc -> esc w <> acc) mempty bs <> B.char7 '"'
  where
    esc w
      | w == 0x22 = B.string7 "\\\""
      | w == 0x5c = B.string7 "\\\\"
      | w < 0x20 || w >= 0x7f = B.string7 "\\x" <> hex2 w
      | otherwise = B.word8 w
    hex2 w = B.char7 (hexDigit (w `div` 16)) <> B.char7 (hexDigit (w `mod` 16))
    hexDigit d
      | d < 10 = chr (ord '0' + fromIntegral d)
      | otherwise = chr (ord 'A' + fromIntegral d - 10)

int :: Int -> Builder
int = B.intDec

integer :: Integer -> Builder
integer = B.integerDec

bool :: Bool -> Builder
bool True = "true"
bool False = "false"

-- | Base-62 digits @0-9a-zA-Z@, most significant first.
base62 :: Integer -> String
base62 n
  | n < 0 = '-' : base62 (negate n)
  | n < 62 = [digit n]
  | otherwise = base62 (n `quot` 62) ++ [digit (n `rem` 62)]
  where
    digit d
      | d < 10 = chr (ord '0' + fromIntegral d)
      | d < 36 = chr (ord 'a' + fromIntegral d - 10)
      | otherwise = chr (ord 'A' + fromIntegral d - 36)

showUnique :: Unique -> String
showUnique (Unique c n) = c : base62 (toInteger n)

-- | @<u>@: tag character as UTF-8, then the number in base 62.
uniq :: Unique -> Builder
uniq (Unique c n) = B.charUtf8 c <> B.string7 (base62 (toInteger n))

occRaw :: Name -> Unique -> Builder
occRaw name u = raw name <> B.char7 '_' <> uniq u

modB :: UnitId -> ModuleName -> Builder
modB (UnitId u) (ModuleName m) = raw u <> B.char7 ':' <> raw m

sepBy :: Builder -> [Builder] -> Builder
sepBy s = mconcat . intersperse s

-------------------------------------------------------------------------------
-- Occurrences

binderOcc :: Env -> BinderId -> Builder
binderOcc env (BinderId u) = case Map.lookup u (envBinders env) of
  Just n -> occRaw n u
  Nothing -> throw (PrettyError ("unknown binder id " ++ showUnique u))

dataConOcc :: Env -> DataConId -> Builder
dataConOcc env (DataConId u) = case Map.lookup u (envDataCons env) of
  Just n -> occRaw n u
  Nothing -> throw (PrettyError ("unknown data constructor id " ++ showUnique u))

tyConOcc :: Env -> TyConId -> Builder
tyConOcc env (TyConId u) = case Map.lookup u (envTyCons env) of
  Just n -> occRaw n u
  Nothing -> throw (PrettyError ("unknown type constructor id " ++ showUnique u))

bindersIn :: [SBinder] -> Env -> Env
bindersIn bs env =
  env {envBinders = foldl (\m b -> let BinderId u = sbinderId b in Map.insert u (sbinderName b) m) (envBinders env) bs}

-------------------------------------------------------------------------------
-- Binder declarations

bdecl :: SBinder -> Builder
bdecl b =
  occRaw (sbinderName b) u
    <> " : " <> typeB (sbinderType b)
    <> sp <> scopeB (sbinderScope b)
    <> sp <> detailsB (sbinderDetails b)
    <> " sig " <> str (sbinderTypeSig b)
    <> " info " <> str (sbinderInfo b)
    <> " loc " <> spanB (sbinderDefLoc b)
  where
    BinderId u = sbinderId b

typeB :: Type -> Builder
typeB (SingleValue r) = primRepB r
typeB (UnboxedTuple rs) = "(#" <> sepBy (B.char7 ',') (map primRepB rs) <> "#)"
typeB PolymorphicRep = "PolymorphicRep"

primRepB :: PrimRep -> Builder
primRepB r = case r of
  VoidRep -> "VoidRep"
  LiftedRep -> "LiftedRep"
  UnliftedRep -> "UnliftedRep"
  Int8Rep -> "Int8Rep"
  Int16Rep -> "Int16Rep"
  Int32Rep -> "Int32Rep"
  Int64Rep -> "Int64Rep"
  IntRep -> "IntRep"
  Word8Rep -> "Word8Rep"
  Word16Rep -> "Word16Rep"
  Word32Rep -> "Word32Rep"
  Word64Rep -> "Word64Rep"
  WordRep -> "WordRep"
  AddrRep -> "AddrRep"
  FloatRep -> "FloatRep"
  DoubleRep -> "DoubleRep"
  VecRep n e -> "VecRep<" <> int n <> B.char7 ',' <> primElemRepB e <> B.char7 '>'

primElemRepB :: PrimElemRep -> Builder
primElemRepB e = case e of
  Int8ElemRep -> "Int8ElemRep"
  Int16ElemRep -> "Int16ElemRep"
  Int32ElemRep -> "Int32ElemRep"
  Int64ElemRep -> "Int64ElemRep"
  Word8ElemRep -> "Word8ElemRep"
  Word16ElemRep -> "Word16ElemRep"
  Word32ElemRep -> "Word32ElemRep"
  Word64ElemRep -> "Word64ElemRep"
  FloatElemRep -> "FloatElemRep"
  DoubleElemRep -> "DoubleElemRep"

scopeB :: Scope -> Builder
scopeB ModulePublic = "public"
scopeB ModulePrivate = "private"
scopeB ClosurePrivate = "closure"

detailsB :: IdDetails -> Builder
detailsB d = case d of
  VanillaId -> "VanillaId"
  RecSelId -> "RecSelId"
  DataConWorkId (DataConId u) -> "DataConWorkId(" <> uniq u <> B.char7 ')'
  DataConWrapId (DataConId u) -> "DataConWrapId(" <> uniq u <> B.char7 ')'
  ClassOpId -> "ClassOpId"
  PrimOpId -> "PrimOpId"
  FCallId -> "FCallId"
  TickBoxOpId -> "TickBoxOpId"
  DFunId -> "DFunId"
  CoVarId -> "CoVarId"
  JoinId n Nothing -> "JoinId(" <> int n <> B.char7 ')'
  JoinId n (Just ms) -> "JoinId(" <> int n <> ",[" <> marks ms <> "])"
  WorkerLikeId ms -> "WorkerLikeId([" <> marks ms <> "])"
  RepPolyId -> "RepPolyId"
  where
    marks = sepBy (B.char7 ',') . map markB
    markB MarkedCbv = "MarkedCbv"
    markB NotMarkedCbv = "NotMarkedCbv"

spanB :: SrcSpan -> Builder
spanB (RealSrcSpan rs mb) =
  realSpanB rs <> maybe mempty (\(BufSpan s e) -> " buf " <> int s <> sp <> int e) mb
spanB (UnhelpfulSpan r) = case r of
  UnhelpfulNoLocationInfo -> "<no-location>"
  UnhelpfulWiredIn -> "<wired-in>"
  UnhelpfulInteractive -> "<interactive>"
  UnhelpfulGenerated -> "<generated>"
  UnhelpfulOther s -> "<other " <> str s <> B.char7 '>'

realSpanB :: RealSrcSpan -> Builder
realSpanB (RealSrcSpan' f sl sc el ec) =
  str f <> B.char7 ':' <> int sl <> B.char7 ':' <> int sc <> B.char7 '-' <> int el <> B.char7 ':' <> int ec

-------------------------------------------------------------------------------
-- Module

renderModuleBuilder :: SModule -> Builder
renderModuleBuilder m =
  "module " <> modB (moduleUnitId m) (moduleName m) <> nl
    <> "phase " <> str (modulePhase m) <> nl
    <> "source " <> maybe "-" str (moduleSourceFilePath m) <> nl
    <> "has-foreign-exported " <> bool (moduleHasForeignExported m) <> nl
    <> stubsB (moduleForeignStubs m)
    <> mconcat [dependencyB u ms | (u, ms) <- moduleDependency m]
    <> mconcat
      [ "external-ids " <> modB u mn <> nl <> mconcat [ind 1 <> bdecl b <> nl | b <- bs]
      | (u, mods) <- moduleExternalTopIds m
      , (mn, bs) <- mods
      ]
    <> mconcat
      [ "tycons " <> modB u mn <> nl <> mconcat (map tyConB tcs)
      | (u, mods) <- moduleTyCons m
      , (mn, tcs) <- mods
      ]
    <> mconcat [topBindingB env tb <> nl | tb <- moduleTopBindings m]
  where
    env = moduleEnv m

dependencyB :: UnitId -> [ModuleName] -> Builder
dependencyB (UnitId u) ms = "dependency " <> raw u <> B.char7 ':' <> mconcat [sp <> raw n | ModuleName n <- ms] <> nl

tyConB :: STyCon -> Builder
tyConB tc =
  ind 1 <> "tycon " <> occRaw (stcName tc) tcu <> " loc " <> spanB (stcDefLoc tc) <> nl
    <> mconcat (map dataConB (stcDataCons tc))
  where
    TyConId tcu = stcId tc
    dataConB dc =
      let DataConId dcu = sdcId dc
       in ind 2 <> "datacon " <> occRaw (sdcName dc) dcu <> sp <> dataConRepB (sdcRep dc)
            <> " loc " <> spanB (sdcDefLoc dc) <> nl
            <> ind 3 <> "worker " <> bdecl (sdcWorker dc) <> nl

dataConRepB :: DataConRep -> Builder
dataConRepB (AlgDataCon rs) = "alg [" <> sepBy (B.char7 ',') (map primRepB rs) <> B.char7 ']'
dataConRepB (UnboxedTupleCon n) = "utuple " <> int n

-- | The module-level name tables (extstg-format.md §3.3 steps 1 and 2):
-- constructor workers, then external top ids, then this module's own top
-- binders.
moduleEnv :: SModule -> Env
moduleEnv m =
  Env
    { envBinders =
        Map.fromList
          ( [ (u, sbinderName w)
            | dc <- allDataCons
            , let w = sdcWorker dc
                  BinderId u = sbinderId w
            ]
              ++ [ (u, sbinderName b)
                 | (_, mods) <- moduleExternalTopIds m
                 , (_, bs) <- mods
                 , b <- bs
                 , let BinderId u = sbinderId b
                 ]
              ++ [ (u, sbinderName b)
                 | tb <- moduleTopBindings m
                 , b <- topBinders tb
                 , let BinderId u = sbinderId b
                 ]
          )
    , envDataCons = Map.fromList [(u, sdcName dc) | dc <- allDataCons, let DataConId u = sdcId dc]
    , envTyCons = Map.fromList [(u, stcName tc) | tc <- allTyCons, let TyConId u = stcId tc]
    }
  where
    allTyCons = [tc | (_, mods) <- moduleTyCons m, (_, tcs) <- mods, tc <- tcs]
    allDataCons = concatMap stcDataCons allTyCons

topBinders :: TopBinding -> [SBinder]
topBinders (StgTopLifted (StgNonRec b _)) = [b]
topBinders (StgTopLifted (StgRec ps)) = map fst ps
topBinders (StgTopStringLit b _) = [b]

-------------------------------------------------------------------------------
-- Foreign stubs

stubsB :: ForeignStubs -> Builder
stubsB NoStubs = "stubs none" <> nl
stubsB (ForeignStubs h c inits fins decls) =
  "stubs" <> nl
    <> ind 1 <> "header " <> str h <> nl
    <> ind 1 <> "c-source " <> str c <> nl
    <> mconcat [ind 1 <> "initializer " <> clabelB l <> nl | l <- inits]
    <> mconcat [ind 1 <> "finalizer " <> clabelB l <> nl | l <- fins]
    <> mconcat [ind 1 <> stubDeclB d <> nl | d <- decls]

clabelB :: ModuleCLabel -> Builder
clabelB (ModuleCLabel u m k) = modB u m <> sp <> kind k
  where
    kind (MLK_Initializer s) = "initializer " <> str s
    kind MLK_InitializerArray = "initializer-array"
    kind (MLK_Finalizer s) = "finalizer " <> str s
    kind MLK_FinalizerArray = "finalizer-array"
    kind MLK_IPEBuffer = "ipe-buffer"

stubDeclB :: StubDecl -> Builder
stubDeclB (StubDeclImport (CImport cc safety mh spec st) mimpl) =
  "import " <> cconvB cc <> sp <> safetyB safety <> " header " <> headerB mh
    <> sp <> cimportSpecB spec <> sp <> sourceTextB st
    <> maybe mempty (\i -> " impl " <> stubImplB i) mimpl
stubDeclB (StubDeclExport (CExport (CExportStatic st1 cname cc) st2) (BinderId u) bs) =
  "export " <> sourceTextB st1 <> sp <> str cname <> sp <> cconvB cc <> sp <> sourceTextB st2
    <> sp <> uniq u <> sp <> str bs

headerB :: Maybe Header -> Builder
headerB Nothing = "-"
headerB (Just (Header st h)) = sourceTextB st <> B.char7 '/' <> str h

cimportSpecB :: CImportSpec -> Builder
cimportSpecB (CLabel l) = "label " <> str l
cimportSpecB (CFunction t) = "function " <> targetB t
cimportSpecB CWrapper = "wrapper"

stubImplB :: StubImpl -> Builder
stubImplB (StubImplImportCWrapper lbl mi isIO res args) =
  "cwrapper " <> str lbl <> sp <> maybe "-" int mi <> sp <> bool isIO <> sp <> str res
    <> " [" <> sepBy (B.char7 ',') (map str args) <> B.char7 ']'
stubImplB (StubImplImportCApi s xs) =
  "capi " <> str s <> " ["
    <> sepBy (B.char7 ',') [B.char7 '(' <> headerB mh <> B.char7 ',' <> str b <> B.char7 ',' <> uChar c <> B.char7 ')' | (mh, b, c) <- xs]
    <> B.char7 ']'

uChar :: Char -> Builder
uChar c = "U+" <> B.string7 (pad (map toUpper (showHex (ord c) "")))
  where
    pad s = replicate (4 - length s) '0' ++ s

-------------------------------------------------------------------------------
-- Bindings

topBindingB :: Env -> TopBinding -> Builder
topBindingB env (StgTopLifted b) = bindingB env 0 b
topBindingB _ (StgTopStringLit b s) = bdecl b <> " = string " <> str s <> nl

-- | The environment a binding's right-hand sides see (§3.3: a non-recursive
-- binder is visible in its own rhs; recursive binders in all rhss).
bindingEnv :: Env -> Binding -> Env
bindingEnv env (StgNonRec b _) = bindersIn [b] env
bindingEnv env (StgRec ps) = bindersIn (map fst ps) env

-- | A binding at indentation @k@ (its closure bodies go at @k+1@).
bindingB :: Env -> Int -> Binding -> Builder
bindingB env k bnd = case bnd of
  StgNonRec b rhs -> pairB b rhs
  StgRec ps ->
    ind k <> "rec" <> nl
      <> mconcat [pairB' (k + 1) b rhs | (b, rhs) <- ps]
      <> ind k <> "end" <> nl
  where
    env' = bindingEnv env bnd
    pairB = pairB' k
    pairB' i b rhs = ind i <> bdecl b <> " = " <> rhsB env' i rhs

rhsB :: Env -> Int -> Rhs -> Builder
rhsB env k (StgRhsClosure fvs flag params body) =
  B.char7 '\\' <> flagB flag
    <> " {" <> sepBy sp (map (binderOcc env) fvs) <> "} ["
    <> sepBy sp (map bdecl params) <> "] ->" <> nl
    <> exprB (bindersIn params env) (k + 1) body
rhsB env _ (StgRhsCon dc args) = "con " <> dataConOcc env dc <> argsB env args <> nl

flagB :: UpdateFlag -> Builder
flagB ReEntrant = B.char7 'r'
flagB Updatable = B.char7 'u'
flagB SingleEntry = B.char7 's'

-------------------------------------------------------------------------------
-- Expressions

exprB :: Env -> Int -> Expr -> Builder
exprB env i e = case e of
  StgApp f args -> ind i <> "app " <> binderOcc env f <> argsB env args <> nl
  StgLit l -> ind i <> "lit " <> litB l <> nl
  StgConApp dc args tys ->
    ind i <> "conapp " <> dataConOcc env dc <> argsB env args
      <> " :: [" <> sepBy (B.char7 ',') (map typeB tys) <> B.char7 ']' <> nl
  StgOpApp op args ty mtc ->
    ind i <> "op " <> opB op <> argsB env args <> " :: " <> typeB ty
      <> maybe mempty (\tc -> " @" <> tyConOcc env tc) mtc <> nl
  StgCase scrut b altty alts ->
    let envAlts = bindersIn [b] env
     in ind i <> "case" <> nl
          <> exprB env (i + 1) scrut
          <> ind i <> "of " <> bdecl b <> sp <> altTypeB env altty <> nl
          <> mconcat (map (altB envAlts) alts)
  StgLet b body -> letB "let" b body
  StgLetNoEscape b body -> letB "letjoin" b body
  StgTick t body -> ind i <> "tick " <> tickishB t <> nl <> exprB env (i + 1) body
  where
    letB kw b body =
      ind i <> kw <> nl
        <> bindingB env (i + 1) b
        <> ind i <> "in" <> nl
        <> exprB (bindingEnv env b) (i + 1) body
    altB envAlts (Alt con bs rhs) =
      ind (i + 1) <> altConB envAlts con <> " [" <> sepBy sp (map bdecl bs) <> "] ->" <> nl
        <> exprB (bindersIn bs envAlts) (i + 2) rhs

argsB :: Env -> [Arg] -> Builder
argsB env = mconcat . map (\a -> sp <> argB env a)

argB :: Env -> Arg -> Builder
argB env (StgVarArg b) = binderOcc env b
argB _ (StgLitArg l) = B.char7 '(' <> litB l <> B.char7 ')'

altTypeB :: Env -> AltType -> Builder
altTypeB _ PolyAlt = "poly"
altTypeB _ (MultiValAlt n) = "multi " <> int n
altTypeB _ (PrimAlt r) = "prim " <> primRepB r
altTypeB env (AlgAlt tc) = "alg " <> tyConOcc env tc

altConB :: Env -> AltCon -> Builder
altConB _ AltDefault = "default"
altConB _ (AltLit l) = "lit (" <> litB l <> B.char7 ')'
altConB env (AltDataCon dc) = "con " <> dataConOcc env dc

opB :: StgOp -> Builder
opB (StgPrimOp n) = "prim " <> str n
opB (StgPrimCallOp (PrimCall lbl (UnitId u))) = "primcall " <> str lbl <> sp <> raw u
opB (StgFCallOp (ForeignCall t cc s)) = "ffi " <> targetB t <> sp <> cconvB cc <> sp <> safetyB s

targetB :: CCallTarget -> Builder
targetB (StaticTarget st sym mu isFun) =
  "static " <> sourceTextB st <> sp <> str sym <> sp
    <> maybe "-" (\(UnitId u) -> raw u) mu <> sp <> bool isFun
targetB DynamicTarget = "dynamic"

sourceTextB :: SourceText -> Builder
sourceTextB (SourceText s) = "src" <> str s
sourceTextB NoSourceText = "nosrc"

cconvB :: CCallConv -> Builder
cconvB c = case c of
  CCallConv -> "ccall"
  CApiConv -> "capi"
  StdCallConv -> "stdcall"
  PrimCallConv -> "prim"
  JavaScriptCallConv -> "javascript"

safetyB :: Safety -> Builder
safetyB PlaySafe = "safe"
safetyB PlayInterruptible = "interruptible"
safetyB PlayRisky = "unsafe"

litB :: Lit -> Builder
litB l = case l of
  LitChar c -> "char " <> uChar c
  LitString s -> "string " <> str s
  LitNullAddr -> "nulladdr"
  LitFloat r -> "float " <> ratio r
  LitDouble r -> "double " <> ratio r
  LitLabel s (FunctionLabel Nothing) -> "label " <> str s <> " function"
  LitLabel s (FunctionLabel (Just n)) -> "label " <> str s <> " function(" <> int n <> B.char7 ')'
  LitLabel s DataLabel -> "label " <> str s <> " data"
  LitNumber t n -> numType t <> sp <> integer n
  LitRubbish t -> "rubbish " <> typeB t
  where
    ratio r = integer (numerator r) <> B.char7 '/' <> integer (denominator r)
    numType t = case t of
      LitNumInt -> "int"
      LitNumInt8 -> "int8"
      LitNumInt16 -> "int16"
      LitNumInt32 -> "int32"
      LitNumInt64 -> "int64"
      LitNumWord -> "word"
      LitNumWord8 -> "word8"
      LitNumWord16 -> "word16"
      LitNumWord32 -> "word32"
      LitNumWord64 -> "word64"

tickishB :: Tickish -> Builder
tickishB ProfNote = "profnote"
tickishB HpcTick = "hpc"
tickishB Breakpoint = "breakpoint"
tickishB (SourceNote rs n) = "source " <> realSpanB rs <> sp <> str n
