-- treemap: a Map built by hand, an AVL tree with insertWith, lookup, delete, foldr and
-- a balance check: pseudo-random keys are inserted, counted, looked up and deleted in
-- rounds. Pointer-heavy: allocation of tree nodes, comparisons, rebalancing rotations.
module Main (main) where

import Data.List (foldl')
import System.Environment (getArgs)

data Map k v = Tip | Bin !Int !k v !(Map k v) !(Map k v)

height :: Map k v -> Int
height Tip = 0
height (Bin h _ _ _ _) = h

node :: k -> v -> Map k v -> Map k v -> Map k v
node k v l r = Bin (1 + max (height l) (height r)) k v l r

balance :: k -> v -> Map k v -> Map k v -> Map k v
balance k v l r
  | hl > hr + 1 = case l of
      Bin _ lk lv ll lr
        | height ll >= height lr -> node lk lv ll (node k v lr r)
        | Bin _ lrk lrv lrl lrr <- lr -> node lrk lrv (node lk lv ll lrl) (node k v lrr r)
      _ -> error "balance"
  | hr > hl + 1 = case r of
      Bin _ rk rv rl rr
        | height rr >= height rl -> node rk rv (node k v l rl) rr
        | Bin _ rlk rlv rll rlr <- rl -> node rlk rlv (node k v l rll) (node rk rv rlr rr)
      _ -> error "balance"
  | otherwise = node k v l r
  where
    hl = height l
    hr = height r

insertWith :: Ord k => (v -> v -> v) -> k -> v -> Map k v -> Map k v
insertWith _ k v Tip = Bin 1 k v Tip Tip
insertWith f k v (Bin h k' v' l r) = case compare k k' of
  LT -> balance k' v' (insertWith f k v l) r
  GT -> balance k' v' l (insertWith f k v r)
  EQ -> Bin h k (f v v') l r

lookupM :: Ord k => k -> Map k v -> Maybe v
lookupM _ Tip = Nothing
lookupM k (Bin _ k' v l r) = case compare k k' of
  LT -> lookupM k l
  GT -> lookupM k r
  EQ -> Just v

deleteMin :: Map k v -> ((k, v), Map k v)
deleteMin (Bin _ k v Tip r) = ((k, v), r)
deleteMin (Bin _ k v l r) = let (m, l') = deleteMin l in (m, balance k v l' r)
deleteMin Tip = error "deleteMin Tip"

delete :: Ord k => k -> Map k v -> Map k v
delete _ Tip = Tip
delete k (Bin _ k' v l r) = case compare k k' of
  LT -> balance k' v (delete k l) r
  GT -> balance k' v l (delete k r)
  EQ -> case r of
    Tip -> l
    _ -> let ((mk, mv), r') = deleteMin r in balance mk mv l r'

foldrM :: (k -> v -> a -> a) -> a -> Map k v -> a
foldrM _ z Tip = z
foldrM f z (Bin _ k v l r) = foldrM f (f k v (foldrM f z r)) l

size :: Map k v -> Int
size = foldrM (\_ _ n -> n + 1) 0

valid :: Ord k => Map k v -> Bool
valid t = balanced t && ordered (foldrM (\k _ ks -> k : ks) [] t)
  where
    balanced Tip = True
    balanced (Bin h _ _ l r) = abs (height l - height r) <= 1 && h == 1 + max (height l) (height r) && balanced l && balanced r
    ordered (a : b : rest) = a < b && ordered (b : rest)
    ordered _ = True

randoms :: Int -> [Int]
randoms seed = tail (iterate (\x -> (x * 6364136223846793005 + 1442695040888963407) `mod` 9223372036854775807) seed)

main :: IO ()
main = do
  [a, b] <- map read <$> getArgs
  let keys = map (`mod` b) (take a (randoms 7))
      m = foldl' (\acc k -> insertWith (+) k (1 :: Int) acc) Tip keys
      hits = length [() | k <- [0 .. b - 1], Just _ <- [lookupM k m]]
      m' = foldl' (flip delete) m [k | k <- keys, even k]
      total = foldrM (\_ v s -> s + v) 0 m
  print (size m, height m, hits, total)
  print (valid m, valid m', size m', height m')
  print (take 8 (foldrM (\k v acc -> (k, v) : acc) [] m'))
  let strs = foldl' (\acc (i, k) -> insertWith (++) (show k) [i] acc) Tip (zip [0 :: Int ..] (take (a `div` 4) keys))
  print (size strs, fmap length (lookupM (show (head keys)) strs), valid strs)
