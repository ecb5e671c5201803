-- A small Scheme-like interpreter: tokenizer, S-expression parser, an
-- evaluator with closures, environments (Data.Map), recursion via letrec
-- through IORef-free knot tying, and error handling with Either.
module Main (main) where

import Data.Char (isDigit, isSpace)
import Data.List (intercalate)
import qualified Data.Map as M

data SExpr = Atom String | Num Integer | Str String | List [SExpr]
  deriving (Show, Eq)

data Value
  = VNum Integer
  | VBool Bool
  | VStr String
  | VList [Value]
  | VClosure [String] SExpr Env
  | VPrim String ([Value] -> Either String Value)

type Env = M.Map String Value

instance Show Value where
  show (VNum n) = show n
  show (VBool b) = if b then "#t" else "#f"
  show (VStr s) = show s
  show (VList vs) = "(" ++ unwords (map show vs) ++ ")"
  show (VClosure ps _ _) = "<lambda:" ++ intercalate "," ps ++ ">"
  show (VPrim n _) = "<prim:" ++ n ++ ">"

-- Tokenizer / parser ------------------------------------------------------

tokenize :: String -> [String]
tokenize [] = []
tokenize (c : cs)
  | isSpace c = tokenize cs
  | c == ';' = tokenize (dropWhile (/= '\n') cs)
  | c `elem` "()" = [c] : tokenize cs
  | c == '\'' = "'" : tokenize cs
  | c == '"' = let (s, rest) = break (== '"') cs in ('"' : s) : tokenize (drop 1 rest)
  | otherwise = let (tok, rest) = break (\x -> isSpace x || x `elem` "()") (c : cs) in tok : tokenize rest

parseExpr :: [String] -> Either String (SExpr, [String])
parseExpr [] = Left "unexpected end of input"
parseExpr ("(" : ts) = parseList ts []
parseExpr (")" : _) = Left "unexpected )"
parseExpr ("'" : ts) = do
  (e, rest) <- parseExpr ts
  return (List [Atom "quote", e], rest)
parseExpr (t : ts)
  | head t == '"' = Right (Str (tail t), ts)
  | all isDigit t = Right (Num (read t), ts)
  | head t == '-' && length t > 1 && all isDigit (tail t) = Right (Num (read t), ts)
  | otherwise = Right (Atom t, ts)

parseList :: [String] -> [SExpr] -> Either String (SExpr, [String])
parseList (")" : ts) acc = Right (List (reverse acc), ts)
parseList ts acc = do
  (e, rest) <- parseExpr ts
  parseList rest (e : acc)

parseAll :: [String] -> Either String [SExpr]
parseAll [] = Right []
parseAll ts = do
  (e, rest) <- parseExpr ts
  es <- parseAll rest
  return (e : es)

-- Evaluator ---------------------------------------------------------------

truthy :: Value -> Bool
truthy (VBool False) = False
truthy _ = True

eval :: Env -> SExpr -> Either String Value
eval _ (Num n) = Right (VNum n)
eval _ (Str s) = Right (VStr s)
eval env (Atom a)
  | a == "#t" = Right (VBool True)
  | a == "#f" = Right (VBool False)
  | otherwise = maybe (Left ("unbound variable: " ++ a)) Right (M.lookup a env)
eval _ (List [Atom "quote", e]) = Right (quote e)
eval env (List [Atom "if", c, t, e]) = do
  cv <- eval env c
  eval env (if truthy cv then t else e)
eval env (List (Atom "cond" : clauses)) = go clauses
  where
    go [] = Right (VList [])
    go (List [Atom "else", e] : _) = eval env e
    go (List [c, e] : rest) = do
      cv <- eval env c
      if truthy cv then eval env e else go rest
    go _ = Left "bad cond"
eval env (List [Atom "lambda", List params, body]) = do
  names <- mapM atomName params
  return (VClosure names body env)
eval env (List [Atom "let", List binds, body]) = do
  pairs <- mapM bindPair binds
  vals <- mapM (eval env . snd) pairs
  eval (M.union (M.fromList (zip (map fst pairs) vals)) env) body
