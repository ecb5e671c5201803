-- A multi-module program (Bank.Types, Bank.Ledger re-exporting Bank.Types,
-- Report with instances of a class defined in another module, and Main):
-- a small bank ledger processing a batch of transactions in the Either
-- monad, with a Monoid for money and a printed statement.
module Main (main) where

import Bank.Ledger
import Report (statement)

acct :: String -> AccountId
acct = AccountId

txns :: [Txn]
txns =
  [ Open (acct "A-100") "Alice" (money 0)
  , Open (acct "B-200") "Bob" (money 50)
  , Open (acct "C-300") "Carol" (money 0)
  , Deposit (acct "A-100") (money 1000)
  , Deposit (acct "B-200") (money 20.5)
  , Withdraw (acct "B-200") (money 60)
  , Withdraw (acct "B-200") (money 20)
  , Transfer (acct "A-100") (acct "C-300") (money 333.33)
  , Transfer (acct "C-300") (acct "D-400") (money 1)
  , Deposit (acct "A-100") (money (-5))
  , Open (acct "A-100") "Alice again" (money 0)
  , Close (acct "C-300")
  , Transfer (acct "C-300") (acct "A-100") (money 333.33)
  , Close (acct "C-300")
  , Withdraw (acct "A-100") (money 10000)
  , Deposit (acct "E-500") (money 1)
  ]

main :: IO ()
main = do
  let (ledger, results) = applyAll emptyLedger txns
  mapM_ (\(i, r) -> putStrLn (show (i :: Int) ++ ". " ++ either (("FAILED: " ++) . describe) (("ok: " ++) . show) r))
        (zip [1 ..] results)
  putStrLn (statement ledger)
  print (mconcat [money 0.1, money 0.2, money 0.3], money (-12.345), money 1e6)
  print (length [() | Left _ <- results], length [() | Right _ <- results])
  print (apply emptyLedger (Close (acct "nobody")))
