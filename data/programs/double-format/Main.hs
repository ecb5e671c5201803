-- Double/Float arithmetic and formatting: show of special values, rounding
-- (banker's), elementary functions, decodeFloat, realToFrac, Numeric.
module Main (main) where

import Numeric (showEFloat, showFFloat, showGFloat, showHex, showOct, showFFloatAlt,
                floatToDigits, readHex, showSigned, showInt, fromRat)

doubles :: [Double]
doubles =
  [ 0, -0.0, 0.1, 0.2, 0.1 + 0.2, 1, 1.0e-2, 0.1 * 3, 1 / 3, 2 / 3, 100, 1234567.0
  , 12345678.9, 0.000123, 1e7, 9999999, 1e21, 1e22, 5.0e-324, 2.2250738585072014e-308
  , 1.7976931348623157e308, 123.456, -987.654e-10, 3.141592653589793, 2.718281828459045 ]

special :: [Double]
special = [1 / 0, -1 / 0, 0 / 0, sqrt (-1), -0.0, 1 / (-(1 / 0))]

floats :: [Float]
floats = [0.1, 1 / 3, 16777216, 16777217, 3.4028235e38, 1.0e-45, 2.5, -7.25e-3]

roundingInputs :: [Double]
roundingInputs = [-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -2.7, -2.2, 2.2, 2.7, 1e15 + 0.5, -0.0]

-- Simple numerical routines
newton :: (Double -> Double) -> (Double -> Double) -> Double -> Int -> Double
newton f f' = go
  where
    go x 0 = x
    go x k = go (x - f x / f' x) (k - 1)

simpson :: (Double -> Double) -> Double -> Double -> Int -> Double
simpson f a b n = hh / 3 * (f a + f b + 4 * odds + 2 * evens)
  where
    hh = (b - a) / fromIntegral n
    odds = sum [f (a + fromIntegral i * hh) | i <- [1, 3 .. n - 1]]
    evens = sum [f (a + fromIntegral i * hh) | i <- [2, 4 .. n - 2]]

kahanSum :: [Double] -> Double
kahanSum = fst . foldl step (0, 0)
  where
    step (s, c) x = let y = x - c; t = s + y in (t, (t - s) - y)

float2Double' :: Float -> Double
float2Double' = fromRational . toRational

fmt :: Int -> Double -> String
fmt d x = showFFloat (Just d) x ""

main :: IO ()
main = do
  putStrLn "== show Double"
  mapM_ print doubles
  print special
  print (map isNaN special, map isInfinite special, map isNegativeZero special)
  print (0 / 0 == (0 / 0 :: Double), compare (1 :: Double) (0 / 0), max (0 / 0) (1 :: Double))
  putStrLn "== show Float"
  print floats
  -- a runtime value (not a literal): GHC -O constant-folds realToFrac on literals
  let f01 = read "0.1" :: Float
      d01 = read "0.1" :: Double
  print (realToFrac f01 :: Double, realToFrac d01 :: Float, float2Double' f01)
  print (realToFrac (1 / 0 :: Double) :: Float, fromRational (7 / 3) :: Float)
  print (toRational (0.75 :: Double), toRational (0.1 :: Float))
  putStrLn "== rounding"
  mapM_ (\x -> print (x, floor x :: Integer, ceiling x :: Integer, round x :: Integer, truncate x :: Integer)) roundingInputs
  print (properFraction (-3.75 :: Double) :: (Int, Double), properFraction (10.125 :: Double) :: (Integer, Double))
  print (round (2.5 :: Float) :: Int, round (3.5 :: Float) :: Int, truncate (1e10 :: Double) :: Int)
  putStrLn "== functions"
  let xs = [0.5, 1, 2, 10] :: [Double]
  mapM_ (\x -> putStrLn (unwords (map (fmt 10) [sqrt x, exp x, log x, sin x, cos x, tan x, atan x, asin (x / 10), sinh x, x ** 1.5, logBase 2 x]))) xs
  print (atan2 1 1 :: Double, atan2 (-1) (-1) :: Double, atan2 0 (-1) :: Double, atan2 (-0.0) (-1) :: Double)
  print (pi :: Double, pi :: Float, exp 1 :: Double, sqrt 2 :: Float)
  print (2 ** 0.5 :: Double, 10 ^^ (-3 :: Int) :: Double, 2 ^ (10 :: Int) :: Double, (-8) ** (1 / 3) :: Double)
  print (newton (\x -> x * x - 2) (* 2) 1 8, newton cos (negate . sin) 1 10)
  print (simpson sin 0 pi 100, simpson (\x -> 4 / (1 + x * x)) 0 1 1000)
  print (sum (replicate 10 0.1) :: Double, kahanSum (replicate 10 0.1))
  print (sum [1 / fromIntegral (k * k) | k <- [1 .. 100000 :: Int]] :: Double)
  print (minimum [3.5, -0.0, 0.0 :: Double], abs (-0.0 :: Double), signum (-2.5 :: Double), negate 0 :: Double)
  putStrLn "== decodeFloat and friends"
  mapM_ (\x -> print (x, decodeFloat x, exponent x, significand x, floatDigits x)) [1.0, 0.1, -3.75, 1e300, 5e-324 :: Double]
  print (decodeFloat (0.1 :: Float), encodeFloat 1 (-1074) :: Double, encodeFloat 3 10 :: Float)
  print (floatRadix (1 :: Double), floatRange (1 :: Double), floatRange (1 :: Float), scaleFloat 4 (1.5 :: Double))
  print (isDenormalized (1e-310 :: Double), isIEEE (1 :: Double), floatToDigits 10 (123.456 :: Double))
  print (floatToDigits 2 (0.375 :: Double), fromRat (1 / 7) :: Double)
  putStrLn "== Numeric"
  let vals = [0, 1, -1, 0.5, 3.14159265, 123456.789, 1e-5, -2.5e10, 1 / 0] :: [Double]
  mapM_ (\v -> putStrLn (showFFloat (Just 3) v "" ++ " | " ++ showEFloat (Just 4) v "" ++ " | "
                         ++ showGFloat (Just 2) v "" ++ " | " ++ showFFloat Nothing v "" ++ " | " ++ showEFloat Nothing v "")) vals
  putStrLn (showFFloat (Just 0) (2.5 :: Double) "" ++ " " ++ showFFloat (Just 0) (3.5 :: Double) "" ++ " " ++ showFFloatAlt (Just 0) (7 :: Double) "")
  putStrLn (showFFloat (Just 2) (0.125 :: Double) "" ++ " " ++ showFFloat (Just 2) (0.375 :: Double) "" ++ " " ++ showFFloat (Just 1) (0.05 :: Double) "")
  putStrLn (showHex (255 :: Int) "" ++ " " ++ showHex (2 ^ (100 :: Int) - 1 :: Integer) "" ++ " " ++ showOct (511 :: Int) "" ++ " " ++ showInt (12345 :: Int) "")
  putStrLn (showSigned showInt 0 (-5 :: Int) "" ++ " " ++ showSigned showInt 7 (-5 :: Int) "")
  print (fst (head (readHex "deadBEEF" :: [(Integer, String)])))
  putStrLn "== enumerations and conversions"
  print [0.1, 0.2 .. 1.0 :: Double]
  print (map (fromIntegral :: Int -> Double) [minBound, maxBound], fromIntegral (2 ^ (53 :: Int) + 1 :: Integer) :: Double)
  print (truncate (2 ** 62 :: Double) :: Int, ceiling (-0.5 :: Double) :: Int, floor (-0.5 :: Float) :: Int)
  print (show (1.0e-2 :: Double), show (0.1 :: Double), read "0.1" + (0.2 :: Double))
  print (fromIntegral (round (12.5 :: Double) :: Int) / (4 :: Double), 7 / 2 :: Double, recip 8 :: Float)
  print (maximum (map (\i -> sin (fromIntegral i) :: Double) [1 .. 1000 :: Int]))
