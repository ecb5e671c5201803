{-# LANGUAGE RankNTypes #-}
-- Type-class-heavy generic code: hand-written State and Parser monads with
-- Functor/Applicative/Monad/Alternative instances, mapM_/foldM/when/unless/
-- forM/zipWithM/replicateM, Maybe and Either monads, where-clauses with
-- guards, mutual recursion and local polymorphism (incl. a rank-2 argument).
module Main (main) where

import Control.Applicative (Alternative (..), optional)
import Control.Monad
import Data.Char (isDigit, isSpace, isAlpha)
import qualified Data.Map as M

-- State monad ------------------------------------------------------------

newtype State s a = State { runState :: s -> (a, s) }

instance Functor (State s) where
  fmap f (State g) = State $ \s -> let (a, s') = g s in (f a, s')

instance Applicative (State s) where
  pure a = State $ \s -> (a, s)
  State f <*> State g = State $ \s -> let (h, s1) = f s; (a, s2) = g s1 in (h a, s2)

instance Monad (State s) where
  State g >>= k = State $ \s -> let (a, s') = g s in runState (k a) s'

get :: State s s
get = State $ \s -> (s, s)

put :: s -> State s ()
put s = State $ const ((), s)

modify :: (s -> s) -> State s ()
modify f = State $ \s -> ((), f s)

evalState :: State s a -> s -> a
evalState m s = fst (runState m s)

-- label a tree with fresh numbers
data Tree a = Leaf a | Branch (Tree a) (Tree a) deriving Show

label :: Tree a -> State Int (Tree (Int, a))
label (Leaf x) = do
  n <- get
  put (n + 1)
  return (Leaf (n, x))
label (Branch l r) = Branch <$> label l <*> label r

-- a stack machine in State
push :: Int -> State [Int] ()
push x = modify (x :)

pop :: State [Int] (Maybe Int)
pop = do
  st <- get
  case st of
    [] -> return Nothing
    (x : xs) -> put xs >> return (Just x)

binop :: (Int -> Int -> Int) -> State [Int] Bool
binop f = do
  mb <- pop
  ma <- pop
  case (ma, mb) of
    (Just a, Just b) -> push (f a b) >> return True
    _ -> return False

-- Parser monad --------------------------------------------------------------

newtype Parser a = Parser { runParser :: String -> Maybe (a, String) }

instance Functor Parser where
  fmap f (Parser p) = Parser $ \s -> case p s of
    Nothing -> Nothing
    Just (a, rest) -> Just (f a, rest)

instance Applicative Parser where
  pure a = Parser $ \s -> Just (a, s)
  pf <*> pa = pf >>= \f -> fmap f pa

instance Monad Parser where
  Parser p >>= k = Parser $ \s -> case p s of
    Nothing -> Nothing
    Just (a, rest) -> runParser (k a) rest

instance Alternative Parser where
  empty = Parser (const Nothing)
  Parser p <|> Parser q = Parser $ \s -> case p s of
    Nothing -> q s
    r -> r

satisfy :: (Char -> Bool) -> Parser Char
satisfy f = Parser $ \s -> case s of
  (c : cs) | f c -> Just (c, cs)
  _ -> Nothing

token :: Parser a -> Parser a
token p = p <* many (satisfy isSpace)

symbol :: Char -> Parser Char
symbol c = token (satisfy (== c))

number :: Parser Integer
number = token (read <$> some (satisfy isDigit))

identifier :: Parser String
identifier = token (some (satisfy isAlpha))

-- mutually recursive grammar: expr -> term -> factor -> expr
data Expr = Num Integer | Var String | Add Expr Expr | Sub Expr Expr | Mul Expr Expr | Div Expr Expr | Neg Expr
  deriving Show

expr :: Parser Expr
expr = term >>= rest
  where
    rest acc = (do op <- symbol '+' <|> symbol '-'
                   t <- term
                   rest (if op == '+' then Add acc t else Sub acc t))
               <|> pure acc

term :: Parser Expr
term = factor >>= rest
  where
    rest acc = (do op <- symbol '*' <|> symbol '/'
                   f <- factor
                   rest (if op == '*' then Mul acc f else Div acc f))
               <|> pure acc

factor :: Parser Expr
factor = Num <$> number
     <|> Var <$> identifier
     <|> Neg <$> (symbol '-' *> factor)
     <|> (symbol '(' *> expr <* symbol ')')

parseExpr :: String -> Either String Expr
parseExpr s = case runParser (many (satisfy isSpace) *> expr) s of
  Just (e, "") -> Right e
  Just (_, rest) -> Left ("unconsumed input: " ++ show rest)
  Nothing -> Left "parse error"

-- evaluation in the Either monad
eval :: M.Map String Integer -> Expr -> Either String Integer
eval env = go
  where
    go (Num n) = Right n
    go (Var v) = maybe (Left ("unknown variable " ++ v)) Right (M.lookup v env)
    go (Add a b) = (+) <$> go a <*> go b
    go (Sub a b) = (-) <$> go a <*> go b
    go (Mul a b) = liftM2 (*) (go a) (go b)
    go (Neg a) = negate <$> go a
    go (Div a b) = do
      x <- go a
      y <- go b
      when (y == 0) $ Left "division by zero"
      return (x `div` y)

-- where clauses with guards ------------------------------------------------

classify :: Int -> String
classify n
  | n < 0 = "negative"
  | isPerfect = "perfect"
  | isPrime = "prime"
  | isSquare = "square"
  | otherwise = "boring"
  where
    divisors = [d | d <- [1 .. n `div` 2], n `mod` d == 0]
    isPerfect = n > 1 && sum divisors == n
    isPrime = n > 1 && divisors == [1]
    isSquare = let r = floor (sqrt (fromIntegral n :: Double)) in r * r == n

-- mutual recursion
isEven', isOdd' :: Int -> Bool
isEven' 0 = True
isEven' n = isOdd' (n - 1)
isOdd' 0 = False
isOdd' n = isEven' (n - 1)

-- local polymorphism and a rank-2 argument
applyToBoth :: (forall x. [x] -> [x]) -> ([Int], String) -> ([Int], String)
applyToBoth f (a, b) = (f a, f b)

pairUp :: (Show a, Show b) => a -> b -> String
pairUp a b = let wrap :: Show t => t -> String
                 wrap t = "<" ++ show t ++ ">"
             in wrap a ++ wrap b ++ wrap [a] ++ wrap (Just b)

safeRoot :: Double -> Maybe Double
safeRoot x = do
  guard (x >= 0)
  return (sqrt x)

main :: IO ()
main = do
  putStrLn "== State"
  let tree = Branch (Branch (Leaf 'a') (Leaf 'b')) (Branch (Leaf 'c') (Branch (Leaf 'd') (Leaf 'e')))
  print (runState (label tree) 100)
  let prog = do
        mapM_ push [1 .. 10]
        replicateM_ 9 (binop (+))
        ok <- binop (*)
        r <- pop
        counts <- forM [1 .. 5 :: Int] $ \i -> push (i * i) >> length <$> get
        return (ok, r, counts)
  print (runState prog [])
  print (evalState (mapM (\x -> modify (+ x) >> get) [1 .. 10]) (0 :: Int))
  print (evalState (foldM (\acc x -> do { s <- get; put (s * 2); return (acc + s * x) }) 0 [1 .. 10]) (1 :: Integer))
  putStrLn "== Parser / Either"
  let env = M.fromList [("x", 6), ("y", 7), ("big", 10 ^ (20 :: Int))]
  forM_ ["1 + 2 * 3", "(1 + 2) * 3", "x * y - -4", "big * big / 7", "10 / (y - 7)", "2 * (3 + z)", "1 + ", "((((42))))", "8 - 3 - 2", "100 / 7 / 2"] $ \src -> do
    let result = parseExpr src >>= eval env
    putStrLn (src ++ "  =>  " ++ either ("error: " ++) show result)
  print (parseExpr "a*(b+c)")
  print (runParser (many (symbol 'x')) "xxxy", runParser (some number) "1 2 3 rest", runParser (optional (symbol '!')) "?")
  putStrLn "== Maybe / guards / mutual recursion"
  print (mapM safeRoot [4, 9, 16], mapM safeRoot [4, -9, 16], sequence [Just 1, Just (2 :: Int)])
  print (zipWithM (\a b -> if b /= 0 then Just (a `div` b) else Nothing) [10, 20, 30] [2, 5, 3 :: Int])
  print (foldM (\acc x -> if x > 0 then Right (acc + x) else Left ("bad " ++ show x)) 0 [1, 2, 3, -4, 5 :: Int])
  print (msum [Nothing, Just 3, Just (4 :: Int)], mplus [1, 2] [3 :: Int], join [[1], [2, 3 :: Int]], join (Just (Just 'j')))
  print (filterM (const [True, False]) [1, 2, 3 :: Int])
  print (replicateM 2 "ab", liftM2 (+) (Just 3) (Just (4 :: Int)), ap [(+ 1), (* 2)] [10, 20 :: Int])
  print (map classify [-5, 0, 1, 2, 6, 9, 12, 28, 29, 49, 496])
  print (map isEven' [0, 7, 10, 99], map isOdd' [0, 7, 10, 99])
  print (applyToBoth reverse ([1, 2, 3], "abc"), applyToBoth (take 2) ([5, 6, 7], "xyz"))
  putStrLn (pairUp (3 :: Int) "three")
  forM_ [1 .. 15 :: Int] $ \i -> do
    unless (i `mod` 3 == 0 || i `mod` 5 == 0) $ putStr (show i ++ " ")
    when (i `mod` 15 == 0) $ putStr "FizzBuzz "
    when (i `mod` 3 == 0 && i `mod` 5 /= 0) $ putStr "Fizz "
    when (i `mod` 5 == 0 && i `mod` 3 /= 0) $ putStr "Buzz "
  putStrLn ""
  r <- foldM (\acc line -> do { putStrLn ("  step " ++ show acc ++ ": " ++ line); return (acc + length line) }) (0 :: Int) ["alpha", "beta", "gamma"]
  print r
  mapM_ print =<< mapM (return . (* 2)) [1, 2, 3 :: Int]
  print =<< forM (words "lift these words") (return . length)
  void (return (error "never forced" :: Int))
  print (fmap (+ 1) (Right 3 :: Either String Int), (+ 1) <$> (Left "e" :: Either String Int), (,) <$> Just 'a' <*> Just True)
  print (traverse (\x -> [x, x * 10]) [1, 2 :: Int], concat <$> mapM (\c -> Just [c, c]) "abc")
