-- Sudoku solver: constraint propagation over a Data.Map of candidate sets
-- (Data.IntSet) with depth-first search in the Maybe/list monads; solves
-- several puzzles and prints boards, search statistics and validations.
-- Also a pure-list "Bird" style solver for an easy puzzle.
module Main (main) where

import Data.Char (digitToInt, intToDigit, isDigit)
import qualified Data.IntSet as IS
import Data.List (foldl', minimumBy, transpose, (\\))
import qualified Data.Map.Strict as M
import Data.Ord (comparing)

type Cell = (Int, Int)
type Grid = M.Map Cell IS.IntSet

cells :: [Cell]
cells = [(r, c) | r <- [0 .. 8], c <- [0 .. 8]]

peers :: M.Map Cell [Cell]
peers = M.fromList [(p, others p) | p <- cells]
  where
    others (r, c) = [q | q@(r', c') <- cells, q /= (r, c), r' == r || c' == c || (r' `div` 3 == r `div` 3 && c' `div` 3 == c `div` 3)]

units :: [[Cell]]
units = [[(r, c) | c <- [0 .. 8]] | r <- [0 .. 8]]
     ++ [[(r, c) | r <- [0 .. 8]] | c <- [0 .. 8]]
     ++ [[(br * 3 + r, bc * 3 + c) | r <- [0 .. 2], c <- [0 .. 2]] | br <- [0 .. 2], bc <- [0 .. 2]]

assign :: Grid -> Cell -> Int -> Maybe Grid
assign g p d = foldl' (\mg d' -> mg >>= \g' -> eliminate g' p d') (Just g) (IS.toList (IS.delete d (g M.! p)))

eliminate :: Grid -> Cell -> Int -> Maybe Grid
eliminate g p d
  | not (IS.member d cands) = Just g
  | IS.null cands' = Nothing
  | otherwise = do
      let g1 = M.insert p cands' g
      g2 <- if IS.size cands' == 1
              then let d2 = IS.findMin cands' in foldl' (\mg q -> mg >>= \gg -> eliminate gg q d2) (Just g1) (peers M.! p)
              else Just g1
      foldl' (\mg u -> mg >>= \gg -> placeIn gg u) (Just g2) [u | u <- units, p `elem` u]
  where
    cands = g M.! p
    cands' = IS.delete d cands
    placeIn gg u = case [q | q <- u, IS.member d (gg M.! q)] of
      [] -> Nothing
      [q] | IS.size (gg M.! q) > 1 -> assign gg q d
      _ -> Just gg

parse :: String -> Maybe Grid
parse s = foldl' step (Just (M.fromList [(p, IS.fromList [1 .. 9]) | p <- cells])) (zip cells digits)
  where
    digits = [if isDigit ch && ch /= '0' then digitToInt ch else 0 | ch <- s, isDigit ch || ch == '.']
    step mg (p, d)
      | d == 0 = mg
      | otherwise = mg >>= \g -> assign g p d

search :: Grid -> (Int, Maybe Grid)
search g
  | all ((== 1) . IS.size) (M.elems g) = (1, Just g)
  | otherwise = try' 1 (IS.toList cands)
  where
    (p, cands) = minimumBy (comparing (IS.size . snd)) [(q, cs) | (q, cs) <- M.toList g, IS.size cs > 1]
    try' n [] = (n, Nothing)
    try' n (d : ds) = case assign g p d of
      Nothing -> try' (n + 1) ds
      Just g' -> case search g' of
        (k, Just sol) -> (n + k, Just sol)
        (k, Nothing) -> try' (n + k) ds

render :: Grid -> [String]
render g = concat [ [line r | r <- [br * 3 .. br * 3 + 2]] ++ ["------+-------+------" | br < 2] | br <- [0 .. 2]]
  where
    line r = unwords (concat [[cell (r, c) | c <- [bc * 3 .. bc * 3 + 2]] ++ ["|" | bc < 2] | bc <- [0 .. 2]])
    cell p = let cs = g M.! p in if IS.size cs == 1 then [intToDigit (IS.findMin cs)] else "."

valid :: Grid -> Bool
valid g = all (\u -> IS.fromList [IS.findMin (g M.! p) | p <- u] == IS.fromList [1 .. 9]) units

-- Richard Bird's list-based solver (prune + expand), for an easy puzzle
type Matrix a = [[a]]

solveBird :: Matrix Char -> [Matrix Char]
solveBird = map (map (map head)) . search' . prune . choices
  where
    choices = map (map (\c -> if c == '.' then "123456789" else [c]))
    prune = pruneBy boxs . pruneBy cols . pruneBy rows
    pruneBy f = f . map reduce . f
    reduce xss = [if single xs then xs else xs \\ singles | xs <- xss]
      where singles = concat (filter single xss)
    single [_] = True
    single _ = False
    rows = id
    cols = transpose
    boxs = unpackB . map cols . packB
    packB = split . map split
    split = chop 3
    unpackB = map concat . concat
    chop _ [] = []
    chop n xs = take n xs : chop n (drop n xs)
    blocked m = void' m || not (safe m)
    void' = any (any null)
    safe cm = all consistent (rows cm) && all consistent (cols cm) && all consistent (boxs cm)
    consistent = nodups . concat . filter single
    nodups [] = True
    nodups (x : xs) = x `notElem` xs && nodups xs
    search' m
      | blocked m = []
      | all (all single) m = [m]
      | otherwise = [g | m' <- expand m, g <- search' (prune m')]
    expand m = [rows1 ++ [row1 ++ [c] : row2] ++ rows2 | c <- cs]
      where
        (rows1, row : rows2) = break (any best) m
        (row1, cs : row2) = break best row
        best cs' = length cs' == n
        n = minimum (filter (> 1) (concatMap (map length) m))

puzzles :: [(String, String)]
puzzles =
  [ ("easy", "003020600900305001001806400008102900700000008006708200002609500800203009005010300")
  , ("hard", "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......")
  , ("arto", "85...24..72......9..4.........1.7..23.5...9...4...........8..7..17..........36.4.")
  , ("invalid", "11...............................................................................")
  ]

main :: IO ()
main = do
  mapM_ solveOne puzzles
  putStrLn "bird solver on the easy puzzle:"
  let easy = [[if ch == '0' then '.' else ch | ch <- row] | row <- chop9 (snd (head puzzles))]
  case solveBird easy of
    (s : _) -> mapM_ putStrLn s
    [] -> putStrLn "no solution"
  where
    chop9 [] = []
    chop9 xs = take 9 xs : chop9 (drop 9 xs)
    solveOne (name, src) = do
      putStrLn ("puzzle " ++ name ++ ": " ++ src)
      case parse src of
        Nothing -> putStrLn "  contradiction while parsing"
        Just g -> do
          let undecided = length (filter ((> 1) . IS.size) (M.elems g))
          putStrLn ("  after propagation: " ++ show undecided ++ " undecided cells")
          case search g of
            (n, Nothing) -> putStrLn ("  no solution after " ++ show n ++ " assignments")
            (n, Just sol) -> do
              putStrLn ("  solved with " ++ show n ++ " search nodes, valid: " ++ show (valid sol))
              mapM_ (putStrLn . ("  " ++)) (render sol)
