-- Benchmark: Mandelbrot set rendered as ASCII art (Double arithmetic in a
-- tight loop) plus the total iteration count.
-- Usage: mandelbrot [WIDTH [MAXITER]]   (default 320 columns x 128 rows with
-- 5000 iterations, ~0.4 s natively at -O2; the test suite passes a small
-- size via the `args` file). Height is WIDTH*2/5.
module Main (main) where

import System.Environment (getArgs)

iterations :: Int -> Double -> Double -> Int
iterations maxIter cr ci = go 0 0 0
  where
    go :: Int -> Double -> Double -> Int
    go k x y
      | k >= maxIter = maxIter
      | x2 + y2 > 4 = k
      | otherwise = go (k + 1) (x2 - y2 + cr) (2 * x * y + ci)
      where
        x2 = x * x
        y2 = y * y

palette :: String
palette = " .:-=+*#%@"

parseArgs :: [String] -> (Int, Int)
parseArgs args = case args of
  (a : b : _) -> (read a, read b)
  [a] -> (read a, defaultIter)
  [] -> (defaultWidth, defaultIter)

defaultWidth, defaultIter :: Int
defaultWidth = 320
defaultIter = 5000

main :: IO ()
main = do
  args <- getArgs
  let (w, maxIter) = parseArgs args
      h = max 2 (w * 2 `div` 5)
      xs = [-2.2 + 3.2 * fromIntegral c / fromIntegral w | c <- [0 .. w - 1]] :: [Double]
      ys = [-1.2 + 2.4 * fromIntegral r / fromIntegral (h - 1) | r <- [0 .. h - 1]] :: [Double]
      grid = [[iterations maxIter x y | x <- xs] | y <- ys]
      charFor k
        | k >= maxIter = '@'
        | otherwise = palette !! (min 8 (floor (logBase 2 (fromIntegral k + 1) :: Double)))
  mapM_ (putStrLn . map charFor) grid
  let total = sum (map sum grid)
      inside = length (filter (>= maxIter) (concat grid))
  putStrLn ("size " ++ show w ++ "x" ++ show h ++ ", max iterations " ++ show maxIter)
  putStrLn ("total iterations: " ++ show total)
  putStrLn ("points inside: " ++ show inside ++ " of " ++ show (w * h))
  putStrLn ("estimated area: " ++ show (fromIntegral inside * 3.2 * 2.4 / fromIntegral (w * h) :: Double))