eval env (List [Atom "letrec", List binds, body]) = do
  pairs <- mapM bindPair binds
  -- knot-tying: the new environment refers to itself lazily
  let env' = M.union (M.fromList [(n, either (const (VList [])) id (eval env' e)) | (n, e) <- pairs]) env
  eval env' body
eval env (List (Atom "begin" : es)) = fmap last (mapM (eval env) es)
eval env (List (f : args)) = do
  fv <- eval env f
  avs <- mapM (eval env) args
  apply fv avs
eval _ (List []) = Right (VList [])

atomName :: SExpr -> Either String String
atomName (Atom a) = Right a
atomName e = Left ("expected symbol, got " ++ show e)

bindPair :: SExpr -> Either String (String, SExpr)
bindPair (List [Atom n, e]) = Right (n, e)
bindPair e = Left ("bad binding " ++ show e)

quote :: SExpr -> Value
quote (Num n) = VNum n
quote (Str s) = VStr s
quote (Atom a) = VStr a
quote (List xs) = VList (map quote xs)

apply :: Value -> [Value] -> Either String Value
apply (VPrim _ f) args = f args
apply (VClosure ps body cenv) args
  | length ps /= length args = Left ("arity mismatch: expected " ++ show (length ps) ++ ", got " ++ show (length args))
  | otherwise = eval (M.union (M.fromList (zip ps args)) cenv) body
apply v _ = Left ("not a function: " ++ show v)

numOp :: String -> (Integer -> Integer -> Integer) -> Value
numOp n f = VPrim n go
  where
    go [] = Left (n ++ ": no arguments")
    go vs = do
      ns <- mapM asNum vs
      return (VNum (foldl1 f ns))
    asNum (VNum x) = Right x
    asNum v = Left (n ++ ": not a number: " ++ show v)

cmpOp :: String -> (Integer -> Integer -> Bool) -> Value
cmpOp n f = VPrim n go
  where
    go [VNum a, VNum b] = Right (VBool (f a b))
    go vs = Left (n ++ ": bad arguments " ++ show vs)

prims :: Env
prims = M.fromList
  [ ("+", numOp "+" (+)), ("-", numOp "-" (-)), ("*", numOp "*" (*))
  , ("quotient", VPrim "quotient" divP), ("modulo", numOp "modulo" mod)
  , ("<", cmpOp "<" (<)), (">", cmpOp ">" (>)), ("=", cmpOp "=" (==)), ("<=", cmpOp "<=" (<=))
  , ("cons", VPrim "cons" consP), ("car", VPrim "car" carP), ("cdr", VPrim "cdr" cdrP)
  , ("null?", VPrim "null?" nullP), ("list", VPrim "list" (Right . VList))
  , ("not", VPrim "not" (\vs -> case vs of [v] -> Right (VBool (not (truthy v))); _ -> Left "not: arity"))
  , ("string-append", VPrim "string-append" (fmap (VStr . concat) . mapM asStr))
  , ("number->string", VPrim "number->string" (\vs -> case vs of [VNum n] -> Right (VStr (show n)); _ -> Left "number->string"))
  ]
  where
    divP [VNum _, VNum 0] = Left "quotient: division by zero"
    divP [VNum a, VNum b] = Right (VNum (a `quot` b))
    divP _ = Left "quotient: bad arguments"
    consP [x, VList xs] = Right (VList (x : xs))
    consP _ = Left "cons: bad arguments"
    carP [VList (x : _)] = Right x
    carP vs = Left ("car: bad arguments " ++ show vs)
    cdrP [VList (_ : xs)] = Right (VList xs)
    cdrP _ = Left "cdr: bad arguments"
    nullP [VList xs] = Right (VBool (null xs))
    nullP [_] = Right (VBool False)
    nullP _ = Left "null?: arity"
    asStr (VStr s) = Right s
    asStr v = Left ("string-append: not a string " ++ show v)

-- Top level: (define name expr) extends the global environment --------------

