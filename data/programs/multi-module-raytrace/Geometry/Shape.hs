-- | Shapes that rays can hit.
module Geometry.Shape
  ( Ray (..)
  , Hit (..)
  , Shape (..)
  , Material (..)
  , intersect
  , closestHit
  , describeShape
  ) where

import Data.List (foldl')
import Geometry.Vector

data Ray = Ray { origin :: Vec, direction :: Vec }

data Material = Material { albedo :: Double, mirror :: Double, glyph :: Char }
  deriving Show

data Shape
  = Sphere { center :: Vec, radius :: Double, material :: Material }
  | Plane { point :: Vec, normal :: Vec, material :: Material }
  deriving Show

data Hit = Hit { distance :: Double, hitPoint :: Vec, hitNormal :: Vec, hitMaterial :: Material }

epsilon :: Double
epsilon = 1e-6

intersect :: Ray -> Shape -> Maybe Hit
intersect (Ray o d) (Sphere c r m)
  | disc < 0 = Nothing
  | t1 > epsilon = mk t1
  | t2 > epsilon = mk t2
  | otherwise = Nothing
  where
    oc = o ^-^ c
    b = dot oc d
    cc = dot oc oc - r * r
    disc = b * b - cc
    sq = sqrt disc
    t1 = -b - sq
    t2 = -b + sq
    mk t = let p = o ^+^ t *^ d in Just (Hit t p (normalize (p ^-^ c)) m)
intersect (Ray o d) (Plane p n m)
  | abs denom < epsilon = Nothing
  | t > epsilon = Just (Hit t (o ^+^ t *^ d) n m)
  | otherwise = Nothing
  where
    denom = dot d n
    t = dot (p ^-^ o) n / denom

closestHit :: Ray -> [Shape] -> Maybe Hit
closestHit ray = foldl' pick Nothing
  where
    pick best s = case (best, intersect ray s) of
      (Nothing, h) -> h
      (b, Nothing) -> b
      (Just b, Just h) -> Just (if distance h < distance b then h else b)

describeShape :: Shape -> String
describeShape (Sphere (Vec x y z) r m) = "sphere at (" ++ show x ++ "," ++ show y ++ "," ++ show z ++ ") r=" ++ show r ++ " glyph " ++ [glyph m]
describeShape (Plane _ n m) = "plane with normal " ++ show n ++ " glyph " ++ [glyph m]
