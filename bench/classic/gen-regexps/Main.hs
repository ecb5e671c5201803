-- gen-regexps: expands small regular expressions into every string they match (in the
-- spirit of nofib spectral/gen_regexps): a hand-written parser for literals, classes
-- [a-z], numeric ranges <1-20>, alternation (a|b) and groups, then the expansion as a
-- cartesian product of string lists. String- and list-heavy.
module Main (main) where

import Data.Char (isDigit)
import System.Environment (getArgs)

data Re = Lit Char | Class [Char] | Range Int Int | Alt [Re] | Seq [Re]

parseSeq :: String -> ([Re], String)
parseSeq s = case s of
  [] -> ([], [])
  (c : _) | c == ')' || c == '|' -> ([], s)
  _ -> let (r, s') = parseAtom s; (rs, s'') = parseSeq s' in (r : rs, s'')

parseAlt :: String -> ([Re], String)
parseAlt s =
  let (r, s') = parseSeq s
   in case s' of
        ('|' : rest) -> let (rs, s'') = parseAlt rest in (Seq r : rs, s'')
        _ -> ([Seq r], s')

parseAtom :: String -> (Re, String)
parseAtom ('[' : s) = let (cls, rest) = break (== ']') s in (Class (expand cls), drop 1 rest)
  where
    expand (a : '-' : b : more) = [a .. b] ++ expand more
    expand (a : more) = a : expand more
    expand [] = []
parseAtom ('<' : s) =
  let (lo, r1) = span isDigit s
      (hi, r2) = span isDigit (drop 1 r1)
   in (Range (read lo) (read hi), drop 1 r2)
parseAtom ('(' : s) = let (alts, rest) = parseAlt s in (Alt alts, drop 1 rest)
parseAtom ('\\' : c : s) = (Lit c, s)
parseAtom (c : s) = (Lit c, s)
parseAtom [] = error "parseAtom: empty"

gen :: Re -> [String]
gen (Lit c) = [[c]]
gen (Class cs) = map (: []) cs
gen (Range lo hi) = map show [lo .. hi]
gen (Alt rs) = concatMap gen rs
gen (Seq rs) = foldr (\r acc -> [x ++ y | x <- gen r, y <- acc]) [""] rs

regexp :: String -> Re
regexp s = case parseAlt s of
  (alts, "") -> Alt alts
  (_, rest) -> error ("trailing input: " ++ rest)

main :: IO ()
main = do
  [a] <- getArgs
  let k = read a :: Int
      res =
        [ "[a-t][a-e](x|yy|zzz)<1-" ++ show k ++ ">"
        , "(ab|c[0-9]d|e(f|g)h)<5-20>[A-D](\\(|\\))"
        , "<1-" ++ show (10 * k) ++ ">-<1-" ++ show k ++ ">:[abc][0-2]"
        , "(foo|bar|baz)(_|-)(qu+x|[p-t]{2})[a-z]"
        ]
  mapM_
    ( \r -> do
        let ss = gen (regexp r)
        putStrLn (r ++ ": " ++ show (length ss) ++ " strings, " ++ show (sum (map length ss)) ++ " chars, "
                  ++ show (take 3 ss) ++ " .. " ++ show (last ss))
    )
    res
  let all' = concatMap (gen . regexp) res
  print (foldl (\h c -> (h * 31 + fromEnum c) `mod` 1000000007) 0 (concat all'))
