-- integrate: numerical integration on Double (nofib imaginary/integrate style): a fixed
-- trapezoid rule nested into 2-D integrals over growing rectangles, plus adaptive Simpson
-- on a few smooth functions. Floating point, higher-order functions, libm calls.
module Main (main) where

import System.Environment (getArgs)

trapezoid :: Int -> Double -> Double -> (Double -> Double) -> Double
trapezoid n l u f = h * (0.5 * f l + 0.5 * f u + sum [f (l + fromIntegral i * h) | i <- [1 .. n - 1]])
  where
    h = (u - l) / fromIntegral n

integrate2 :: Int -> Double -> Double -> Double -> Double -> (Double -> Double -> Double) -> Double
integrate2 n l1 u1 l2 u2 f = trapezoid n l2 u2 (\y -> trapezoid n l1 u1 (\x -> f x y))

simpson :: (Double -> Double) -> Double -> Double -> Double -> Int -> Double
simpson f a b eps depth = go a b fa fm fb whole eps depth
  where
    fa = f a
    fb = f b
    fm = f ((a + b) / 2)
    whole = (b - a) / 6 * (fa + 4 * fm + fb)
    go l r fl fmid fr s e d =
      let m = (l + r) / 2
          lm = (l + m) / 2
          rm = (m + r) / 2
          flm = f lm
          frm = f rm
          sl = (m - l) / 6 * (fl + 4 * flm + fmid)
          sr = (r - m) / 6 * (fmid + 4 * frm + fr)
          delta = sl + sr - s
       in if d <= 0 || abs delta <= 15 * e
            then sl + sr + delta / 15
            else go l m fl flm fmid sl (e / 2) (d - 1) + go m r fmid frm fr sr (e / 2) (d - 1)

main :: IO ()
main = do
  [a, b] <- map read <$> getArgs
  let zark u v = integrate2 8 0 u 0 v (\x y -> x * y)
      rects = [zark (fromIntegral k) (2 * fromIntegral k) | k <- [1 .. a :: Int]]
      total = sum rects
  print (total, round total :: Integer)
  let fs = [ ("sin", sin), ("exp", exp), ("gauss", \x -> exp (negate (x * x)))
           , ("rational", \x -> 1 / (1 + x * x)), ("osc", \x -> sin (x * x) * cos x) ]
  mapM_ (\(name, f) -> putStrLn (name ++ " " ++ show (simpson f 0 (fromIntegral b) 1e-11 40))) fs
  print (integrate2 (10 * b) 0 1 0 1 (\x y -> sqrt (x * x + y * y)))
