{-# LANGUAGE ScopedTypeVariables #-}
{-# OPTIONS_GHC -Wno-incomplete-patterns #-}
-- Exceptions: throw/throwIO, catch/handle/try, evaluate, error calls,
-- ArithException, ArrayException, custom exception types with
-- displayException, hierarchies via SomeException, bracket/finally ordering,
-- head [] caught, pattern match failures, assert-like checks.
module Main (main) where

import Control.Exception
import Control.Monad (forM_, when)
import Data.IORef
import Data.List (isPrefixOf)
import Data.Maybe (fromJust)
import qualified Data.Map as M
import System.IO (hPutStrLn, stderr)

data BankError
  = InsufficientFunds { needed :: Int, available :: Int }
  | AccountNotFound String
  | Frozen
  deriving Show

instance Exception BankError where
  displayException (InsufficientFunds n a) = "need " ++ show n ++ " but only " ++ show a ++ " available"
  displayException (AccountNotFound s) = "no account named " ++ show s
  displayException Frozen = "account frozen"

newtype ValidationError = ValidationError String deriving Show
instance Exception ValidationError

type Accounts = IORef (M.Map String Int)

withdraw :: Accounts -> String -> Int -> IO Int
withdraw ref who amt = do
  m <- readIORef ref
  bal <- maybe (throwIO (AccountNotFound who)) return (M.lookup who m)
  when (who == "mallory") $ throwIO Frozen
  when (amt > bal) $ throwIO (InsufficientFunds amt bal)
  let bal' = bal - amt
  writeIORef ref (M.insert who bal' m)
  return bal'

check :: String -> Bool -> IO ()
check what ok = if ok then putStrLn ("check ok: " ++ what) else throwIO (AssertionFailed ("check failed: " ++ what))

safeDiv :: Int -> Int -> Either String Int
safeDiv _ 0 = Left "divide by zero"
safeDiv a b = Right (a `div` b)

partialFn :: Int -> String
partialFn 1 = "one"
partialFn 2 = "two"
partialFn n | n > 100 = "big"

firstLine :: String -> String
firstLine s = case lines s of
  (l : _) -> l
  [] -> error "firstLine: empty input"

showExc :: SomeException -> String
showExc e = takeWhile (/= '\n') (show e)

main :: IO ()
main = do
  putStrLn "== try / evaluate"
  r1 <- try (evaluate (10 `div` (0 :: Int)))
  case r1 of
    Left DivideByZero -> putStrLn "caught DivideByZero"
    Left e -> putStrLn ("other arith: " ++ show e)
    Right v -> print v
  r2 <- try (evaluate (head ([] :: [Int])))
  putStrLn (either (\(e :: SomeException) -> "head []: " ++ (if "Prelude.head" `isPrefixOf` show e then "Prelude.head: empty list" else showExc e)) show r2)
  r3 <- try (evaluate (fromJust Nothing :: Int))
  putStrLn (either (\(_ :: SomeException) -> "fromJust Nothing caught") show r3)
  r4 <- try (evaluate (partialFn 50))
  putStrLn (either (\(e :: PatternMatchFail) -> "pattern match fail caught: " ++ show (length (show e) > 0)) id r4)
  r5 <- try (evaluate (length (firstLine "")))
  putStrLn (either (\(ErrorCall msg) -> "ErrorCall: " ++ msg) show r5)
  r6 <- try (evaluate (M.fromList [(1 :: Int, 'a')] M.! 2))
  putStrLn (either (\(e :: SomeException) -> "Map.!: " ++ showExc e) show r6)
  r7 <- try (evaluate ([1, 2, 3 :: Int] !! 5))
  putStrLn (either (\(e :: SomeException) -> "!!: " ++ showExc e) show r7)
  r8 :: Either ErrorCall Integer <- try (evaluate (2 ^ (-1 :: Int)))
  putStrLn (either (\e -> "negative exponent: " ++ show e) show r8)
  r9 <- try (evaluate (toEnum 5 :: Bool))
  putStrLn (either (\(e :: SomeException) -> "toEnum: " ++ showExc e) show r9)
  r10 <- try (evaluate (read "12x" :: Int))
  putStrLn (either (\(e :: SomeException) -> "read: " ++ showExc e) show r10)
  r11 <- try (evaluate (let xs = [1 ..] :: [Int] in xs !! 1000))
  putStrLn (either (\(e :: SomeException) -> showExc e) show r11)
  -- lazy value: try without evaluate doesn't force
  r12 <- try (return (1 `div` (0 :: Int)))
  putStrLn (either (\(_ :: ArithException) -> "forced early?!") (const "unforced thunk returned") r12)
  putStrLn "== catch / handle"
  catch (throwIO (ValidationError "bad input") >> putStrLn "not reached")
        (\(ValidationError msg) -> putStrLn ("caught validation: " ++ msg))
  handle (\(e :: ArithException) -> putStrLn ("handled: " ++ show e)) $ do
    let x = 5 `mod` (0 :: Int)
    print x
  handle (\(e :: SomeException) -> putStrLn ("handled some: " ++ showExc e)) (throw (userError "custom user error"))
  -- a handler for the wrong type doesn't catch; the outer one does
  handle (\(e :: BankError) -> putStrLn ("outer caught: " ++ displayException e)) $
    handle (\(e :: ArithException) -> putStrLn ("inner caught: " ++ show e)) $
      throwIO (AccountNotFound "zed")
  -- catches with multiple handlers
  forM_ [0 :: Int .. 3] $ \i ->
    (case i of
       0 -> throwIO Overflow
       1 -> throwIO (ErrorCall "boom")
       2 -> throwIO Frozen
       _ -> putStrLn "no exception")
    `catches` [ Handler (\(e :: ArithException) -> putStrLn ("arith " ++ show e))
              , Handler (\(ErrorCall m) -> putStrLn ("error " ++ m))
              , Handler (\(e :: BankError) -> putStrLn ("bank " ++ show e)) ]
  putStrLn "== custom exceptions"
  accounts <- newIORef (M.fromList [("alice", 100), ("bob", 20), ("mallory", 1000)])
  forM_ [("alice", 30), ("bob", 50), ("carol", 1), ("mallory", 5), ("alice", 70), ("alice", 1)] $ \(who, amt) -> do
    res <- try (withdraw accounts who amt)
    case res of
      Right bal -> putStrLn (who ++ " withdrew " ++ show amt ++ ", balance " ++ show bal)
      Left (e :: BankError) -> putStrLn (who ++ ": " ++ displayException e ++ " [" ++ show e ++ "]")
  readIORef accounts >>= print
  se <- try (throwIO (InsufficientFunds 5 1)) :: IO (Either SomeException ())
  case se of
    Left e -> print (fmap displayException (fromException e :: Maybe BankError), fromException e :: Maybe ArithException)
    Right () -> putStrLn "no"
  print (toException DivideByZero, fromException (toException Frozen) :: Maybe BankError)
  putStrLn "== bracket / finally ordering"
  trace <- newIORef []
  let note s = modifyIORef trace (s :) >> putStrLn ("  " ++ s)
  _ <- try (bracket (note "acquire A" >> return "A")
                    (\r -> note ("release " ++ r))
                    (\r -> note ("use " ++ r) >> throwIO (ErrorCall "fail in use") >> note "unreachable")) :: IO (Either ErrorCall ())
  res <- bracket (note "acquire B" >> return (42 :: Int)) (\_ -> note "release B") (\x -> note "use B" >> return (x * 2))
  print res
  (note "body" >> return ()) `finally` note "finally 1"
  _ <- try ((note "body2" >> throwIO Underflow) `finally` note "finally 2") :: IO (Either ArithException ())
  _ <- try (bracket_ (note "enter") (note "exit") (bracket_ (note "enter inner") (note "exit inner") (throwIO (ErrorCall "nested")))) :: IO (Either ErrorCall ())
  r <- (note "onException body" >> throwIO Overflow >> return "x") `onException` note "onException handler"
         `catch` (\(e :: ArithException) -> return ("recovered " ++ show e))
  putStrLn r
  readIORef trace >>= print . length
  putStrLn "== assertions and Either"
  check "1 + 1 == 2" (1 + 1 == (2 :: Int))
  rc <- try (check "reverse is identity" (reverse "ab" == "ab"))
  putStrLn (either (\(AssertionFailed m) -> "assertion: " ++ m) (const "passed") rc)
  print (mapM (safeDiv 100) [1, 2, 5], mapM (safeDiv 100) [1, 0, 5])
  r13 <- try (evaluate (sum (map (\x -> if x == 77 then throw (ValidationError ("bad element " ++ show x)) else x) [1 .. 100 :: Int])))
  putStrLn (either (\(ValidationError m) -> m) show r13)
  -- throw inside pure code inside a catch inside a thunk in a data structure
  let pairs = [(i, 100 `div` (i - 3)) | i <- [1 .. 5 :: Int]]
  forM_ pairs $ \(i, v) -> do
    out <- try (evaluate v)
    putStrLn (show i ++ " -> " ++ either (\(e :: ArithException) -> show e) show out)
  -- errors with errorWithoutStackTrace and uncaught-looking messages
  r14 <- try (evaluate (errorWithoutStackTrace "plain error" :: Int))
  putStrLn (either (\(ErrorCall m) -> "errorWithoutStackTrace: " ++ m) show r14)
  hPutStrLn stderr "exceptions: done (stderr)"
  r15 <- try (ioError (userError "io failure"))
  putStrLn (either (\(e :: IOException) -> "IOException: " ++ show e) (const "ok") r15)
  r16 <- try (readFile "/nonexistent/definitely/missing.txt")
  putStrLn (either (\(_ :: IOException) -> "readFile failed as expected") (const "file exists?!") r16)
  putStrLn "done"
