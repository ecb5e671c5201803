-- | Core types of the ledger, plus a class whose instances live elsewhere.
module Bank.Types
  ( AccountId (..)
  , Money (..)
  , Account (..)
  , Txn (..)
  , LedgerError (..)
  , Describe (..)
  , money
  ) where

import Text.Printf (printf)

newtype AccountId = AccountId String deriving (Eq, Ord, Show)

-- | Amounts in cents.
newtype Money = Money Integer deriving (Eq, Ord)

instance Show Money where
  show (Money c) = (if c < 0 then "-" else "") ++ printf "%d.%02d" (abs c `div` 100) (abs c `mod` 100)

instance Semigroup Money where
  Money a <> Money b = Money (a + b)

instance Monoid Money where
  mempty = Money 0

money :: Double -> Money
money d = Money (round (d * 100))

data Account = Account
  { accId :: AccountId
  , owner :: String
  , balance :: Money
  , overdraft :: Money
  } deriving Show

data Txn
  = Deposit AccountId Money
  | Withdraw AccountId Money
  | Transfer AccountId AccountId Money
  | Open AccountId String Money
  | Close AccountId
  deriving Show

data LedgerError
  = NoSuchAccount AccountId
  | Insufficient AccountId Money Money
  | AlreadyExists AccountId
  | NonZeroBalance AccountId Money
  | InvalidAmount Money
  deriving (Show, Eq)

class Describe a where
  describe :: a -> String
  describeAll :: [a] -> String
  describeAll = unlines . map (("  - " ++) . describe)