runProgram :: String -> [String]
runProgram src = case parseAll (tokenize src) of
  Left err -> ["parse error: " ++ err]
  Right es -> go prims es
  where
    go _ [] = []
    go env (List [Atom "define", Atom n, e] : rest) =
      let env' = M.insert n (either (const (VList [])) id (eval env' e)) env
      in case eval env' e of
           Left err -> ("error in define " ++ n ++ ": " ++ err) : go env rest
           Right _ -> ("defined " ++ n) : go env' rest
    go env (e : rest) = either ("error: " ++) show (eval env e) : go env rest

program :: String
program = unlines
  [ "; arithmetic and lists"
  , "(+ 1 2 3 4)"
  , "(* 99999999999 99999999999 99999999999)"
  , "(- 10)"
  , "(list 1 (list 2 3) '(a b c) \"str\")"
  , "(define fact (lambda (n) (if (= n 0) 1 (* n (fact (- n 1))))))"
  , "(fact 30)"
  , "(define fib (lambda (n) (cond ((< n 2) n) (else (+ (fib (- n 1)) (fib (- n 2)))))))"
  , "(fib 20)"
  , "(define map (lambda (f xs) (if (null? xs) '() (cons (f (car xs)) (map f (cdr xs))))))"
  , "(define filter (lambda (p xs) (cond ((null? xs) '()) ((p (car xs)) (cons (car xs) (filter p (cdr xs)))) (else (filter p (cdr xs))))))"
  , "(define foldl (lambda (f acc xs) (if (null? xs) acc (foldl f (f acc (car xs)) (cdr xs)))))"
  , "(define range (lambda (a b) (if (> a b) '() (cons a (range (+ a 1) b)))))"
  , "(map (lambda (x) (* x x)) (range 1 15))"
  , "(filter (lambda (x) (= 0 (modulo x 3))) (range 1 40))"
  , "(foldl + 0 (range 1 1000))"
  , "(define compose (lambda (f g) (lambda (x) (f (g x)))))"
  , "((compose (lambda (x) (* x 2)) (lambda (x) (+ x 10))) 5)"
  , "(let ((x 5) (y 7)) (* x y))"
  , "(letrec ((even? (lambda (n) (if (= n 0) #t (odd? (- n 1))))) (odd? (lambda (n) (if (= n 0) #f (even? (- n 1)))))) (list (even? 100) (odd? 7) (even? 7)))"
  , "(define make-counter (lambda (start) (lambda (step) (+ start step))))"
  , "((make-counter 100) 23)"
  , "(define primes (lambda (n) (filter (lambda (k) (foldl (lambda (acc d) (if (= 0 (modulo k d)) #f acc)) #t (range 2 (- k 1)))) (range 2 n))))"
  , "(primes 100)"
  , "(define append (lambda (a b) (if (null? a) b (cons (car a) (append (cdr a) b)))))"
  , "(define append3 (lambda (a b c) (append a (append b c))))"
  , "(define qsort (lambda (xs) (if (null? xs) '() (let ((p (car xs)) (rest (cdr xs))) (append3 (qsort (filter (lambda (x) (< x p)) rest)) (list p) (qsort (filter (lambda (x) (not (< x p))) rest)))))))"
  , "(qsort '(33 7 -4 99 0 12 7 58 -20 3))"
  , "(string-append \"fact 12 = \" (number->string (fact 12)))"
  , "; errors"
  , "(car '())"
  , "(undefined-thing 1)"
  , "((lambda (x y) x) 1)"
  , "(quotient 10 0)"
  , "(1 2 3)"
  , "(define ackermann (lambda (m n) (cond ((= m 0) (+ n 1)) ((= n 0) (ackermann (- m 1) 1)) (else (ackermann (- m 1) (ackermann m (- n 1)))))))"
  , "(ackermann 2 3)"
  , "(map (lambda (n) (ackermann 1 n)) (range 0 10))"
  ]

main :: IO ()
main = mapM_ putStrLn (runProgram program)
