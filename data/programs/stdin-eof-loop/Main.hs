-- Reads standard input line by line with getLine until isEOF, keeping
-- running statistics in an accumulator; malformed lines are reported.
-- The input's last line has no trailing newline.
module Main (main) where

import qualified Data.Map.Strict as M
import System.IO (isEOF, hSetBuffering, stdout, BufferMode (..), hPutStrLn, stderr)
import Text.Read (readMaybe)

data Acc = Acc
  { lineNo :: !Int
  , totals :: !(M.Map String (Int, Int)) -- (count, sum)
  , errors :: [String]
  , longest :: String
  }

step :: Acc -> String -> (Acc, String)
step acc l =
  let n = lineNo acc + 1
      acc' = acc { lineNo = n, longest = if length l > length (longest acc) then l else longest acc }
  in case words l of
       [] -> (acc', show n ++ ": (blank)")
       (('#' : _) : _) -> (acc', show n ++ ": (comment)")
       [name, v] | Just x <- readMaybe v ->
         let t = M.insertWith (\(c1, s1) (c2, s2) -> (c1 + c2, s1 + s2)) name (1, x) (totals acc')
             (c, s) = t M.! name
         in (acc' { totals = t }, show n ++ ": " ++ name ++ " += " ++ show x ++ " (running " ++ show s ++ " over " ++ show c ++ ")")
       ws -> (acc' { errors = (show n ++ ": cannot parse " ++ show ws) : errors acc' }, show n ++ ": error")

loop :: Acc -> IO Acc
loop acc = do
  eof <- isEOF
  if eof
    then return acc
    else do
      l <- getLine
      let (acc', msg) = step acc l
      putStrLn msg
      loop acc'

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  final <- loop (Acc 0 M.empty [] "")
  putStrLn ("read " ++ show (lineNo final) ++ " lines")
  putStrLn ("longest line: " ++ show (longest final))
  putStrLn "summary:"
  mapM_ (\(k, (c, s)) -> putStrLn ("  " ++ k ++ ": count=" ++ show c ++ " sum=" ++ show s ++ " mean=" ++ show (fromIntegral s / fromIntegral c :: Double)))
        (M.toList (totals final))
  mapM_ (hPutStrLn stderr) (reverse (errors final))
