-- Derived and hand-written Show/Read: records, negative numbers, nested
-- Maybe/Either/tuples/lists, infix constructors and showsPrec.
module Main (main) where

import qualified Data.Map as M
import Data.Ratio ((%))

data Color = Red | Green | Blue | Custom Int Int Int
  deriving (Show, Read, Eq, Ord)

data Suit = Hearts | Diamonds | Clubs | Spades
  deriving (Show, Read, Eq, Ord, Enum, Bounded)

data Person = Person
  { name    :: String
  , age     :: Int
  , height  :: Double
  , email   :: Maybe String
  , tags    :: [String]
  } deriving (Show, Read, Eq)

data Shape
  = Circle { radius :: Double }
  | Rect { w :: Double, h :: Double }
  | Poly [(Int, Int)]
  deriving (Show, Read, Eq)

infixr 5 :+:
infixl 6 :*:
data Expr
  = Lit Int
  | Neg Expr
  | Expr :+: Expr
  | Expr :*: Expr
  | V String
  deriving (Show, Read, Eq)

-- A type with a hand-written showsPrec using operator precedence
data Term = TNum Integer | TAdd Term Term | TMul Term Term | TPow Term Term | TNeg Term

instance Show Term where
  showsPrec _ (TNum n) = shows n
  showsPrec p (TAdd a b) = showParen (p > 6) $ showsPrec 6 a . showString " + " . showsPrec 7 b
  showsPrec p (TMul a b) = showParen (p > 7) $ showsPrec 7 a . showString " * " . showsPrec 8 b
  showsPrec p (TPow a b) = showParen (p > 8) $ showsPrec 9 a . showString "^" . showsPrec 8 b
  showsPrec p (TNeg a) = showParen (p > 9) $ showString "-" . showsPrec 10 a

newtype Wrapper a = Wrapper { unwrap :: a } deriving (Show, Read, Eq)

data Pair a b = Pair a b deriving (Show, Read, Eq)

data Unit = Unit deriving (Show, Read, Eq)

roundTrip :: (Show a, Read a, Eq a) => a -> IO ()
roundTrip x = do
  let s = show x
      y = read s
  putStrLn (s ++ "  ==> " ++ (if y == x then "ok" else "MISMATCH: " ++ show y))

main :: IO ()
main = do
  putStrLn "== show basics"
  print (42 :: Int, -42 :: Int, minBound :: Int, maxBound :: Int)
  print (Just (-3) :: Maybe Int, [Just 1, Nothing] :: [Maybe Int])
  print (Left 5 :: Either Int String, Right "x" :: Either Int String)
  print (Just (Left (-2, 'c')) :: Maybe (Either (Int, Char) ()))
  print ((), ((1 :: Int, 2 :: Int), [(3 :: Int, "four")]))
  print "quotes \" and \\ backslash \n newline \t tab \1234 \DEL"
  print 'x' >> print '\'' >> print '\n' >> print '\200'
  print "\SOH\&H and \1234\&5"
  print (3 % 4 :: Rational, (-6) % 8 :: Rational)
  print [LT, EQ, GT]
  print (M.fromList [(1 :: Int, "one"), (2, "two")])
  print (showsPrec 11 (-5 :: Int) "", shows (12 :: Int) "!", showString "abc" "def")
  print (showParen True (showString "x") "")
  putStrLn "== derived Show"
  let p = Person { name = "Ada", age = 36, height = 1.65, email = Just "ada@example.org", tags = ["math", "poet"] }
  print p
  print p { email = Nothing, age = -1 }
  print [Red, Green, Blue, Custom 1 (-2) 3]
  print [minBound .. maxBound :: Bool]
  print (Circle 1.5, Rect { w = -2, h = 3.25e-3 }, Poly [(0, 0), (1, -1)])
  print (Lit 1 :+: Lit 2 :*: Lit 3)
  print ((Lit 1 :+: Lit 2) :*: Neg (Lit (-3)))
  print (Neg (V "x" :+: V "y") :+: Lit 4 :+: Lit 5)
  print (Wrapper (Just (Wrapper (-1.5 :: Double))))
  print (Pair (Pair 'a' "b") (Just [Pair Unit (-1 :: Int)]))
  print (Just (Custom 0 0 0))
  putStrLn "== custom showsPrec"
  let t1 = TAdd (TNum 1) (TMul (TNum 2) (TNum 3))
      t2 = TMul (TAdd (TNum 1) (TNum 2)) (TNum 3)
      t3 = TPow (TNum 2) (TPow (TNum 3) (TNum 2))
      t4 = TPow (TPow (TNum 2) (TNum 3)) (TNum 2)
      t5 = TNeg (TAdd (TNum (-1)) (TNeg (TNum 4)))
      t6 = TAdd (TAdd (TNum 1) (TNum 2)) (TAdd (TNum 3) (TNum 4))
  mapM_ print [t1, t2, t3, t4, t5, t6]
  print (Just t2)
  putStrLn "== read"
  print (read "123" :: Int, read "-77" :: Int, read " ( 5 ) " :: Int)
  print (read "3.25" :: Double, read "-1.5e-3" :: Double, read "1e10" :: Double)
  print (read "[1,2,3]" :: [Int], read " [ ( 1 , \"a\" ) ] " :: [(Int, String)])
  print (read "Just (-4)" :: Maybe Int, read "[Left 1,Right 'x']" :: [Either Int Char])
  print (read "(1,True,'c',\"str\")" :: (Int, Bool, Char, String))
  print (read "123456789012345678901234567890" :: Integer)
  print (read "Infinity" :: Double, read "NaN" :: Double)
  print (read "0x1F" :: Int, read "0o17" :: Int)
  print (reads "42 rest" :: [(Int, String)])
  print (reads "nope" :: [(Int, String)])
  print (read "Person {name = \"Bob\", age = 7, height = 1.2, email = Nothing, tags = []}" :: Person)
  print (read "  Rect {w = 1.0, h = -2.0}" :: Shape)
  print (read "Lit 1 :+: Lit 2 :*: Lit 3" :: Expr)
  print (read "Custom 1 2 (-3)" :: Color)
  print (map fromEnum [Hearts ..], toEnum 2 :: Suit, [minBound .. maxBound :: Suit])
  print (read "[Spades,Hearts]" :: [Suit], succ Hearts, pred Spades, compare Red (Custom 0 0 0))
  print (read "3 % 4" :: Rational)
  putStrLn "== round trips"
  roundTrip p
  roundTrip [Circle 2, Rect 1 2, Poly []]
  roundTrip (Neg (Lit (-1)) :*: (V "a" :+: V "b" :+: Lit 0))
  roundTrip (Just (Left (3, [Nothing, Just 'q'])) :: Maybe (Either (Int, [Maybe Char]) Bool))
  roundTrip (Wrapper (Pair (-0.5 :: Double) [Unit]))
  roundTrip ([minBound, -1, 0, maxBound] :: [Int])
  roundTrip (2 ^ (100 :: Int) :: Integer, -(3 ^ (50 :: Int)) :: Integer)
  roundTrip "unicode: \955\8594\128512"
  roundTrip [0.1, 1 / 3, 1e-300, 6.02e23 :: Double]
