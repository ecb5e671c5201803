-- getContents + lines: parse a CSV file (quoted fields, doubled quotes),
-- validate rows, aggregate per department and print aligned tables.
module Main (main) where

import Data.List (sortBy, intercalate, transpose)
import Data.Ord (comparing)
import qualified Data.Map as M
import Text.Printf (printf)
import Text.Read (readMaybe)

parseCSVLine :: String -> [String]
parseCSVLine = go
  where
    go s = let (field, rest) = fieldP s in case rest of
      ',' : more -> field : go more
      _ -> [field]
    fieldP ('"' : s) = quoted s ""
    fieldP s = break (== ',') s
    quoted ('"' : '"' : s) acc = quoted s ('"' : acc)
    quoted ('"' : s) acc = (reverse acc, s)
    quoted (c : s) acc = quoted s (c : acc)
    quoted [] acc = (reverse acc, [])

data Row = Row { rid :: Int, rname :: String, dept :: String, salary :: Int, year :: Int, notes :: String }

toRow :: [String] -> Either String Row
toRow [i, n, d, s, dt, nt] = do
  i' <- maybe (Left ("bad id " ++ show i)) Right (readMaybe i)
  s' <- maybe (Left ("bad salary " ++ show s ++ " for " ++ n)) Right (readMaybe s)
  y <- maybe (Left ("bad date " ++ show dt)) Right (readMaybe (take 4 dt))
  return (Row i' n d s' y nt)
toRow fs = Left ("wrong field count " ++ show (length fs) ++ ": " ++ show fs)

table :: [String] -> [[String]] -> String
table hdr rows = unlines ([sep, fmt hdr, sep] ++ map fmt rows ++ [sep])
  where
    widths = map (maximum . map length) (transpose (hdr : rows))
    fmt cells = "| " ++ intercalate " | " [pad w c | (w, c) <- zip widths cells] ++ " |"
    pad w c = if all (`elem` "0123456789.,-") c && not (null c) then replicate (w - length c) ' ' ++ c else c ++ replicate (w - length c) ' '
    sep = "+" ++ intercalate "+" [replicate (w + 2) '-' | w <- widths] ++ "+"

commas :: Int -> String
commas n = reverse (intercalate "," (chunks (reverse (show n))))
  where
    chunks [] = []
    chunks s = take 3 s : chunks (drop 3 s)

main :: IO ()
main = do
  contents <- getContents
  let (header : body) = lines contents
      parsed = map (toRow . parseCSVLine) body
      rows = [r | Right r <- parsed]
      bad = [e | Left e <- parsed]
  putStrLn ("columns: " ++ show (parseCSVLine header))
  putStrLn ("rows: " ++ show (length body) ++ " parsed, " ++ show (length rows) ++ " valid")
  mapM_ (putStrLn . ("  rejected: " ++)) bad
  putStr (table ["ID", "Name", "Dept", "Salary", "Since", "Notes"]
                [[show (rid r), rname r, dept r, commas (salary r), show (year r), notes r] | r <- rows])
  let byDept = M.fromListWith (++) [(dept r, [r]) | r <- rows]
  putStr (table ["Department", "Count", "Total", "Average", "Max"]
                [ [d, show (length rs), commas tot, printf "%.2f" avg, rname (head (sortBy (comparing (negate . salary)) rs))]
                | (d, rs) <- M.toList byDept
                , let tot = sum (map salary rs)
                      avg = fromIntegral tot / fromIntegral (length rs) :: Double ])
  let seniority = sortBy (comparing year <> comparing rname) rows
  putStrLn "by seniority:"
  mapM_ (\(k, r) -> printf "%2d. %-20s %d (%d years)\n" (k :: Int) (rname r) (year r) (2024 - year r)) (zip [1 ..] seniority)
  printf "payroll total: %s, mean %.1f\n" (commas (sum (map salary rows))) (fromIntegral (sum (map salary rows)) / fromIntegral (length rows) :: Double)
