-- deriv: a symbolic differentiator and simplifier: expressions over x with +, *, ^,
-- sin, cos, exp, ln; repeated differentiation, algebraic simplification to a fixed point
-- (constant folding with Rationals, collecting like terms), evaluation at rational points
-- checked against finite differences. Symbolic: algebraic data types, pattern matching.
module Main (main) where

import Data.List (sortBy)
import System.Environment (getArgs)

data E
  = Num Rational
  | X
  | Add [E]
  | Mul [E]
  | Pow E Integer
  | Sin E
  | Cos E
  | Exp E
  | Ln E
  deriving (Eq, Ord, Show)

d :: E -> E
d (Num _) = Num 0
d X = Num 1
d (Add es) = Add (map d es)
d (Mul es) = Add [Mul (d e : others) | (i, e) <- zip [0 :: Int ..] es, let others = [o | (j, o) <- zip [0 ..] es, j /= i]]
d (Pow e n) = Mul [Num (fromIntegral n), Pow e (n - 1), d e]
d (Sin e) = Mul [Cos e, d e]
d (Cos e) = Mul [Num (-1), Sin e, d e]
d (Exp e) = Mul [Exp e, d e]
d (Ln e) = Mul [Pow e (-1), d e]

simplify :: E -> E
simplify e = let e' = step e in if e' == e then e else simplify e'

step :: E -> E
step (Add es) = mkAdd (collect (concatMap flatAdd (map step es)))
  where
    flatAdd (Add xs) = xs
    flatAdd (Num 0) = []
    flatAdd x = [x]
step (Mul es) = mkMul (concatMap flatMul (map step es))
  where
    flatMul (Mul xs) = xs
    flatMul (Num 1) = []
    flatMul x = [x]
step (Pow _ 0) = Num 1
step (Pow e 1) = step e
step (Pow (Num r) n) = Num (r ^^ n)
step (Pow (Pow e m) n) = Pow (step e) (m * n)
step (Pow e n) = Pow (step e) n
step (Sin (Num 0)) = Num 0
step (Sin e) = Sin (step e)
step (Cos (Num 0)) = Num 1
step (Cos e) = Cos (step e)
step (Exp (Num 0)) = Num 1
step (Exp (Ln e)) = step e
step (Exp e) = Exp (step e)
step (Ln (Num 1)) = Num 0
step (Ln (Exp e)) = step e
step (Ln e) = Ln (step e)
step e = e

-- collect like terms: c1*t + c2*t = (c1+c2)*t, fold constants
collect :: [E] -> [E]
collect es = constant ++ merged
  where
    c = sum [r | Num r <- es]
    constant = [Num c | c /= 0]
    terms = sortBy (\a b -> compare (snd a) (snd b)) [coeff e | e <- es, not (isNum e)]
    merged = [t | (k, b) <- groupTerms terms, k /= 0, let t = if k == 1 then b else Mul [Num k, b]]
    isNum (Num _) = True
    isNum _ = False
    coeff (Mul (Num k : rest)) = (k, mkMul rest)
    coeff e = (1, e)
    groupTerms ((k, b) : rest) =
      let (same, others) = span ((== b) . snd) rest in (k + sum (map fst same), b) : groupTerms others
    groupTerms [] = []

mkAdd :: [E] -> E
mkAdd [] = Num 0
mkAdd [e] = e
mkAdd es = Add es

mkMul :: [E] -> E
mkMul es
  | k == 0 = Num 0
  | null rest = Num k
  | k == 1 = case sorted of [e] -> e; _ -> Mul sorted
  | otherwise = Mul (Num k : sorted)
  where
    k = product [r | Num r <- es]
    rest = [e | e <- es, not (isNum e)]
    sorted = powers (sortBy compare rest)
    isNum (Num _) = True
    isNum _ = False
    -- x * x^n = x^(n+1)
    powers (a : b : more) = case (base a, base b) of
      ((ea, na), (eb, nb)) | ea == eb -> powers (Pow ea (na + nb) : more)
      _ -> a : powers (b : more)
    powers xs = xs
    base (Pow e n) = (e, n)
    base e = (e, 1)

size :: E -> Int
size (Add es) = 1 + sum (map size es)
size (Mul es) = 1 + sum (map size es)
size (Pow e _) = 1 + size e
size (Sin e) = 1 + size e
size (Cos e) = 1 + size e
size (Exp e) = 1 + size e
size (Ln e) = 1 + size e
size _ = 1

-- evaluation of polynomial-rational parts exactly; transcendental parts in Double
eval :: Double -> E -> Double
eval _ (Num r) = fromRational r
eval x X = x
eval x (Add es) = sum (map (eval x) es)
eval x (Mul es) = product (map (eval x) es)
eval x (Pow e n) = eval x e ^^ n
eval x (Sin e) = sin (eval x e)
eval x (Cos e) = cos (eval x e)
eval x (Exp e) = exp (eval x e)
eval x (Ln e) = log (eval x e)

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Int
      x2 = Pow X 2
      exprs =
        [ Add [Mul [Num 3, Pow X 5], Mul [Num (-2), x2], X, Num 7]
        , Mul [Sin X, Exp (Mul [Num 2, X])]
        , Ln (Add [x2, Num 1])
        , Mul [Pow (Add [X, Num 1]) 4, Cos (Mul [Num (1 / 2), X])]
        , Pow (Add [Mul [X, X], Mul [Num 3, X], Num 2]) 3
        ]
  mapM_
    ( \e -> do
        let ds = take (n + 1) (iterate (simplify . d) (simplify e))
            sizes = map size ds
            dn = last ds
            h = 1.0e-4
            approx = (eval (1.2 + h) (ds !! (n - 1)) - eval (1.2 - h) (ds !! (n - 1))) / (2 * h)
            exact = eval 1.2 dn
        print sizes
        print (abs (approx - exact) <= 1e-3 * max 1 (abs exact))
    )
    exprs
  print (simplify (d (d (head exprs))))
