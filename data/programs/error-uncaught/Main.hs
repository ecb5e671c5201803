-- An uncaught `error`: the program prints some results to stdout (block
-- buffered, so the runtime must flush it at exit), then a lookup fails with
-- `error`. Expected: "<prog>: ..." plus a CallStack on stderr, exit code 1.
module Main (main) where

import qualified Data.Map as M

data Op = Push Int | Add | Mul | Dup | Swap | Pop | Jz Int | Jmp Int | Print
  deriving Show

-- a tiny stack machine; running off a bad stack is an `error`
run :: [Op] -> [String]
run prog = go 0 [] (0 :: Int)
  where
    code = M.fromList (zip [0 ..] prog)
    go pc stack steps
      | steps > 10000 = ["step limit"]
      | otherwise = case M.lookup pc code of
          Nothing -> ["halt with stack " ++ show stack]
          Just op -> case (op, stack) of
            (Push n, s) -> go (pc + 1) (n : s) (steps + 1)
            (Add, a : b : s) -> go (pc + 1) (a + b : s) (steps + 1)
            (Mul, a : b : s) -> go (pc + 1) (a * b : s) (steps + 1)
            (Dup, a : s) -> go (pc + 1) (a : a : s) (steps + 1)
            (Swap, a : b : s) -> go (pc + 1) (b : a : s) (steps + 1)
            (Pop, _ : s) -> go (pc + 1) s (steps + 1)
            (Jz t, a : s) -> go (if a == 0 then t else pc + 1) s (steps + 1)
            (Jmp t, s) -> go t s (steps + 1)
            (Print, a : s) -> show a : go (pc + 1) (a : s) (steps + 1)
            _ -> error ("stack underflow at pc " ++ show pc ++ " executing " ++ show op)

-- countdown from 10 printing each value, then product of 1..6
good :: [Op]
good =
  [ Push 10            -- 0
  , Print              -- 1
  , Push (-1), Add     -- 2,3
  , Dup, Jz 7          -- 4,5
  , Jmp 1              -- 6
  , Pop                -- 7
  , Push 1, Push 2, Mul, Push 3, Mul, Push 4, Mul, Push 5, Mul, Push 6, Mul, Print
  ]

bad :: [Op]
bad = [Push 1, Push 2, Add, Print, Add, Print]

main :: IO ()
main = do
  putStrLn "running good program"
  mapM_ putStrLn (run good)
  putStrLn "running bad program"
  mapM_ putStrLn (run bad)
  putStrLn "not reached"
