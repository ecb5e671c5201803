-- Graph algorithms over containers: BFS with Data.Sequence, Dijkstra with a
-- Set-based priority queue, topological sort, connected components,
-- Floyd-Warshall on a small graph, and a maze shortest path.
module Main (main) where

import qualified Data.IntMap.Strict as IM
import qualified Data.IntSet as IS
import qualified Data.Map.Strict as M
import qualified Data.Set as S
import Data.Sequence (Seq (..), (|>))
import qualified Data.Sequence as Seq
import Data.List (foldl', unfoldr)
import Data.Maybe (fromMaybe)

type Graph = IM.IntMap [(Int, Int)] -- node -> [(neighbour, weight)]

-- deterministic LCG
lcg :: Int -> Int
lcg s = (s * 1103515245 + 12345) `mod` 2147483648

randoms :: Int -> [Int]
randoms = tail . iterate lcg

mkGraph :: Int -> Int -> Int -> Graph
mkGraph n m seed = foldl' addEdge base (take m (pairs (randoms seed)))
  where
    base = IM.fromList [(i, []) | i <- [0 .. n - 1]]
    pairs (a : b : c : rest) = (a `mod` n, b `mod` n, 1 + c `mod` 20) : pairs rest
    pairs _ = []
    addEdge g (u, v, wt)
      | u == v = g
      | otherwise = IM.adjust ((v, wt) :) u (IM.adjust ((u, wt) :) v g)

bfs :: Graph -> Int -> IM.IntMap Int
bfs g src = go (Seq.singleton src) (IM.singleton src 0)
  where
    go Empty dist = dist
    go (u :<| q) dist =
      let du = dist IM.! u
          ns = [v | (v, _) <- IM.findWithDefault [] u g, not (IM.member v dist)]
          dist' = foldl' (\d v -> IM.insert v (du + 1) d) dist ns
          q' = foldl' (|>) q ns
      in go q' dist'

dijkstra :: Graph -> Int -> IM.IntMap Int
dijkstra g src = go (S.singleton (0, src)) (IM.singleton src 0)
  where
    go frontier dist = case S.minView frontier of
      Nothing -> dist
      Just ((d, u), rest)
        | d > IM.findWithDefault maxBound u dist -> go rest dist
        | otherwise ->
            let relax (f, dm) (v, wt) =
                  let nd = d + wt
                  in if nd < IM.findWithDefault maxBound v dm
                       then (S.insert (nd, v) f, IM.insert v nd dm)
                       else (f, dm)
                (f', d') = foldl' relax (rest, dist) (IM.findWithDefault [] u g)
            in go f' d'

components :: Graph -> [[Int]]
components g = unfoldr next (IM.keysSet g)
  where
    next unvisited = case IS.minView unvisited of
      Nothing -> Nothing
      Just (s, _) ->
        let comp = IM.keysSet (bfs g s)
        in Just (IS.toList comp, IS.difference unvisited comp)

-- Kahn's algorithm on a DAG given as Map String [String]
topoSort :: M.Map String [String] -> Either String [String]
topoSort dag = go (S.fromList [n | (n, d) <- M.toList indeg0, d == 0]) indeg0 []
  where
    nodes = S.toList (S.fromList (M.keys dag ++ concat (M.elems dag)))
    indeg0 = M.fromListWith (+) ([(n, 0 :: Int) | n <- nodes] ++ [(v, 1) | vs <- M.elems dag, v <- vs])
    go ready indeg acc = case S.minView ready of
      Nothing
        | length acc == length nodes -> Right (reverse acc)
        | otherwise -> Left "cycle detected"
      Just (n, ready') ->
        let succs = M.findWithDefault [] n dag
            indeg' = foldl' (\m v -> M.adjust (subtract 1) v m) indeg succs
            newReady = [v | v <- succs, indeg' M.! v == 0]
        in go (foldr S.insert ready' newReady) indeg' (n : acc)

floyd :: Int -> [(Int, Int, Int)] -> M.Map (Int, Int) Int
floyd n es = foldl' step initial [0 .. n - 1]
  where
    inf = 10 ^ (9 :: Int)
    initial = M.fromList ([((i, j), if i == j then 0 else inf) | i <- [0 .. n - 1], j <- [0 .. n - 1]]
                          ++ [((u, v), wt) | (u, v, wt) <- es])
    step d k = M.fromList [((i, j), min (d M.! (i, j)) (d M.! (i, k) + d M.! (k, j))) | i <- [0 .. n - 1], j <- [0 .. n - 1]]

maze :: [String]
maze =
  [ "S....#..........#..."
  , ".##..#.######.#.#.#."
  , ".#...#......#.#...#."
  , ".#.######.#.#.#####."
  , ".#........#.#......."
  , ".##########.######.#"
  , "...#......#......#.."
  , "##.#.####.######.##."
  , "...#.#..........#..."
  , ".###.#.########.#.#E"
  ]

mazePath :: [String] -> Maybe (Int, [(Int, Int)])
mazePath rows = go (Seq.singleton start) (M.singleton start start)
  where
    h = length rows
    wd = length (head rows)
    cell (r, c) = rows !! r !! c
    find ch = head [(r, c) | r <- [0 .. h - 1], c <- [0 .. wd - 1], cell (r, c) == ch]
    start = find 'S'
    goal = find 'E'
    go Empty _ = Nothing
    go (p :<| q) prev
      | p == goal = let path = reverse (walk p prev) in Just (length path - 1, path)
      | otherwise =
          let (r, c) = p
              ns = [n | n@(nr, nc) <- [(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)]
                      , nr >= 0, nr < h, nc >= 0, nc < wd, cell n /= '#', not (M.member n prev)]
          in go (foldl' (|>) q ns) (foldl' (\m n -> M.insert n p m) prev ns)
    walk p prev = let pp = prev M.! p in if pp == p then [p] else p : walk pp prev

main :: IO ()
main = do
  let g = mkGraph 400 700 2024
  putStrLn ("edges: " ++ show (sum (map length (IM.elems g)) `div` 2))
  let degs = IM.fromListWith (+) [(length ns, 1 :: Int) | ns <- IM.elems g]
  putStrLn ("degree histogram: " ++ show (IM.toList degs))
  let comps = components g
  putStrLn ("components: " ++ show (length comps) ++ ", sizes: " ++ show (take 10 (reverse (S.toList (S.fromList (map (\c -> (length c, head c)) comps))))))
  let b = bfs g 0
  putStrLn ("bfs reached " ++ show (IM.size b) ++ ", max depth " ++ show (maximum (IM.elems b)))
  putStrLn ("bfs level sizes: " ++ show (IM.toList (IM.fromListWith (+) [(d, 1 :: Int) | d <- IM.elems b])))
  let d = dijkstra g 0
  putStrLn ("dijkstra reached " ++ show (IM.size d) ++ ", farthest " ++ show (maximum [(v, k) | (k, v) <- IM.toList d]))
  putStrLn ("distances to 1..20: " ++ show [IM.lookup k d | k <- [1 .. 20]])
  putStrLn ("sum of distances: " ++ show (sum (IM.elems d)))
  let dag = M.fromList
        [ ("base", ["ghc-prim", "bignum"]), ("containers", ["base", "deepseq", "array"])
        , ("deepseq", ["base", "array"]), ("array", ["base"]), ("app", ["containers", "text"])
        , ("text", ["base", "deepseq"]), ("bignum", ["ghc-prim"]) ]
  print (topoSort dag)
  print (topoSort (M.insert "ghc-prim" ["app"] dag))
  let fw = floyd 6 [(0, 1, 7), (0, 2, 9), (0, 5, 14), (1, 2, 10), (1, 3, 15), (2, 3, 11), (2, 5, 2), (3, 4, 6), (4, 5, 9), (5, 4, 3)]
  mapM_ (\i -> putStrLn (unwords [let v = fw M.! (i, j) in if v >= 10 ^ (9 :: Int) then "  inf" else pad5 (show v) | j <- [0 .. 5]])) [0 .. 5]
  case mazePath maze of
    Nothing -> putStrLn "no path"
    Just (len, path) -> do
      putStrLn ("maze path length " ++ show len)
      let onPath = S.fromList path
      mapM_ putStrLn [[if S.member (r, c) onPath && ch == '.' then 'o' else ch | (c, ch) <- zip [0 ..] row] | (r, row) <- zip [0 ..] maze]
  print (mazePath ["S#E"], fromMaybe 0 (fmap fst (mazePath ["SE"])))
  where
    pad5 s = replicate (5 - length s) ' ' ++ s
