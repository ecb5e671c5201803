-- Text.Printf: %d %i %5.2f %s %x %X %o %c %e %g %-10s %+d %05d %%,
-- printf returning String, hPrintf to stderr, and a formatted report.
module Main (main) where

import Text.Printf (printf, hPrintf)
import System.IO (stderr)
import Control.Monad (forM_)

data Item = Item { itemName :: String, qty :: Int, price :: Double }

items :: [Item]
items =
  [ Item "widget" 12 3.5
  , Item "gadget" 3 19.99
  , Item "thingamajig" 150 0.125
  , Item "doohickey" 0 1234.5
  , Item "überwidget" 7 42.0
  ]

main :: IO ()
main = do
  printf "%d %i %d\n" (42 :: Int) (-7 :: Int) (12345678901234567890 :: Integer)
  printf "[%5d] [%-5d] [%05d] [%+d] [% d]\n" (42 :: Int) (42 :: Int) (42 :: Int) (42 :: Int) (42 :: Int)
  printf "[%5.2f] [%8.3f] [%-8.1f] [%.0f] [%f]\n" (3.14159 :: Double) (-2.5 :: Double) (9.99 :: Double) (2.5 :: Double) (1 / 3 :: Double)
  printf "[%e] [%.3e] [%g] [%g] [%g]\n" (123456.789 :: Double) (0.000123 :: Double) (0.0001 :: Double) (1e7 :: Double) (42.5 :: Double)
  printf "[%s] [%10s] [%-10s] [%.3s]\n" "hello" "right" "left" "truncate"
  printf "[%x] [%X] [%o] [%#x] [%#o] [%08x]\n" (255 :: Int) (48879 :: Int) (8 :: Int) (255 :: Int) (8 :: Int) (3735928559 :: Int)
  printf "[%c] [%c] [%c] [%3c]\n" 'a' 'λ' '😀' 'z'
  printf "100%% done, %s\n" (show [1, 2, 3 :: Int])
  printf "%d-%d-%d %s %.1f%%\n" (2024 :: Int) (1 :: Int) (31 :: Int) "rate" (99.44 :: Double)
  let s = printf "%s has %d items costing %.2f" "cart" (3 :: Int) (7.5 :: Double) :: String
  putStrLn (s ++ " (" ++ show (length s) ++ " chars)")
  printf "%-12s|%6s|%10s|%12s\n" "item" "qty" "price" "total"
  putStrLn (replicate 43 '-')
  forM_ items $ \it@(Item _ q p) -> let n = itemName it in
    printf "%-12s|%6d|%10.3f|%12.2f\n" n q p (fromIntegral q * p)
  putStrLn (replicate 43 '-')
  printf "%-12s|%6d|%10s|%12.2f\n" "TOTAL" (sum (map qty items)) "" (sum [fromIntegral (qty i) * price i | i <- items])
  forM_ [0 :: Int, 1, 15, 16, 255, 256, 65535, -1] $ \v ->
    printf "%6d = 0x%04x = 0o%06o\n" v v v
  forM_ [1 :: Int .. 5] $ \k ->
    printf "%2d! = %10d, sqrt = %.6f, 2^-k = %.10e\n" k (product [1 .. k]) (sqrt (fromIntegral k) :: Double) (2 ** negate (fromIntegral k) :: Double)
  hPrintf stderr "warning: %d items have zero quantity\n" (length (filter ((== 0) . qty) items))
  hPrintf stderr "%s: %5.1f%%\n" "stderr ratio" (12.345 :: Double)
  printf "%s %s %s\n" "multiple" "string" "args"
  printf "%3d|%-3d|%03d\n" (-5 :: Int) (-5 :: Int) (-5 :: Int)
  printf "%.2f %.2f %.2f %.2f\n" (0.125 :: Double) (0.375 :: Double) (2.675 :: Double) (-0.005 :: Double)
  printf "%v %v\n" (10 :: Int) "value"
