-- | Shading and ASCII rasterisation.
module Render (Scene (..), render, shade, ramp) where

import qualified Geometry.Shape as S
import Geometry.Vector (Vec (..), VectorSpace (..), dot, normalize, reflect)

data Scene = Scene { shapes :: [S.Shape], light :: Vec, eye :: Vec, width :: Int, height :: Int }

ramp :: String
ramp = " .,-~:;=!*#$@"

shade :: Scene -> Int -> S.Ray -> Double
shade _ 0 _ = 0
shade sc depth ray = case S.closestHit ray (shapes sc) of
  Nothing -> 0.05
  Just h ->
    let toLight = normalize (light sc ^-^ S.hitPoint h)
        shadowRay = S.Ray (S.hitPoint h ^+^ 1e-4 *^ S.hitNormal h) toLight
        lit = case S.closestHit shadowRay (shapes sc) of
          Just _ -> 0.1
          Nothing -> max 0.1 (dot (S.hitNormal h) toLight)
        m = S.hitMaterial h
        direct = S.albedo m * lit
        refl
          | S.mirror m > 0 =
              let rd = normalize (reflect (S.direction ray) (S.hitNormal h))
              in S.mirror m * shade sc (depth - 1) (S.Ray (S.hitPoint h ^+^ 1e-4 *^ S.hitNormal h) rd)
          | otherwise = 0
    in min 1 (direct + refl)

render :: Scene -> [String]
render sc = [[pixel x y | x <- [0 .. width sc - 1]] | y <- [0 .. height sc - 1]]
  where
    aspect = fromIntegral (width sc) / fromIntegral (height sc) * 0.5 :: Double
    pixel x y =
      let u = (2 * (fromIntegral x + 0.5) / fromIntegral (width sc) - 1) * aspect
          v = 1 - 2 * (fromIntegral y + 0.5) / fromIntegral (height sc)
          dir = normalize (Vec u v 1.5)
          b = shade sc 3 (S.Ray (eye sc) dir)
          idx = min (length ramp - 1) (floor (b * fromIntegral (length ramp - 1) + 0.5))
      in ramp !! idx
