-- A small imperative language: parsed with parsec (Text.Parsec, Text.Parsec.Expr,
-- Text.Parsec.Token), run by an interpreter built from mtl's classes over transformers'
-- stacks (StateT/ReaderT/WriterT/ExceptT, RWS, MaybeT, ContT). Parse errors are printed as
-- parsec formats them.
{-# LANGUAGE FlexibleContexts #-}
module Main (main) where

import Control.Monad.Cont
import Control.Monad.Except
import Control.Monad.RWS.Strict (RWS, runRWS)
import qualified Control.Monad.RWS.Strict as RWS
import Control.Monad.Reader
import Control.Monad.State.Strict
import Control.Monad.Trans.Maybe
import Control.Monad.Writer.Strict
import Data.Functor.Identity
import qualified Data.Map.Strict as M
import Text.Parsec
import Text.Parsec.Expr
import Text.Parsec.Language (emptyDef)
import qualified Text.Parsec.Token as Tok
import Text.Parsec.String (Parser)

data Expr = Num Integer | Var String | Bin String Expr Expr | Neg Expr
  deriving Show

data Stmt = Assign String Expr | Print Expr | While Expr [Stmt] | If Expr [Stmt] [Stmt] | Assert Expr String
  deriving Show

lexer :: Tok.TokenParser ()
lexer = Tok.makeTokenParser emptyDef
  { Tok.commentLine = "#"
  , Tok.reservedNames = ["while", "if", "else", "print", "assert", "do", "end"]
  , Tok.reservedOpNames = ["+", "-", "*", "/", "%", "<", "==", ":="]
  }

expr :: Parser Expr
expr = buildExpressionParser table term <?> "expression"
  where
    table =
      [ [Prefix (Neg <$ Tok.reservedOp lexer "-")]
      , [binop "*", binop "/", binop "%"]
      , [binop "+", binop "-"]
      , [binop "<", binop "=="]
      ]
    binop o = Infix (Bin o <$ Tok.reservedOp lexer o) AssocLeft
    term = Tok.parens lexer expr <|> Num <$> Tok.natural lexer <|> Var <$> Tok.identifier lexer

block :: Parser [Stmt]
block = many stmt

stmt :: Parser Stmt
stmt = choice
  [ Print <$> (Tok.reserved lexer "print" *> expr)
  , While <$> (Tok.reserved lexer "while" *> expr) <*> (Tok.reserved lexer "do" *> block <* Tok.reserved lexer "end")
  , ifStmt
  , Assert <$> (Tok.reserved lexer "assert" *> expr) <*> Tok.stringLiteral lexer
  , try (Assign <$> Tok.identifier lexer <* Tok.reservedOp lexer ":=") <*> expr
  ] <?> "statement"
  where
    ifStmt = do
      Tok.reserved lexer "if"
      c <- expr
      Tok.reserved lexer "do"
      t <- block
      e <- option [] (Tok.reserved lexer "else" *> block)
      Tok.reserved lexer "end"
      return (If c t e)

program :: Parser [Stmt]
program = Tok.whiteSpace lexer *> block <* eof

-- The interpreter: environment in StateT, a step budget in ReaderT, output in WriterT,
-- errors in ExceptT.
type Interp = ReaderT Int (StateT (M.Map String Integer, Int) (WriterT [String] (Except String)))

eval :: (MonadState (M.Map String Integer, Int) m, MonadError String m) => Expr -> m Integer
eval (Num n) = return n
eval (Var v) = gets (M.lookup v . fst) >>= maybe (throwError ("unbound variable " ++ v)) return
eval (Neg e) = negate <$> eval e
eval (Bin o a b) = do
  x <- eval a
  y <- eval b
  case o of
    "+" -> return (x + y)
    "-" -> return (x - y)
    "*" -> return (x * y)
    "/" | y == 0 -> throwError "division by zero"
        | otherwise -> return (x `div` y)
    "%" | y == 0 -> throwError "modulo by zero"
        | otherwise -> return (x `mod` y)
    "<" -> return (if x < y then 1 else 0)
    "==" -> return (if x == y then 1 else 0)
    _ -> throwError ("bad operator " ++ o)

tick :: Interp ()
tick = do
  limit <- ask
  (env, n) <- get
  when (n >= limit) $ throwError ("step limit " ++ show limit ++ " reached")
  put (env, n + 1)

exec :: Stmt -> Interp ()
exec s = tick >> case s of
  Assign v e -> eval e >>= \x -> modify (\(env, n) -> (M.insert v x env, n))
  Print e -> eval e >>= \x -> tell [show x]
  While c body -> do
    x <- eval c
    when (x /= 0) $ mapM_ exec body >> exec s
  If c t e -> eval c >>= \x -> mapM_ exec (if x /= 0 then t else e)
  Assert c msg -> eval c >>= \x -> when (x == 0) (throwError ("assertion failed: " ++ msg))

runProgram :: String -> String -> IO ()
runProgram name src = do
  putStrLn ("== " ++ name)
  case parse program name src of
    Left err -> putStrLn ("parse error at " ++ show err)
    Right stmts -> do
      putStrLn (show (length stmts) ++ " statements")
      case runExcept (runWriterT (runStateT (runReaderT (mapM_ exec stmts) 100000) (M.empty, 0))) of
        Left e -> putStrLn ("runtime error: " ++ e)
        Right (((), (env, steps)), out) -> do
          mapM_ putStrLn out
          putStrLn ("steps " ++ show steps ++ ", variables " ++ show (M.toList env))

-- Other transformers: RWS, MaybeT, ContT, StateT over lists (backtracking).
collatz :: RWS Int [Int] Int ()
collatz = do
  n <- RWS.get
  RWS.tell [n]
  lim <- RWS.ask
  when (n /= 1 && n < lim * 1000) $ do
    RWS.put (if even n then n `div` 2 else 3 * n + 1)
    collatz

safeDivs :: [Integer] -> MaybeT Identity Integer
safeDivs = foldM (\acc d -> if d == 0 then MaybeT (return Nothing) else return (acc `div` d)) 1000000

findFirst :: (a -> Bool) -> [a] -> Maybe a
findFirst p xs = flip runCont id $ callCC $ \k -> do
  forM_ xs $ \x -> when (p x) (k (Just x))
  return Nothing

-- Each branch of the list monad carries its own state: the sum of its choices.
pythag :: Int -> [((Int, Int, Int), Int)]
pythag n = flip evalStateT 0 $ do
  a <- choose [1 .. n]
  b <- choose [a .. n]
  c <- choose [b .. n]
  guard (a * a + b * b == c * c)
  s <- get
  return ((a, b, c), s)
  where choose xs = lift xs >>= \x -> modify (+ x) >> return x

main :: IO ()
main = do
  runProgram "factorial" $ unlines
    [ "# factorial of 25 and a sum of squares"
    , "n := 25  f := 1"
    , "while 0 < n do f := f * n  n := n - 1 end"
    , "print f"
    , "i := 0 s := 0"
    , "while i < 100 do s := s + i * i  i := i + 1 end"
    , "print s assert s == 328350 \"sum of squares\""
    ]
  runProgram "primes" $ unlines
    [ "p := 2 count := 0"
    , "while count < 15 do"
    , "  d := 2 isp := 1"
    , "  while d * d < p + 1 do if p % d == 0 do isp := 0 end d := d + 1 end"
    , "  if isp do print p count := count + 1 end"
    , "  p := p + 1"
    , "end"
    ]
  runProgram "division" "x := 10 y := x - 10 print x / y"
  runProgram "unbound" "print 1 + zz"
  runProgram "assertion" "a := 3 assert a == 4 \"a is four\""
  runProgram "steps" "i := 0 while 0 == 0 do i := i + 1 end"
  runProgram "syntax1" "x := (1 + 2"
  runProgram "syntax2" "while 1 do print 2"
  runProgram "syntax3" "x := 1\ny := \nprint x"
  runProgram "syntax4" "print \"unterminated"
  let ((), final, trail) = runRWS collatz 1000 27
  putStrLn ("collatz 27: " ++ show (length trail) ++ " steps, max " ++ show (maximum trail) ++ ", ends at " ++ show final)
  print (runIdentity (runMaybeT (safeDivs [2, 5, 10])), runIdentity (runMaybeT (safeDivs [2, 0, 10])))
  print (findFirst (> 1000) (map (^ (2 :: Int)) [1 :: Int ..]), findFirst even [1, 3, 5 :: Int])
  print (pythag 30)
  print (parse (sepBy1 (many1 digit) (char ',') <* eof) "csv" "12,345,6789")
  print (parse (sepBy1 (many1 digit) (char ',') <* eof) "csv" "12,,3")
