-- stm, time, filepath and pretty: the stm package's TChan/TQueue/TBQueue/TMVar/TSem between
-- worker threads (results gathered in a deterministic order), Data.Time's calendar and
-- clock arithmetic, formatting and parsing on fixed times (and a sleep measured with
-- getCurrentTime), System.FilePath's path algebra, and Text.PrettyPrint layouts.
module Main (main) where

import Control.Concurrent
import Control.Concurrent.STM
import Control.Concurrent.STM.TSem
import Control.Monad
import Data.List (sort)
import Data.Time
import Data.Time.Calendar.OrdinalDate (toOrdinalDate)
import Data.Time.Calendar.WeekDate (toWeekDate)
import Data.Time.Clock.POSIX (posixSecondsToUTCTime, utcTimeToPOSIXSeconds)
import System.FilePath
import Prelude hiding ((<>))
import Text.PrettyPrint

-- stm ------------------------------------------------------------------------------------

pipeline :: IO ()
pipeline = do
  jobs <- newTBQueueIO 4
  results <- newTChanIO
  done <- newTVarIO (0 :: Int)
  sem <- atomically (newTSem 2)
  active <- newTVarIO (0 :: Int)
  peak <- newTVarIO (0 :: Int)
  let worker w = forever $ do
        j <- atomically (readTBQueue jobs)
        atomically $ waitTSem sem >> modifyTVar' active (+ 1) >> readTVar active >>= \a -> modifyTVar' peak (max a)
        let r = sum [1 .. j * 1000 :: Integer]
        r `seq` atomically (modifyTVar' active (subtract 1) >> signalTSem sem)
        atomically $ writeTChan results (j, w, r) >> modifyTVar' done (+ 1)
  forM_ [1 .. 3 :: Int] (forkIO . worker)
  forM_ [1 .. 20] (atomically . writeTBQueue jobs)
  atomically $ readTVar done >>= \d -> check (d == 20)
  rs <- replicateM 20 (atomically (readTChan results))
  print (sort [(j, r) | (j, _, r) <- rs])
  p <- readTVarIO peak
  print (p >= 1 && p <= 2)

queues :: IO ()
queues = do
  q <- newTQueueIO
  atomically $ mapM_ (writeTQueue q) "hello"
  atomically $ unGetTQueue q '>'
  s <- atomically $ flushTQueue q
  e <- atomically $ isEmptyTQueue q
  print (s, e)
  mv <- newEmptyTMVarIO
  reply <- newEmptyMVar
  _ <- forkIO $ do
    v <- atomically $ takeTMVar mv
    putMVar reply (v * 2 :: Int)
  atomically $ putTMVar mv 21
  takeMVar reply >>= print
  r <- atomically $ (readTMVar mv >> return "full") `orElse` return "empty"
  putStrLn r
  bc <- newBroadcastTChanIO
  c1 <- atomically $ dupTChan bc
  c2 <- atomically $ dupTChan bc
  atomically $ mapM_ (writeTChan bc) [1, 2, 3 :: Int]
  xs <- atomically $ replicateM 3 (readTChan c1)
  y <- atomically $ readTChan c2
  print (xs, y)
  tv <- newTVarIO (10 :: Int)
  old <- atomically $ swapTVar tv 20
  atomically $ stateTVar tv (\v -> (v, v + 1)) >>= \v -> modifyTVar tv (* v)
  readTVarIO tv >>= \v -> print (old, v)

-- time -----------------------------------------------------------------------------------

timeDemo :: IO ()
timeDemo = do
  let d = fromGregorian 2024 2 28
  print (d, addDays 1 d, addDays 2 d, toGregorian (addDays 366 d), diffDays (fromGregorian 2025 1 1) d)
  print (toWeekDate d, toOrdinalDate d, dayOfWeek d, isLeapYear 2024, isLeapYear 2100, gregorianMonthLength 2023 2)
  print (addGregorianMonthsClip 1 (fromGregorian 2024 1 31), addGregorianMonthsRollOver 1 (fromGregorian 2024 1 31), addGregorianYearsClip 1 (fromGregorian 2024 2 29))
  let t = UTCTime (fromGregorian 2001 9 9) (secondsToDiffTime 6400)
      t2 = addUTCTime (nominalDay * 3 + 3723.5) t
  print (t, t2, diffUTCTime t2 t, utcTimeToPOSIXSeconds t, posixSecondsToUTCTime 1234567890)
  putStrLn (formatTime defaultTimeLocale "%Y-%m-%d %H:%M:%S %A %B %j %U %a %b %e %p %Z" t2)
  putStrLn (formatTime defaultTimeLocale "%F %T%Q | %s | %D | %R | %C %y %G-W%V-%u" t2)
  let lt = utcToLocalTime (hoursToTimeZone (-5)) t
      zt = utcToZonedTime (minutesToTimeZone 330) t
  print (lt, zt, localTimeToUTC (hoursToTimeZone (-5)) lt == t, timeToTimeOfDay 45296.25, timeOfDayToTime (TimeOfDay 23 59 59.5))
  print (parseTimeM True defaultTimeLocale "%Y-%m-%d %H:%M" "2020-02-29 13:45" :: Maybe UTCTime)
  print (parseTimeM True defaultTimeLocale "%d/%m/%Y" "31/04/2021" :: Maybe Day, parseTimeM True defaultTimeLocale "%d/%m/%Y" "30/04/2021" :: Maybe Day)
  print (read "2019-12-31 23:59:60 UTC" :: UTCTime, showGregorian (ModifiedJulianDay 0), toModifiedJulianDay (fromGregorian 1858 11 17))
  print (calendarTimeTime 1000000 :: CalendarDiffTime, scaleCalendarDiffDays 3 (CalendarDiffDays 1 2))
  before <- getCurrentTime
  threadDelay 200000
  after <- getCurrentTime
  let slept = diffUTCTime after before
  print (slept >= 0.2, slept < 5)

-- filepath -------------------------------------------------------------------------------

pathDemo :: IO ()
pathDemo = do
  let p = "/usr/local/lib/../share/doc/pkg-1.0/README.tar.gz"
  print (takeFileName p, takeBaseName p, takeExtension p, takeExtensions p, takeDirectory p, dropExtensions p)
  print (splitPath p, splitDirectories p, normalise "a//b/./c/", "dir" </> "sub" </> "file.txt", "a/b" </> "/abs")
  print (replaceExtension "x/y.hs" "o", addExtension "lib" "so", "file" <.> "txt", splitExtension "archive.tar.xz")
  print (makeRelative "/home/user" "/home/user/src/Main.hs", isAbsolute "/x", isRelative "x/y", isValid "", hasTrailingPathSeparator "d/")
  print (joinPath ["a", "b", "c.d"], splitSearchPath "/bin:/usr/bin::/opt/bin", equalFilePath "a/b" "a/b/", dropTrailingPathSeparator "dir///")
  print (stripExtension "gz" "f.tar.gz", replaceFileName "/a/b/c.txt" "d.md", replaceBaseName "/a/b/c.txt" "e", isExtensionOf "gz" "x.tar.gz")

-- pretty ---------------------------------------------------------------------------------

data Json = JNull | JBool Bool | JNum Double | JStr String | JArr [Json] | JObj [(String, Json)]

pp :: Json -> Doc
pp JNull = text "null"
pp (JBool b) = text (if b then "true" else "false")
pp (JNum n) = double n
pp (JStr s) = doubleQuotes (text s)
pp (JArr xs) = brackets (fsep (punctuate comma (map pp xs)))
pp (JObj kvs) = braces (nest 2 (vcat (punctuate comma [hang (doubleQuotes (text k) <> colon) 4 (pp v) | (k, v) <- kvs])))

prettyDemo :: IO ()
prettyDemo = do
  let doc = JObj [ ("name", JStr "stgvm"), ("version", JNum 0.1), ("tags", JArr (map JStr (words "haskell stg vm wasm interpreter profiler deterministic"))),
                   ("nested", JObj [("empty", JArr []), ("flags", JArr [JBool True, JBool False, JNull])]), ("numbers", JArr (map JNum [1 .. 25])) ]
  putStrLn (render (pp doc))
  putStrLn (renderStyle style { lineLength = 40 } (pp doc))
  putStrLn (renderStyle style { mode = OneLineMode } (pp doc))
  putStrLn (renderStyle style { mode = LeftMode } (pp (JArr [JNum 1, JObj [("k", JNull)]])))
  print (text "a" $$ nest 4 (text "b") $+$ text "c", sep [text "short", text "words"], cat (replicate 3 (text "xy")))
  putStrLn (render (hsep [int 1, integer (2 ^ (70 :: Int)), rational 0.75, parens (char 'c' <+> float 1.5)]))

main :: IO ()
main = do
  pipeline
  queues
  timeDemo
  pathDemo
  prettyDemo
