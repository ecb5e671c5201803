-- | 3-D vectors with a Num-like interface and a small class hierarchy.
module Geometry.Vector
  ( Vec (..)
  , VectorSpace (..)
  , dot
  , cross
  , norm
  , normalize
  , reflect
  ) where

data Vec = Vec !Double !Double !Double
  deriving (Eq, Show)

infixl 6 ^+^, ^-^
infixl 7 *^

class VectorSpace v where
  (^+^) :: v -> v -> v
  (*^) :: Double -> v -> v
  zeroV :: v
  negateV :: v -> v
  negateV v = (-1) *^ v
  (^-^) :: v -> v -> v
  a ^-^ b = a ^+^ negateV b

instance VectorSpace Vec where
  Vec a b c ^+^ Vec x y z = Vec (a + x) (b + y) (c + z)
  k *^ Vec x y z = Vec (k * x) (k * y) (k * z)
  zeroV = Vec 0 0 0

instance VectorSpace Double where
  (^+^) = (+)
  (*^) = (*)
  zeroV = 0

dot :: Vec -> Vec -> Double
dot (Vec a b c) (Vec x y z) = a * x + b * y + c * z

cross :: Vec -> Vec -> Vec
cross (Vec a b c) (Vec x y z) = Vec (b * z - c * y) (c * x - a * z) (a * y - b * x)

norm :: Vec -> Double
norm v = sqrt (dot v v)

normalize :: Vec -> Vec
normalize v = let n = norm v in if n == 0 then v else (1 / n) *^ v

reflect :: Vec -> Vec -> Vec
reflect d n = d ^-^ (2 * dot d n) *^ n
