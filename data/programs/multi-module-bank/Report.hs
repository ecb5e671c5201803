-- | Describe instances (orphan-free: the class is in Bank.Types, the
-- instances for its types are here, in a third module).
{-# OPTIONS_GHC -Wno-orphans #-}
module Report (statement) where

import Bank.Ledger
import qualified Data.Map as M

instance Describe Account where
  describe a = let AccountId i = accId a
               in i ++ " (" ++ owner a ++ "): " ++ show (balance a) ++ ", overdraft " ++ show (overdraft a)

instance Describe LedgerError where
  describe e = case e of
    NoSuchAccount (AccountId i) -> "no such account " ++ i
    Insufficient (AccountId i) b m -> "insufficient funds in " ++ i ++ ": balance " ++ show b ++ ", requested " ++ show m
    AlreadyExists (AccountId i) -> "account " ++ i ++ " already exists"
    NonZeroBalance (AccountId i) b -> "cannot close " ++ i ++ " with balance " ++ show b
    InvalidAmount m -> "invalid amount " ++ show m

statement :: Ledger -> String
statement l = "accounts:\n" ++ describeAll (M.elems l) ++ "total: " ++ show (totalHoldings l)
