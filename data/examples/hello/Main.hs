-- The bundled example: `stgvm info data/examples/hello.fullpak`.
-- Regenerate with data/examples/make-hello.sh (needs the boot libraries).
module Main (main) where

import qualified Data.Map.Strict as Map

main :: IO ()
main = do
  putStrLn "Hello from stgvm!"
  let ws = words "the quick brown fox jumps over the lazy dog the end"
      freq = Map.fromListWith (+) [(w, 1 :: Int) | w <- ws]
  mapM_ (\(w, n) -> putStrLn (w ++ " " ++ show n)) (Map.toList freq)
  print (product [1 .. 25 :: Integer])
