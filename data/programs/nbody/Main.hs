{-# LANGUAGE BangPatterns #-}
-- Benchmark: n-body simulation of the Jovian planets (benchmarks-game
-- style), pure code with strict Double records.
-- Usage: nbody [STEPS]   (default 1000000 steps, ~0.5 s natively at -O2; the test
-- suite passes a small value via the `args` file)
module Main (main) where

import Data.List (foldl')
import System.Environment (getArgs)
import Text.Printf (printf)

data Body = Body
  { px :: !Double, py :: !Double, pz :: !Double
  , vx :: !Double, vy :: !Double, vz :: !Double
  , mass :: !Double }

solarMass, daysPerYear :: Double
solarMass = 4 * pi * pi
daysPerYear = 365.24

planets :: [Body]
planets =
  [ Body 0 0 0 0 0 0 solarMass
  , Body 4.84143144246472090e+00 (-1.16032004402742839e+00) (-1.03622044471123109e-01)
         (1.66007664274403694e-03 * daysPerYear) (7.69901118419740425e-03 * daysPerYear) (-6.90460016972063023e-05 * daysPerYear)
         (9.54791938424326609e-04 * solarMass)
  , Body 8.34336671824457987e+00 4.12479856412430479e+00 (-4.03523417114321381e-01)
         (-2.76742510726862411e-03 * daysPerYear) (4.99852801234917238e-03 * daysPerYear) (2.30417297573763929e-05 * daysPerYear)
         (2.85885980666130812e-04 * solarMass)
  , Body 1.28943695621391310e+01 (-1.51111514016986312e+01) (-2.23307578892655734e-01)
         (2.96460137564761618e-03 * daysPerYear) (2.37847173959480950e-03 * daysPerYear) (-2.96589568540237556e-05 * daysPerYear)
         (4.36624404335156298e-05 * solarMass)
  , Body 1.53796971148509165e+01 (-2.59193146099879641e+01) 1.79258772950371181e-01
         (2.68067772490389322e-03 * daysPerYear) (1.62824170038242295e-03 * daysPerYear) (-9.51592254519715870e-05 * daysPerYear)
         (5.15138902046611451e-05 * solarMass)
  ]

offsetMomentum :: [Body] -> [Body]
offsetMomentum bs = case bs of
  (sun : rest) -> sun { vx = -mx / solarMass, vy = -my / solarMass, vz = -mz / solarMass } : rest
  [] -> []
  where
    mx = sum [vx b * mass b | b <- bs]
    my = sum [vy b * mass b | b <- bs]
    mz = sum [vz b * mass b | b <- bs]

energy :: [Body] -> Double
energy bs = go 0 bs
  where
    go !e [] = e
    go !e (b : rest) =
      let kin = 0.5 * mass b * (vx b * vx b + vy b * vy b + vz b * vz b)
          pot = sum [mass b * mass b2 / sqrt (dx * dx + dy * dy + dz * dz)
                    | b2 <- rest, let dx = px b - px b2, let dy = py b - py b2, let dz = pz b - pz b2]
      in go (e + kin - pot) rest

-- velocity update of body b against every other body, then positions
advance :: Double -> [Body] -> [Body]
advance dt bs = map move (updateVel bs)
  where
    move b = b { px = px b + dt * vx b, py = py b + dt * vy b, pz = pz b + dt * vz b }
    updateVel [] = []
    updateVel (b : rest) =
      let (b', rest') = foldl' interact' (b, []) rest
      in b' : updateVel (reverse rest')
    interact' (!b, acc) b2 =
      let dx = px b - px b2
          dy = py b - py b2
          dz = pz b - pz b2
          d2 = dx * dx + dy * dy + dz * dz
          mag = dt / (d2 * sqrt d2)
          bm = mass b * mag
          b2m = mass b2 * mag
          nb = b { vx = vx b - dx * b2m, vy = vy b - dy * b2m, vz = vz b - dz * b2m }
          nb2 = b2 { vx = vx b2 + dx * bm, vy = vy b2 + dy * bm, vz = vz b2 + dz * bm }
      in (nb, nb2 : acc)

run :: Int -> [Body] -> [Body]
run 0 bs = bs
run n bs = let bs' = advance 0.01 bs in sum (map px bs') `seq` run (n - 1) bs'

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
        (a : _) -> read a
        [] -> 1000000
  let start = offsetMomentum planets
  printf "%.9f\n" (energy start)
  let checkpoints = [n `div` 4, n `div` 4, n `div` 4, n - 3 * (n `div` 4)]
  final <- foldlM' start checkpoints $ \bs k -> do
    let bs' = run k bs
    printf "%.9f\n" (energy bs')
    return bs'
  mapM_ (\b -> printf "%.6f %.6f %.6f\n" (px b) (py b) (pz b)) final
  where
    foldlM' z xs f = go z xs
      where
        go acc [] = return acc
        go acc (y : ys) = f acc y >>= \acc' -> go acc' ys
