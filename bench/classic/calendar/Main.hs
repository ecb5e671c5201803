-- calendar: Unix `cal`-style calendars (in the spirit of nofib spectral/calendar): month
-- grids laid out three across with string padding and concatenation, for a range of
-- years; prints one year in full and a checksum of all the others. Show- and
-- Data.Char-heavy: show, replicate, zipWith, unlines, toUpper.
module Main (main) where

import Data.Char (toUpper)
import Data.List (foldl', intercalate)
import System.Environment (getArgs)

isLeap :: Int -> Bool
isLeap y = (y `mod` 4 == 0 && y `mod` 100 /= 0) || y `mod` 400 == 0

monthLengths :: Int -> [Int]
monthLengths y = [31, if isLeap y then 29 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

-- day of week of 1 January (0 = Sunday), by counting days from 1 January 1 (a Monday)
jan1 :: Int -> Int
jan1 y = (1 + 365 * p + p `div` 4 - p `div` 100 + p `div` 400) `mod` 7
  where
    p = y - 1

monthNames :: [String]
monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

rjustify, cjustify :: Int -> String -> String
rjustify n s = replicate (n - length s) ' ' ++ s
cjustify n s = let m = n - length s; l = m `div` 2 in replicate l ' ' ++ s ++ replicate (m - l) ' '

-- a month as 8 lines of 20 characters
month :: String -> Int -> Int -> [String]
month name start days = title : "Su Mo Tu We Th Fr Sa" : take 6 (rows ++ repeat (replicate 20 ' '))
  where
    title = cjustify 20 name
    cells = replicate start "  " ++ [rjustify 2 (show d) | d <- [1 .. days]]
    rows = map (padRow . unwords) (groups 7 cells)
    padRow r = r ++ replicate (20 - length r) ' '
    groups _ [] = []
    groups k xs = take k xs : groups k (drop k xs)

year :: Int -> [String]
year y = cjustify 64 (show y) : "" : concatMap row (groups 3 months)
  where
    starts = scanl (\s l -> (s + l) `mod` 7) (jan1 y) (monthLengths y)
    months = zipWith3 (\n s l -> month (map toUpper n) s l) monthNames starts (monthLengths y)
    row ms = foldr1 (zipWith (\a b -> a ++ "  " ++ b)) ms ++ [""]
    groups _ [] = []
    groups k xs = take k xs : groups k (drop k xs)

main :: IO ()
main = do
  [a, b, c] <- map read <$> getArgs
  putStr (unlines (year c))
  let texts = [unlines (year y) | y <- [a .. b]]
      h = foldl' (\acc t -> foldl' (\x ch -> (x * 31 + fromEnum ch) `mod` 1000000007) acc t) 7 texts
  print (length texts, sum (map length texts), h)
  putStrLn (intercalate ", " [show y ++ ":" ++ show (jan1 y) | y <- [a, a + 100 .. b]])
