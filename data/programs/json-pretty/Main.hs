{-# LANGUAGE FlexibleInstances #-}
-- A JSON library in miniature: an ADT, a ToJSON class with a default
-- method and the showList-style trick for String, a recursive-descent
-- parser with error positions, compact and pretty printers with string
-- escaping (including \uXXXX and surrogate pairs), and queries.
module Main (main) where

import Data.Char (chr, isDigit, isHexDigit, isSpace, ord, digitToInt)
import Data.List (intercalate)
import qualified Data.Map as M
import Numeric (showHex)

data JSON
  = JNull
  | JBool Bool
  | JNumber Double
  | JString String
  | JArray [JSON]
  | JObject [(String, JSON)]
  deriving (Show, Eq)

class ToJSON a where
  toJSON :: a -> JSON
  toJSONList :: [a] -> JSON
  toJSONList = JArray . map toJSON

instance ToJSON Bool where toJSON = JBool
instance ToJSON Int where toJSON = JNumber . fromIntegral
instance ToJSON Double where toJSON = JNumber
instance ToJSON Char where
  toJSON c = JString [c]
  toJSONList = JString
instance ToJSON a => ToJSON [a] where toJSON = toJSONList
instance ToJSON a => ToJSON (Maybe a) where toJSON = maybe JNull toJSON
instance (ToJSON a, ToJSON b) => ToJSON (a, b) where toJSON (a, b) = JArray [toJSON a, toJSON b]
instance ToJSON v => ToJSON (M.Map String v) where toJSON m = JObject [(k, toJSON v) | (k, v) <- M.toList m]

data Person = Person { pname :: String, page :: Int, langs :: [String], manager :: Maybe String, score :: Double }

instance ToJSON Person where
  toJSON p = JObject [("name", toJSON (pname p)), ("age", toJSON (page p)), ("languages", toJSON (langs p)), ("manager", toJSON (manager p)), ("score", toJSON (score p))]

-- rendering ---------------------------------------------------------------

escape :: String -> String
escape = concatMap esc
  where
    esc '"' = "\\\""
    esc '\\' = "\\\\"
    esc '\n' = "\\n"
    esc '\t' = "\\t"
    esc c
      | ord c < 0x20 = "\\u" ++ pad4 (showHex (ord c) "")
      | ord c > 0xFFFF = let v = ord c - 0x10000 in "\\u" ++ pad4 (showHex (0xD800 + v `div` 0x400) "") ++ "\\u" ++ pad4 (showHex (0xDC00 + v `mod` 0x400) "")
      | ord c > 0x7E = "\\u" ++ pad4 (showHex (ord c) "")
      | otherwise = [c]
    pad4 s = replicate (4 - length s) '0' ++ s

number :: Double -> String
number d
  | d == fromIntegral r && abs d < 1e15 = show r
  | otherwise = show d
  where r = round d :: Integer

compact :: JSON -> String
compact JNull = "null"
compact (JBool b) = if b then "true" else "false"
compact (JNumber n) = number n
compact (JString s) = "\"" ++ escape s ++ "\""
compact (JArray xs) = "[" ++ intercalate "," (map compact xs) ++ "]"
compact (JObject kvs) = "{" ++ intercalate "," [compact (JString k) ++ ":" ++ compact v | (k, v) <- kvs] ++ "}"

pretty :: JSON -> String
pretty = go 0
  where
    go _ (JArray []) = "[]"
    go _ (JObject []) = "{}"
    go i (JArray xs) = "[\n" ++ intercalate ",\n" [ind (i + 1) ++ go (i + 1) x | x <- xs] ++ "\n" ++ ind i ++ "]"
    go i (JObject kvs) = "{\n" ++ intercalate ",\n" [ind (i + 1) ++ compact (JString k) ++ ": " ++ go (i + 1) v | (k, v) <- kvs] ++ "\n" ++ ind i ++ "}"
    go _ v = compact v
    ind n = replicate (2 * n) ' '

-- parsing -----------------------------------------------------------------

type P a = String -> Int -> Either String (a, String, Int)

parseJSON :: String -> Either String JSON
parseJSON s = case value s 0 of
  Left e -> Left e
  Right (v, rest, pos) -> case skip rest pos of
    ([], _) -> Right v
    (_, p) -> Left ("trailing input at offset " ++ show p)

skip :: String -> Int -> (String, Int)
skip s p = let (ws, rest) = span isSpace s in (rest, p + length ws)

value :: P JSON
value s0 p0 = let (s, p) = skip s0 p0 in case s of
  'n' : 'u' : 'l' : 'l' : r -> Right (JNull, r, p + 4)
  't' : 'r' : 'u' : 'e' : r -> Right (JBool True, r, p + 4)
  'f' : 'a' : 'l' : 's' : 'e' : r -> Right (JBool False, r, p + 5)
  '"' : r -> fmap (\(str, r', p') -> (JString str, r', p')) (stringBody r (p + 1) "")
  '[' : r -> array r (p + 1)
  '{' : r -> object r (p + 1)
  c : _ | c == '-' || isDigit c -> num s p
  [] -> Left ("unexpected end of input at offset " ++ show p)
  c : _ -> Left ("unexpected " ++ show c ++ " at offset " ++ show p)

stringBody :: String -> Int -> String -> Either String (String, String, Int)
stringBody s p acc = case s of
  '"' : r -> Right (reverse acc, r, p + 1)
  '\\' : 'u' : a : b : c : d : r | all isHexDigit [a, b, c, d] ->
    let v = foldl (\x h -> x * 16 + digitToInt h) 0 [a, b, c, d]
    in if v >= 0xD800 && v < 0xDC00
         then case r of
           '\\' : 'u' : e : f : g : h : r' | all isHexDigit [e, f, g, h] ->
             let lo = foldl (\x k -> x * 16 + digitToInt k) 0 [e, f, g, h]
             in stringBody r' (p + 12) (chr (0x10000 + (v - 0xD800) * 0x400 + (lo - 0xDC00)) : acc)
           _ -> Left ("unpaired surrogate at offset " ++ show p)
         else stringBody r (p + 6) (chr v : acc)
  '\\' : e : r -> case lookup e [('n', '\n'), ('t', '\t'), ('"', '"'), ('\\', '\\'), ('/', '/'), ('b', '\b'), ('f', '\f'), ('r', '\r')] of
    Just c -> stringBody r (p + 2) (c : acc)
    Nothing -> Left ("bad escape " ++ show e ++ " at offset " ++ show p)
  c : r -> stringBody r (p + 1) (c : acc)
  [] -> Left "unterminated string"

num :: P JSON
num s p =
  let (sign, s1) = case s of ('-' : r) -> ("-", r); _ -> ("", s)
      (intPart, s2) = span isDigit s1
      (frac, s3) = case s2 of ('.' : r) -> let (f, r') = span isDigit r in ('.' : f, r'); _ -> ("", s2)
      (ex, s4) = case s3 of
        (e : r) | e `elem` "eE" -> let (sg, r1) = span (`elem` "+-") r; (ds, r2) = span isDigit r1 in ('e' : filter (/= '+') sg ++ ds, r2)
        _ -> ("", s3)
      txt = sign ++ intPart ++ (if null frac then "" else frac ++ (if frac == "." then "0" else "")) ++ ex
      consumed = length s - length s4
  in if null intPart then Left ("bad number at offset " ++ show p)
     else Right (JNumber (read (if null frac && not (null ex) then sign ++ intPart ++ ".0" ++ ex else txt)), s4, p + consumed)

array :: P JSON
array s0 p0 = let (s, p) = skip s0 p0 in case s of
  ']' : r -> Right (JArray [], r, p + 1)
  _ -> go s p []
  where
    go s p acc = do
      (v, r, p1) <- value s p
      let (r', p2) = skip r p1
      case r' of
        ',' : r2 -> go r2 (p2 + 1) (v : acc)
        ']' : r2 -> Right (JArray (reverse (v : acc)), r2, p2 + 1)
        _ -> Left ("expected , or ] at offset " ++ show p2)

object :: P JSON
object s0 p0 = let (s, p) = skip s0 p0 in case s of
  '}' : r -> Right (JObject [], r, p + 1)
  _ -> go s p []
  where
    go s0' p0' acc = do
      let (s, p) = skip s0' p0'
      (k, r, p1) <- case s of
        '"' : r -> stringBody r (p + 1) ""
        _ -> Left ("expected key at offset " ++ show p)
      let (r1, p2) = skip r p1
      case r1 of
        ':' : r2 -> do
          (v, r3, p3) <- value r2 (p2 + 1)
          let (r4, p4) = skip r3 p3
          case r4 of
            ',' : r5 -> go r5 (p4 + 1) ((k, v) : acc)
            '}' : r5 -> Right (JObject (reverse ((k, v) : acc)), r5, p4 + 1)
            _ -> Left ("expected , or } at offset " ++ show p4)
        _ -> Left ("expected : at offset " ++ show p2)

-- queries -------------------------------------------------------------------

path :: [String] -> JSON -> Maybe JSON
path [] j = Just j
path (k : ks) (JObject kvs) = lookup k kvs >>= path ks
path (k : ks) (JArray xs) | all isDigit k, read k < length xs = path ks (xs !! read k)
path _ _ = Nothing

depth :: JSON -> Int
depth (JArray xs) = 1 + maximum (0 : map depth xs)
depth (JObject kvs) = 1 + maximum (0 : map (depth . snd) kvs)
depth _ = 0

main :: IO ()
main = do
  let people = [ Person "Ada" 36 ["Analytical Engine"] Nothing 99.5
               , Person "Grace" 85 ["COBOL", "FLOW-MATIC"] (Just "Navy") 97.25
               , Person "Simon \"SPJ\"" 60 ["Haskell", "C--"] (Just "MSR") 1e3 ]
      doc = JObject [ ("people", toJSON people)
                    , ("tags", toJSON (M.fromList [("lazy", True), ("pure", True), ("strict", False)]))
                    , ("pairs", toJSON [(1 :: Int, "one"), (2, "two")])
                    , ("unicode", toJSON "λ → 😀 \"quoted\"\n\ttab")
                    , ("numbers", toJSON [0, -1.5, 1e21, 3.14159, 1 / 3, 100 :: Double])
                    , ("nothing", toJSON (Nothing :: Maybe Int))
                    , ("empty", JArray []), ("emptyObj", JObject []) ]
  putStrLn (compact doc)
  putStrLn (pretty doc)
  print (parseJSON (compact doc) == Right doc, parseJSON (pretty doc) == Right doc)
  print (fmap compact (path ["people", "1", "languages"] doc), fmap compact (path ["people", "9"] doc), depth doc)
  let inputs =
        [ "{\"a\": [1, 2, {\"b\": null}], \"c\": \"\\u00e9\\ud83d\\ude00\\n\", \"d\": -0.5e2, \"e\": 1E3}"
        , "[true, false, null, \"x\", 12, 1.5, [], {}]"
        , "   42   "
        , "[1, 2,, 3]"
        , "{\"key\" 1}"
        , "\"unterminated"
        , "[1] extra"
        , "{\"bad\": \"\\q\"}"
        , "nul"
        ]
  mapM_ (\i -> putStrLn (i ++ "\n  => " ++ either ("error: " ++) compact (parseJSON i))) inputs
  let big = JArray [JObject [("id", JNumber (fromIntegral k)), ("sq", JNumber (fromIntegral (k * k))), ("even", JBool (even k))] | k <- [1 .. 200 :: Int]]
      txt = compact big
  print (length txt, fmap (length . (\(JArray xs) -> xs)) (either (const Nothing) Just (parseJSON txt)))
  print (sum [n | JObject kvs <- (\(JArray xs) -> xs) big, Just (JNumber n) <- [lookup "sq" kvs]])
