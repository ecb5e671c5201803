-- Broad coverage of the containers API: Data.Map, Data.Set, Data.IntMap,
-- Data.IntSet, Data.Sequence, Data.Graph (SCCs) and Data.Tree.
module Main (main) where

import qualified Data.Map as M
import qualified Data.Map.Strict as MS
import qualified Data.Set as S
import qualified Data.IntMap as IM
import qualified Data.IntSet as IS
import qualified Data.Sequence as Seq
import Data.Sequence (Seq, (<|), (|>), (><))
import Data.Graph (stronglyConnComp, SCC (..), graphFromEdges, topSort, reachable)
import Data.Tree (Tree (..), drawTree, flatten, levels, unfoldTree)
import Data.Foldable (toList)
import Data.Char (toUpper)

inventory :: M.Map String Int
inventory = M.fromList [("apple", 5), ("banana", 12), ("cherry", 0), ("date", 7), ("elderberry", 3), ("fig", 9)]

main :: IO ()
main = do
  putStrLn "== Data.Map"
  print inventory
  print (M.insert "grape" 4 inventory M.! "grape", M.lookup "kiwi" inventory, M.member "fig" inventory)
  print (M.insertWith (+) "apple" 10 inventory M.! "apple", M.adjust (* 2) "date" inventory M.! "date")
  let altered = foldr (M.alter bump) inventory ["apple", "kiwi", "cherry", "kiwi"]
      bump Nothing = Just 1
      bump (Just 0) = Nothing
      bump (Just n) = Just (n + 1)
  print altered
  print (M.delete "banana" inventory, M.update (\v -> if v > 5 then Just (v - 5) else Nothing) "date" inventory)
  print (M.unionWith (+) inventory (M.fromList [("apple", 1), ("zucchini", 2)]))
  print (M.unionsWith (++) [M.singleton 'a' "x", M.fromList [('a', "y"), ('b', "z")], M.singleton 'b' "w"])
  print (M.intersectionWith (,) inventory (M.fromList [("banana", True), ("fig", False), ("nope", True)]))
  print (M.difference inventory (M.fromList [("apple", ()), ("fig", ())]), inventory M.\\ M.fromList [("date", 'x')])
  print (M.partition even inventory)
  print (M.mapMaybe (\v -> if v > 4 then Just (show v) else Nothing) inventory)
  print (M.foldrWithKey (\k v acc -> k ++ "=" ++ show v ++ ";" ++ acc) "" inventory)
  print (M.foldlWithKey (\acc k v -> acc + length k * v) 0 inventory, M.foldr max 0 inventory)
  print (M.mapWithKey (\k v -> take v (cycle (take 1 k))) inventory)
  print (M.filterWithKey (\k v -> length k > 4 && v > 0) inventory)
  print (M.toDescList inventory)
  print (M.split "cherry" inventory)
  print (M.lookupMin inventory, M.lookupMax inventory, M.deleteMin inventory, M.findMin (M.deleteMax inventory))
  print (M.elemAt 2 inventory, M.findIndex "date" inventory, M.lookupIndex "zzz" inventory, M.take 2 inventory, M.drop 4 inventory)
  print (M.keys inventory, M.elems inventory, M.size inventory, M.null M.empty)
  print (M.mapKeys (map toUpper) inventory, M.mapKeysWith (+) length inventory)
  print (fmap (* 10) inventory, sum inventory, maximum inventory, length inventory)
  print (M.insertLookupWithKey (\_ n o -> n + o) "apple" 100 inventory)
  print (M.updateLookupWithKey (\_ _ -> Nothing) "fig" inventory)
  print (M.fromAscList [(1 :: Int, 'a'), (2, 'b'), (2, 'c')], M.fromListWith (flip (++)) [(k `mod` 3, [k]) | k <- [1 .. 10 :: Int]])
  print (M.isSubmapOf (M.fromList [("apple", 5)]) inventory, M.restrictKeys inventory (S.fromList ["fig", "apple", "x"]))
  print (M.withoutKeys inventory (S.fromList ["fig", "apple"]), M.spanAntitone (< "c") inventory)
  print (MS.foldl' (+) 0 (MS.fromList [(i, i * i) | i <- [1 .. 1000 :: Int]]), M.valid inventory)
  print (traverse (\v -> if v >= 0 then Just v else Nothing) inventory)
  print (M.mergeWithKey (\_ a b -> Just (a - b)) id (fmap negate) inventory (M.fromList [("apple", 2), ("yam", 4)]))
  putStrLn "== Data.Set"
  let s1 = S.fromList [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 :: Int]
      s2 = S.fromList [2, 7, 1, 8, 2, 8 :: Int]
  print (s1, s2, S.size s1, S.toDescList s1)
  print (S.union s1 s2, S.intersection s1 s2, S.difference s1 s2, s2 S.\\ s1)
  print (S.map (`div` 2) s1, S.filter odd s1, S.partition (> 4) s1, S.split 4 s1)
  print (S.isSubsetOf (S.fromList [1, 2]) s1, S.lookupLT 4 s1, S.lookupGE 7 s1, S.findMin s1, S.deleteMax s1)
  print (S.elemAt 3 s1, S.findIndex 9 s1, S.toList (S.insert 0 (S.delete 9 s1)), S.unions [s1, s2, S.singleton 100])
  print (S.foldr (:) [] s1, S.foldl' (+) 0 s1, S.cartesianProduct (S.fromList "ab") (S.fromList [1, 2 :: Int]))
  print (S.powerSet (S.fromList "abc"), S.disjoint s1 (S.fromList [10, 11]), S.lookupMin (S.empty :: S.Set Int))
  print (S.toList (S.fromList (words "the cat and the hat and the bat")))
  putStrLn "== Data.IntMap / Data.IntSet"
  let im = IM.fromListWith (+) [(k `mod` 17, k) | k <- [1 .. 200 :: Int]]
  print im
  print (IM.lookup 5 im, IM.findWithDefault 0 99 im, IM.size im, IM.lookupMin im, IM.lookupMax im)
  print (IM.insertWith (++) 3 "x" (IM.fromList [(3, "y"), (4, "z")]), IM.alter (fmap (+ 1)) 0 im IM.! 0)
  print (IM.unionWith (-) im (IM.fromList [(0, 1000), (50, 1)]))
  print (IM.foldrWithKey (\k v acc -> k * v + acc) 0 im, IM.keys (IM.filter (> 1200) im))
  print (IM.split 8 im)
  print (IM.toDescList (IM.map (`div` 100) im))
  let is1 = IS.fromList [x * x `mod` 101 | x <- [1 .. 100]]
  print (IS.size is1, IS.toList (IS.filter (< 30) is1), IS.member 4 is1, IS.member 3 is1)
  print (IS.union is1 (IS.fromList [0, 200]) IS.\\ is1, IS.findMin is1, IS.findMax is1, IS.elems (IS.map (`mod` 10) is1))
  putStrLn "== Data.Sequence"
  let sq = Seq.fromList [1 .. 10 :: Int]
  print (sq, (0 <| sq) |> 11, Seq.length sq, Seq.index sq 4, Seq.lookup 20 sq)
  print (Seq.reverse sq, Seq.update 3 99 sq, Seq.adjust (* 100) 0 sq, Seq.insertAt 2 77 sq, Seq.deleteAt 0 sq)
  print (Seq.splitAt 4 sq, Seq.take 3 sq >< Seq.drop 8 sq, Seq.sort (Seq.fromList "sequence"))
  print (Seq.sortBy (flip compare) sq, Seq.zip sq (Seq.fromList "abc"), Seq.findIndexL (> 5) sq, toList (Seq.tails (Seq.fromList [1, 2, 3 :: Int])))
  print (foldr (+) 0 sq, Seq.foldlWithIndex (\acc i x -> acc + i * x) 0 sq, Seq.mapWithIndex (,) (Seq.fromList "xyz"))
  print (Seq.scanl (+) 0 sq, Seq.chunksOf 3 sq, Seq.unfoldr (\n -> if n > 100 then Nothing else Just (n, n * 3)) (1 :: Int))
  let rotate k s = let (a, b) = Seq.splitAt k s in b >< a
  print (iterate (rotate 3) sq !! 4, Seq.replicate 3 'q', (Seq.empty :: Seq Int))
  putStrLn "== Data.Graph / Data.Tree"
  let deps = [ ("a", 1, [2]), ("b", 2, [3]), ("c", 3, [1, 4]), ("d", 4, [5]), ("e", 5, []), ("f", 6, [4, 7]), ("g", 7, [6]) ] :: [(String, Int, [Int])]
  mapM_ (\c -> case c of
                 AcyclicSCC v -> putStrLn ("acyclic " ++ v)
                 CyclicSCC vs -> putStrLn ("cyclic " ++ unwords vs)) (stronglyConnComp deps)
  let (gr, fromV, toV) = graphFromEdges deps
      name v = let (n, _, _) = fromV v in n
  print (map name (topSort gr))
  print (fmap (map name . reachable gr) (toV 6))
  let tree = unfoldTree (\n -> (n, [m | m <- [2 * n, 2 * n + 1], m <= 12])) (1 :: Int)
  putStr (drawTree (fmap show tree))
  print (flatten tree, levels tree, sum tree, length tree, maximum tree)
  print (fmap (* 2) (Node 1 [Node 2 [], Node (3 :: Int) [Node 4 []]]))
