{-# LANGUAGE CApiFFI #-}
-- libm through the FFI: `foreign import ccall unsafe "math.h f"` for double and float
-- functions, int/long arguments and results, a FunPtr taken with "&cos" and called through a
-- "dynamic" import, a capi import, and errno after a domain/range error. Inputs include NaNs
-- (with payloads, negative, signalling), ±Infinity, -0.0, subnormals and huge arguments;
-- every result is printed with `show` and as its bit pattern, and wide sweeps are folded
-- into one digest per function.
module Main (main) where

import Data.Bits (rotateL, xor, shiftR, (.&.))
import Data.List (foldl')
import Data.Word (Word32, Word64)
import Foreign.C.Error (Errno (..), eDOM, eRANGE, getErrno, resetErrno)
import Foreign.C.Types (CDouble (..), CFloat (..), CInt (..), CLLong (..), CLong (..))
import Foreign.Ptr (FunPtr)
import GHC.Float (castDoubleToWord64, castFloatToWord32, castWord32ToFloat, castWord64ToDouble)
import Numeric (showHex)

-- double -> double
foreign import ccall unsafe "math.h sin" c_sin :: Double -> Double
foreign import ccall unsafe "math.h cos" c_cos :: Double -> Double
foreign import ccall unsafe "math.h tan" c_tan :: Double -> Double
foreign import ccall unsafe "math.h asin" c_asin :: Double -> Double
foreign import ccall unsafe "math.h acos" c_acos :: Double -> Double
foreign import ccall unsafe "math.h atan" c_atan :: Double -> Double
foreign import ccall unsafe "math.h sinh" c_sinh :: Double -> Double
foreign import ccall unsafe "math.h cosh" c_cosh :: Double -> Double
foreign import ccall unsafe "math.h tanh" c_tanh :: Double -> Double
foreign import ccall unsafe "math.h asinh" c_asinh :: Double -> Double
foreign import ccall unsafe "math.h acosh" c_acosh :: Double -> Double
foreign import ccall unsafe "math.h atanh" c_atanh :: Double -> Double
foreign import ccall unsafe "math.h exp" c_exp :: Double -> Double
foreign import ccall unsafe "math.h exp2" c_exp2 :: Double -> Double
foreign import ccall unsafe "math.h expm1" c_expm1 :: Double -> Double
foreign import ccall unsafe "math.h log" c_log :: Double -> Double
foreign import ccall unsafe "math.h log2" c_log2 :: Double -> Double
foreign import ccall unsafe "math.h log10" c_log10 :: Double -> Double
foreign import ccall unsafe "math.h log1p" c_log1p :: Double -> Double
foreign import ccall unsafe "math.h logb" c_logb :: Double -> Double
foreign import ccall unsafe "math.h sqrt" c_sqrt :: Double -> Double
foreign import ccall unsafe "math.h cbrt" c_cbrt :: CDouble -> CDouble
foreign import ccall unsafe "math.h fabs" c_fabs :: Double -> Double
foreign import ccall unsafe "math.h floor" c_floor :: Double -> Double
foreign import ccall unsafe "math.h ceil" c_ceil :: Double -> Double
foreign import ccall unsafe "math.h trunc" c_trunc :: Double -> Double
foreign import ccall unsafe "math.h round" c_round :: Double -> Double
foreign import ccall unsafe "math.h rint" c_rint :: Double -> Double
foreign import ccall unsafe "math.h nearbyint" c_nearbyint :: Double -> Double
foreign import ccall unsafe "math.h erf" c_erf :: Double -> Double
foreign import ccall unsafe "math.h erfc" c_erfc :: Double -> Double
foreign import ccall unsafe "math.h tgamma" c_tgamma :: Double -> Double
foreign import ccall unsafe "math.h lgamma" c_lgamma :: Double -> Double
foreign import ccall unsafe "math.h j0" c_j0 :: Double -> Double
foreign import ccall unsafe "math.h j1" c_j1 :: Double -> Double
foreign import ccall unsafe "math.h y0" c_y0 :: Double -> Double
foreign import ccall unsafe "math.h y1" c_y1 :: CDouble -> CDouble

-- (double, double) -> double, fma
foreign import ccall unsafe "math.h atan2" c_atan2 :: Double -> Double -> Double
foreign import ccall unsafe "math.h pow" c_pow :: Double -> Double -> Double
foreign import ccall unsafe "math.h hypot" c_hypot :: Double -> Double -> Double
foreign import ccall unsafe "math.h fmod" c_fmod :: Double -> Double -> Double
foreign import ccall unsafe "math.h remainder" c_remainder :: Double -> Double -> Double
foreign import ccall unsafe "math.h fmin" c_fmin :: Double -> Double -> Double
foreign import ccall unsafe "math.h fmax" c_fmax :: Double -> Double -> Double
foreign import ccall unsafe "math.h fdim" c_fdim :: Double -> Double -> Double
foreign import ccall unsafe "math.h copysign" c_copysign :: Double -> Double -> Double
foreign import ccall unsafe "math.h nextafter" c_nextafter :: Double -> Double -> Double
foreign import ccall unsafe "math.h fma" c_fma :: Double -> Double -> Double -> Double

-- float variants
foreign import ccall unsafe "math.h sinf" c_sinf :: Float -> Float
foreign import ccall unsafe "math.h cosf" c_cosf :: Float -> Float
foreign import ccall unsafe "math.h tanf" c_tanf :: Float -> Float
foreign import ccall unsafe "math.h atanf" c_atanf :: Float -> Float
foreign import ccall unsafe "math.h expf" c_expf :: Float -> Float
foreign import ccall unsafe "math.h logf" c_logf :: Float -> Float
foreign import ccall unsafe "math.h log1pf" c_log1pf :: Float -> Float
foreign import ccall unsafe "math.h sqrtf" c_sqrtf :: CFloat -> CFloat
foreign import ccall unsafe "math.h cbrtf" c_cbrtf :: Float -> Float
foreign import ccall unsafe "math.h floorf" c_floorf :: Float -> Float
foreign import ccall unsafe "math.h roundf" c_roundf :: Float -> Float
foreign import ccall unsafe "math.h tgammaf" c_tgammaf :: Float -> Float
foreign import ccall unsafe "math.h erff" c_erff :: Float -> Float
foreign import ccall unsafe "math.h j0f" c_j0f :: Float -> Float
foreign import ccall unsafe "math.h atan2f" c_atan2f :: Float -> Float -> Float
foreign import ccall unsafe "math.h powf" c_powf :: Float -> Float -> Float
foreign import ccall unsafe "math.h hypotf" c_hypotf :: Float -> Float -> Float
foreign import ccall unsafe "math.h fmodf" c_fmodf :: Float -> Float -> Float
foreign import ccall unsafe "math.h nextafterf" c_nextafterf :: Float -> Float -> Float
foreign import ccall unsafe "math.h fmaf" c_fmaf :: Float -> Float -> Float -> Float

-- int / long arguments and results
foreign import ccall unsafe "math.h ldexp" c_ldexp :: Double -> CInt -> Double
foreign import ccall unsafe "math.h scalbn" c_scalbn :: Double -> CInt -> Double
foreign import ccall unsafe "math.h scalbln" c_scalbln :: Double -> CLong -> Double
foreign import ccall unsafe "math.h jn" c_jn :: CInt -> Double -> Double
foreign import ccall unsafe "math.h yn" c_yn :: CInt -> Double -> Double
foreign import ccall unsafe "math.h ldexpf" c_ldexpf :: Float -> CInt -> Float
foreign import ccall unsafe "math.h jnf" c_jnf :: CInt -> Float -> Float
foreign import ccall unsafe "math.h ilogb" c_ilogb :: Double -> CInt
foreign import ccall unsafe "math.h ilogbf" c_ilogbf :: Float -> CInt
foreign import ccall unsafe "math.h lrint" c_lrint :: Double -> CLong
foreign import ccall unsafe "math.h lround" c_lround :: Double -> CLong
foreign import ccall unsafe "math.h llround" c_llround :: Double -> CLLong
foreign import ccall unsafe "math.h llrintf" c_llrintf :: Float -> CLLong

-- a function pointer, a capi import, IO imports (errno)
foreign import ccall unsafe "math.h &cos" p_cos :: FunPtr (Double -> Double)
foreign import ccall unsafe "math.h &ldexp" p_ldexp :: FunPtr (Double -> CInt -> Double)
foreign import ccall unsafe "dynamic" callDD :: FunPtr (Double -> Double) -> Double -> Double
foreign import ccall unsafe "dynamic" callDID :: FunPtr (Double -> CInt -> Double) -> Double -> CInt -> Double
foreign import capi unsafe "math.h hypot" capi_hypot :: Double -> Double -> Double
foreign import ccall unsafe "math.h log" c_logIO :: Double -> IO Double
foreign import ccall unsafe "math.h exp" c_expIO :: Double -> IO Double
foreign import ccall unsafe "math.h sqrt" c_sqrtIO :: Double -> IO Double

fromBits :: Word64 -> Double
fromBits = castWord64ToDouble

fromBitsF :: Word32 -> Float
fromBitsF = castWord32ToFloat

hex64 :: Double -> String
hex64 d = let s = showHex (castDoubleToWord64 d) "" in "0x" ++ replicate (16 - length s) '0' ++ s

hex32 :: Float -> String
hex32 f = let s = showHex (castFloatToWord32 f) "" in "0x" ++ replicate (8 - length s) '0' ++ s

showD :: Double -> String
showD d = show d ++ " [" ++ hex64 d ++ "]"

showF :: Float -> String
showF f = show f ++ " [" ++ hex32 f ++ "]"

nan, negNaN, payloadNaN, sNaN, inf, negZero, minSub, minNormal, maxD :: Double
nan = fromBits 0x7ff8000000000000
negNaN = fromBits 0xfff8000000000000
payloadNaN = fromBits 0x7ff800000000beef
sNaN = fromBits 0x7ff4000000000001
inf = fromBits 0x7ff0000000000000
negZero = fromBits 0x8000000000000000
minSub = fromBits 0x0000000000000001
minNormal = fromBits 0x0010000000000000
maxD = fromBits 0x7fefffffffffffff

specials :: [Double]
specials =
  [ 0, negZero, 1, -1, 0.5, -0.5, 2, 3, 10, 0.1, 0.7, -2.5, 1.0e-8, 1.0e-300, 1.0e-310, minSub, -minSub
  , minNormal, 1.0e22, -1.0e22, 1.0e300, maxD, 709.78, 710, -745.2, -746, 3.141592653589793
  , 1.5707963267948966, 4503599627370495.5, inf, -inf, nan, negNaN, payloadNaN, sNaN ]

nanF, infF, negZeroF, minSubF, maxF :: Float
nanF = fromBitsF 0x7fc00000
infF = fromBitsF 0x7f800000
negZeroF = fromBitsF 0x80000000
minSubF = fromBitsF 0x00000001
maxF = fromBitsF 0x7f7fffff

specialsF :: [Float]
specialsF =
  [ 0, negZeroF, 1, -1, 0.5, -2.5, 0.1, 10, 1.0e-8, 1.0e-40, minSubF, 1.0e30, maxF, 88.72, 89, -104
  , 3.1415927, infF, -infF, nanF, fromBitsF 0xffc00123, fromBitsF 0x7fa00001 ]

unaryD :: [(String, Double -> Double)]
unaryD =
  [ ("sin", c_sin), ("cos", c_cos), ("tan", c_tan), ("asin", c_asin), ("acos", c_acos)
  , ("atan", c_atan), ("sinh", c_sinh), ("cosh", c_cosh), ("tanh", c_tanh), ("asinh", c_asinh)
  , ("acosh", c_acosh), ("atanh", c_atanh), ("exp", c_exp), ("exp2", c_exp2), ("expm1", c_expm1)
  , ("log", c_log), ("log2", c_log2), ("log10", c_log10), ("log1p", c_log1p), ("logb", c_logb)
  , ("sqrt", c_sqrt), ("cbrt", viaC c_cbrt), ("fabs", c_fabs), ("floor", c_floor), ("ceil", c_ceil)
  , ("trunc", c_trunc), ("round", c_round), ("rint", c_rint), ("nearbyint", c_nearbyint)
  , ("erf", c_erf), ("erfc", c_erfc), ("tgamma", c_tgamma), ("lgamma", c_lgamma), ("j0", c_j0)
  , ("j1", c_j1), ("y0", c_y0), ("y1", viaC c_y1), ("cos via FunPtr", callDD p_cos) ]
  where viaC f x = let CDouble r = f (CDouble x) in r

binaryD :: [(String, Double -> Double -> Double)]
binaryD =
  [ ("atan2", c_atan2), ("pow", c_pow), ("hypot", c_hypot), ("fmod", c_fmod)
  , ("remainder", c_remainder), ("fmin", c_fmin), ("fmax", c_fmax), ("fdim", c_fdim)
  , ("copysign", c_copysign), ("nextafter", c_nextafter), ("hypot (capi)", capi_hypot) ]

unaryF :: [(String, Float -> Float)]
unaryF =
  [ ("sinf", c_sinf), ("cosf", c_cosf), ("tanf", c_tanf), ("atanf", c_atanf), ("expf", c_expf)
  , ("logf", c_logf), ("log1pf", c_log1pf), ("sqrtf", \x -> let CFloat r = c_sqrtf (CFloat x) in r)
  , ("cbrtf", c_cbrtf), ("floorf", c_floorf), ("roundf", c_roundf), ("tgammaf", c_tgammaf)
  , ("erff", c_erff), ("j0f", c_j0f) ]

binaryF :: [(String, Float -> Float -> Float)]
binaryF =
  [ ("atan2f", c_atan2f), ("powf", c_powf), ("hypotf", c_hypotf), ("fmodf", c_fmodf)
  , ("nextafterf", c_nextafterf) ]

pairsD :: [(Double, Double)]
pairsD =
  [ (1, 1), (0, -1), (negZero, -1), (negZero, negZero), (0, negZero), (-1, 0), (2, 0.5), (-8, 1 / 3)
  , (-2, 3), (-2, -3), (negZero, -3), (0, -3), (nan, 0), (1, nan), (-1, inf), (inf, nan), (nan, inf)
  , (10, 3), (-10, 3), (10, -3), (5.5, 2), (7, 2), (1.0e308, 1.0e-308), (minSub, 2), (3, minSub)
  , (maxD, maxD), (1.0e22, 3.0), (inf, -inf), (payloadNaN, 1), (1, negNaN) ]

pairsF :: [(Float, Float)]
pairsF =
  [ (1, 1), (0, -1), (negZeroF, -1), (2, 0.5), (-8, 3), (10, 3), (-10, 3), (1.0e30, 1.0e-30)
  , (minSubF, 2), (maxF, maxF), (infF, nanF), (nanF, 0), (1, -infF) ]

-- A deterministic sweep: raw bit patterns (every class of value) and scaled ordinary numbers.
sweepD :: [Double]
sweepD = take 1500 (map fromBits (iterate lcg 12345)) ++ [fromIntegral k * 0.0137 - 10 | k <- [0 .. 1499 :: Int]]
  where lcg x = x * 6364136223846793005 + 1442695040888963407

sweepF :: [Float]
sweepF = take 1500 (map (fromBitsF . fromIntegral . (`shiftR` 32)) (iterate lcg 777))
  ++ [fromIntegral k * 0.0137 - 10 | k <- [0 .. 1499 :: Int]]
  where lcg :: Word64 -> Word64
        lcg x = x * 6364136223846793005 + 1442695040888963407

digest :: [Word64] -> String
digest ws = let h = foldl' (\acc w -> (acc `rotateL` 7) `xor` w) 0x9e3779b97f4a7c15 ws
                s = showHex h ""
            in replicate (16 - length s) '0' ++ s

main :: IO ()
main = do
  putStrLn "== double -> double"
  mapM_ (\(name, f) -> mapM_ (\x -> putStrLn (name ++ " " ++ showD x ++ " = " ++ showD (f x))) specials) unaryD
  putStrLn "== (double, double) -> double"
  mapM_ (\(name, f) -> mapM_ (\(x, y) -> putStrLn (name ++ " " ++ showD x ++ " " ++ showD y ++ " = " ++ showD (f x y))) pairsD) binaryD
  putStrLn "== fma"
  let e = 1 + 2 ^^ (-52 :: Int) :: Double
  mapM_ (\(x, y, z) -> putStrLn ("fma " ++ unwords (map show [x, y, z]) ++ " = " ++ showD (c_fma x y z)))
    [(e, e, -(1 + 2 ^^ (-51 :: Int))), (0.1, 10, -1), (inf, 0, 1), (maxD, 2, -maxD), (negZero, 1, negZero), (2, 3, nan)]
  putStrLn "== float -> float"
  mapM_ (\(name, f) -> mapM_ (\x -> putStrLn (name ++ " " ++ showF x ++ " = " ++ showF (f x))) specialsF) unaryF
  putStrLn "== (float, float) -> float"
  mapM_ (\(name, f) -> mapM_ (\(x, y) -> putStrLn (name ++ " " ++ showF x ++ " " ++ showF y ++ " = " ++ showF (f x y))) pairsF) binaryF
  putStrLn ("fmaf = " ++ showF (c_fmaf 0.1 10 (-1)) ++ " " ++ showF (c_fmaf 3 infF (-infF)))
  putStrLn "== int arguments"
  let ns = [0, 1, -1, 2, 5, -3, 52, -1022, -1074, -1075, 1023, 1024, 2000, minBound, maxBound] :: [CInt]
  mapM_ (\x -> mapM_ (\n -> putStrLn ("ldexp/scalbn " ++ show x ++ " " ++ show n ++ " = " ++ showD (c_ldexp x n)
                                       ++ " " ++ showD (c_scalbn x n) ++ " " ++ showD (callDID p_ldexp x n))) ns)
    [1, -0.75, minSub, maxD, negZero, inf, nan]
  mapM_ (\n -> putStrLn ("scalbln 1.5 " ++ show n ++ " = " ++ showD (c_scalbln 1.5 n)))
    [0, 3, -3, 1024, -1100, 2 ^ (40 :: Int), -(2 ^ (40 :: Int)), minBound, maxBound :: CLong]
  mapM_ (\n -> mapM_ (\x -> putStrLn ("jn/yn " ++ show n ++ " " ++ show x ++ " = " ++ showD (c_jn n x) ++ " " ++ showD (c_yn n x)))
                       [0.5, 2, 10, 100, 1.0e-5, negZero, inf])
    [0, 1, 2, 5, -3, 30]
  mapM_ (\(n, x) -> putStrLn ("ldexpf/jnf " ++ show n ++ " " ++ show x ++ " = " ++ showF (c_ldexpf x n) ++ " " ++ showF (c_jnf n x)))
    [(0, 1), (3, 0.5), (-149, 1), (-150, 1), (128, 1), (127, 1.5), (-2, minSubF), (4, infF)]
  putStrLn "== int results"
  mapM_ (\x -> putStrLn ("ilogb/lrint/lround/llround " ++ showD x ++ " = " ++ show (c_ilogb x) ++ " "
                         ++ show (c_lrint x) ++ " " ++ show (c_lround x) ++ " " ++ show (c_llround x)))
    (specials ++ [2.5, 3.5, -3.5, 4503599627370497, -9.3e18, 9.3e18])
  mapM_ (\x -> putStrLn ("ilogbf/llrintf " ++ showF x ++ " = " ++ show (c_ilogbf x) ++ " " ++ show (c_llrintf x)))
    (specialsF ++ [2.5, 3.5, -1.0e18])
  putStrLn "== errno"
  resetErrno
  r1 <- c_logIO (-1)
  Errno e1 <- getErrno
  resetErrno
  r2 <- c_expIO 1000
  Errno e2 <- getErrno
  resetErrno
  r3 <- c_sqrtIO 2
  Errno e3 <- getErrno
  let Errno edom = eDOM
      Errno erange = eRANGE
  putStrLn ("log -1 = " ++ showD r1 ++ ", errno is EDOM: " ++ show (e1 == edom))
  putStrLn ("exp 1000 = " ++ showD r2 ++ ", errno is ERANGE: " ++ show (e2 == erange))
  putStrLn ("sqrt 2 = " ++ showD r3 ++ ", errno " ++ show e3)
  putStrLn "== digests"
  mapM_ (\(name, f) -> putStrLn (name ++ " " ++ digest (map (castDoubleToWord64 . f) sweepD))) unaryD
  mapM_ (\(name, f) -> putStrLn (name ++ " " ++ digest (zipWith (\x y -> castDoubleToWord64 (f x y)) sweepD (reverse sweepD)))) binaryD
  mapM_ (\(name, f) -> putStrLn (name ++ " " ++ digest (map (fromIntegral . castFloatToWord32 . f) sweepF))) unaryF
  mapM_ (\(name, f) -> putStrLn (name ++ " " ++ digest (zipWith (\x y -> fromIntegral (castFloatToWord32 (f x y))) sweepF (reverse sweepF)))) binaryF
  putStrLn ("ldexp " ++ digest [castDoubleToWord64 (c_ldexp x (fromIntegral (k .&. 2047) - 1100)) | (k, x) <- zip [0 :: Int ..] sweepD])
  putStrLn ("jn " ++ digest [castDoubleToWord64 (c_jn (fromIntegral (k .&. 15) - 4) x) | (k, x) <- zip [0 :: Int ..] sweepD])
  putStrLn ("ilogb " ++ digest (map (fromIntegral . c_ilogb) sweepD))
  putStrLn ("lrint " ++ digest (map (fromIntegral . c_lrint) sweepD))
