{-# LANGUAGE GeneralizedNewtypeDeriving, ExistentialQuantification, DeriveTraversable #-}
-- Records with update syntax, type classes with default methods and
-- superclasses, Functor/Foldable/Traversable instances, Semigroup/Monoid,
-- newtype deriving.
module Main (main) where

import Data.Foldable (toList, foldl')
import Data.List (sortBy, intercalate)
import Data.Monoid (Sum (..), Product (..), Any (..), All (..), First (..), Last (..))
import Data.Semigroup (Max (..), Min (..), sconcat)
import Data.List.NonEmpty (NonEmpty (..))
import qualified Data.Map as M

-- Records --------------------------------------------------------------

data Employee = Employee
  { empName   :: String
  , empDept   :: String
  , empSalary :: Int
  , empBoss   :: Maybe String
  } deriving (Show, Eq)

staff :: [Employee]
staff =
  [ Employee "alice" "eng" 120 Nothing
  , Employee "bob" "eng" 100 (Just "alice")
  , Employee { empName = "carol", empDept = "ops", empSalary = 90, empBoss = Just "alice" }
  , Employee "dave" "ops" 85 (Just "carol")
  , Employee "erin" "sales" 70 (Just "alice")
  ]

raise :: Int -> Employee -> Employee
raise pct e = e { empSalary = empSalary e + empSalary e * pct `div` 100 }

-- Type classes ------------------------------------------------------------

class Shape a where
  area :: a -> Double
  perimeter :: a -> Double
  describe :: a -> String
  describe x = "shape with area " ++ show (area x) ++ " and perimeter " ++ show (perimeter x)

class Shape a => Solid a where
  depth :: a -> Double
  volume :: a -> Double
  volume x = area x * depth x

data Square = Square Double
data Circle = Circle Double
data Prism = Prism Square Double

instance Shape Square where
  area (Square s) = s * s
  perimeter (Square s) = 4 * s

instance Shape Circle where
  area (Circle r) = 3 * r * r
  perimeter (Circle r) = 6 * r
  describe c = "circle-ish, area " ++ show (area c)

instance Shape Prism where
  area (Prism sq _) = area sq
  perimeter (Prism sq _) = perimeter sq

instance Solid Prism where
  depth (Prism _ d) = d

data AnyShape = forall s. Shape s => AnyShape s

-- a class with a polymorphic method & a superclass default chain
class Container f where
  empty :: f a
  insert :: a -> f a -> f a
  cToList :: f a -> [a]
  fromL :: [a] -> f a
  fromL = foldr insert empty

newtype Stack a = Stack [a]
newtype Queue a = Queue ([a], [a])

instance Container Stack where
  empty = Stack []
  insert x (Stack xs) = Stack (x : xs)
  cToList (Stack xs) = xs

instance Container Queue where
  empty = Queue ([], [])
  insert x (Queue (f, b)) = Queue (f, x : b)
  cToList (Queue (f, b)) = f ++ reverse b

-- Functor / Foldable / Traversable for a rose tree and a binary tree ------

data Rose a = Rose a [Rose a] deriving Show

instance Functor Rose where
  fmap f (Rose a kids) = Rose (f a) (map (fmap f) kids)

instance Foldable Rose where
  foldMap f (Rose a kids) = f a <> foldMap (foldMap f) kids

instance Traversable Rose where
  traverse f (Rose a kids) = Rose <$> f a <*> traverse (traverse f) kids

data Tree a = Leaf | Node (Tree a) a (Tree a)
  deriving (Show, Functor, Foldable, Traversable)

insertT :: Ord a => a -> Tree a -> Tree a
insertT x Leaf = Node Leaf x Leaf
insertT x t@(Node l v r)
  | x < v = Node (insertT x l) v r
  | x > v = Node l v (insertT x r)
  | otherwise = t

depthT :: Tree a -> Int
depthT Leaf = 0
depthT (Node l _ r) = 1 + max (depthT l) (depthT r)

-- Semigroup / Monoid ------------------------------------------------------

data Stats = Stats { count :: !Int, total :: !Int, lo :: !Int, hi :: !Int }
  deriving Show

instance Semigroup Stats where
  Stats c1 t1 l1 h1 <> Stats c2 t2 l2 h2 = Stats (c1 + c2) (t1 + t2) (min l1 l2) (max h1 h2)

instance Monoid Stats where
  mempty = Stats 0 0 maxBound minBound

stat :: Int -> Stats
stat x = Stats 1 x x x

newtype MaxLen = MaxLen String deriving Show
instance Semigroup MaxLen where
  a@(MaxLen x) <> b@(MaxLen y) = if length y > length x then b else a
instance Monoid MaxLen where
  mempty = MaxLen ""

-- newtype deriving -------------------------------------------------------

newtype Meters = Meters Double deriving (Show, Eq, Ord, Num, Fractional)
newtype Count = Count Int deriving (Show, Eq, Ord, Num, Enum, Real, Integral)

-- Ord instance by hand and use in sorting
data Version = Version [Int] String deriving (Eq)
instance Ord Version where
  compare (Version a _) (Version b _) = compare a b
instance Show Version where
  show (Version ns tag) = intercalate "." (map show ns) ++ (if null tag then "" else '-' : tag)

main :: IO ()
main = do
  putStrLn "== records"
  mapM_ print staff
  let raised = map (\e -> if empDept e == "eng" then raise 10 e else e { empBoss = Nothing }) staff
  mapM_ print raised
  print (map empName (filter ((== Just "alice") . empBoss) staff))
  let byDept = M.fromListWith (++) [(empDept e, [empName e]) | e <- staff]
  print byDept
  print (sum (map empSalary raised), staff == staff, head staff == raised !! 0)
  putStrLn "== classes"
  putStrLn (describe (Square 2))
  putStrLn (describe (Circle 1.5))
  putStrLn (describe (Prism (Square 3) 2) ++ "; volume " ++ show (volume (Prism (Square 3) 2)))
  mapM_ (\(AnyShape s) -> print (area s)) [AnyShape (Square 1), AnyShape (Circle 2), AnyShape (Prism (Square 4) 1)]
  print (cToList (fromL [1, 2, 3 :: Int] :: Stack Int), cToList (fromL "abc" :: Queue Char))
  print (cToList (insert 'z' (fromL "xy" :: Queue Char)))
  putStrLn "== functor/foldable/traversable"
  let rose = Rose 1 [Rose 2 [Rose 4 []], Rose 3 [Rose 5 [], Rose 6 [Rose 7 []]]] :: Rose Int
  print (fmap (* 10) rose)
  print (sum rose, product rose, length rose, maximum rose, elem 6 rose, toList rose)
  print (foldr (:) [] rose, foldl (flip (:)) [] rose, foldl' (+) 0 rose)
  print (traverse (\x -> if x > 0 then Just (x * 2) else Nothing) rose)
  print (traverse (\x -> if x /= 5 then Right x else Left ("bad " ++ show x)) rose)
  print (sequenceA [Just 1, Just 2, Nothing :: Maybe Int], sequence [[1, 2], [3, 4 :: Int]])
  let tree = foldr insertT Leaf [50, 30, 70, 20, 40, 60, 80, 35, 45, 65 :: Int]
  print (toList tree, depthT tree, sum tree, null tree, null Leaf)
  print (fmap show tree)
  mapM_ print (traverse (\x -> [x, -x]) (foldr insertT Leaf [2, 1 :: Int]))
  print (mapM (\x -> if even x then Just x else Nothing) tree)
  putStrLn "== monoids"
  print (foldMap stat [5, 3, 9, 1, 7], mconcat (map stat []))
  print (foldMap MaxLen (words "which is the longest word in this sentence"))
  print (getSum (foldMap Sum [1 .. 100 :: Int]), getProduct (foldMap Product [1 .. 10 :: Integer]))
  print (getAny (foldMap (Any . even) [1, 3, 5 :: Int]), getAll (foldMap (All . odd) [1, 3, 5 :: Int]))
  print (getFirst (foldMap (First . Just) "xyz"), getLast (foldMap (Last . Just) "xyz"))
  print (getMax (sconcat (fmap Max (3 :| [1, 4 :: Int]))), getMin (Min 'q' <> Min 'c'))
  print ([1, 2] <> [3 :: Int], "ab" <> mempty <> "cd", Just [1 :: Int] <> Nothing <> Just [2])
  print (mconcat ["a", "b", "c"], (mempty :: String, ()), compare 1 (2 :: Int) <> compare 3 (3 :: Int))
  print (sortBy (\a b -> compare (length a) (length b) <> compare b a) (words "bb a ccc aa b c dd"))
  print (M.unionWith (<>) (M.fromList [(1 :: Int, "a")]) (M.fromList [(1, "b"), (2, "c")]))
  putStrLn "== newtype deriving"
  let d = Meters 3.5 + Meters 1.25 * 2
  print (d, d / 2, d > Meters 5, sum [Meters 1, Meters 2])
  print ([Count 1 .. Count 5], Count 17 `div` Count 5, toInteger (Count 9), fromIntegral (Count 3) + (0.5 :: Double))
  print (sortBy compare [Version [1, 10] "", Version [1, 2, 3] "rc1", Version [0, 9] "beta", Version [1, 2] ""])
  print (maximum [Version [2] "x", Version [10] "y", Version [9, 9, 9] "z"])
