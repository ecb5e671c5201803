-- | Applying transactions to a ledger (Data.Map), in the Either monad.
module Bank.Ledger
  ( Ledger
  , emptyLedger
  , apply
  , applyAll
  , totalHoldings
  , module Bank.Types
  ) where

import Bank.Types
import Control.Monad (when, unless)
import qualified Data.Map as M

type Ledger = M.Map AccountId Account

emptyLedger :: Ledger
emptyLedger = M.empty

lookupAcc :: AccountId -> Ledger -> Either LedgerError Account
lookupAcc aid l = maybe (Left (NoSuchAccount aid)) Right (M.lookup aid l)

positive :: Money -> Either LedgerError ()
positive m@(Money c) = when (c <= 0) (Left (InvalidAmount m))

apply :: Ledger -> Txn -> Either LedgerError Ledger
apply l txn = case txn of
  Open aid name od -> do
    when (M.member aid l) $ Left (AlreadyExists aid)
    return (M.insert aid (Account aid name mempty od) l)
  Close aid -> do
    acc <- lookupAcc aid l
    unless (balance acc == mempty) $ Left (NonZeroBalance aid (balance acc))
    return (M.delete aid l)
  Deposit aid m -> do
    positive m
    acc <- lookupAcc aid l
    return (M.insert aid acc { balance = balance acc <> m } l)
  Withdraw aid m@(Money c) -> do
    positive m
    acc <- lookupAcc aid l
    let Money b = balance acc
        Money od = overdraft acc
    when (b - c < negate od) $ Left (Insufficient aid (balance acc) m)
    return (M.insert aid acc { balance = Money (b - c) } l)
  Transfer from to m -> do
    l1 <- apply l (Withdraw from m)
    apply l1 (Deposit to m)

-- | Apply all transactions, keeping going after failures; returns the final
-- ledger and a log line per transaction.
applyAll :: Ledger -> [Txn] -> (Ledger, [Either LedgerError Txn])
applyAll l0 = foldl step (l0, [])
  where
    step (l, logs) t = case apply l t of
      Left e -> (l, logs ++ [Left e])
      Right l' -> (l', logs ++ [Right t])

totalHoldings :: Ledger -> Money
totalHoldings = foldMap balance . M.elems
