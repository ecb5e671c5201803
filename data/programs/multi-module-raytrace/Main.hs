-- A multi-module program: an ASCII ray tracer split over Geometry.Vector
-- (a type class with default methods and two instances), Geometry.Shape
-- (records, Maybe-based intersection) and Render (qualified imports).
module Main (main) where

import Geometry.Shape (Material (..), Shape (..), describeShape)
import Geometry.Vector
import Render (Scene (..), render, shade, ramp)
import qualified Geometry.Shape as Shape

scene :: Scene
scene = Scene
  { shapes =
      [ Sphere (Vec 0 0 5) 1.2 (Material 0.9 0.0 'o')
      , Sphere (Vec (-2.2) 0.4 6) 1.0 (Material 0.6 0.4 'm')
      , Sphere (Vec 2.0 (-0.4) 4.2) 0.7 (Material 1.0 0.0 's')
      , Plane (Vec 0 (-1.2) 0) (Vec 0 1 0) (Material 0.5 0.2 '_')
      ]
  , light = Vec (-4) 6 (-2)
  , eye = Vec 0 0.3 (-1)
  , width = 72
  , height = 30
  }

main :: IO ()
main = do
  mapM_ (putStrLn . describeShape) (shapes scene)
  let v1 = Vec 1 2 3
      v2 = Vec (-2) 0.5 4
  print (v1 ^+^ v2, v1 ^-^ v2, 2 *^ v1, negateV v2, zeroV :: Vec)
  print (dot v1 v2, cross v1 v2, norm (Vec 3 4 12), normalize (Vec 0 0 9))
  print (3 ^+^ (4 :: Double), 2 *^ (5 :: Double) ^-^ 1, reflect (Vec 1 (-1) 0) (Vec 0 1 0))
  let ray = Shape.Ray (Vec 0 0 0) (Vec 0 0 1)
  print (fmap Shape.distance (Shape.closestHit ray (shapes scene)))
  print (map (fmap Shape.distance . Shape.intersect ray) (shapes scene))
  let img = render scene
  mapM_ putStrLn img
  let hist = [(c, length (filter (== c) (concat img))) | c <- ramp]
  print (filter ((> 0) . snd) hist)
  print (shade scene 3 (Shape.Ray (Vec 0 0.3 (-1)) (normalize (Vec 0.1 0 1))))
