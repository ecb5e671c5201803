// Byte sequences copied verbatim from extstg-format.md §2.5.
#pragma once
#include <string>

#include "stgbin_builder.h"

namespace stgtest {

// §2.5 worked example: module main:Main, one top binding x_r1 = \u [] -> 42 (141 bytes).
inline std::string worked_example() {
  return stgb::hex(
      "00 00 00 00 00 00 00 03  73 74 67"     // 0000 modulePhase = "stg"
      "00 00 00 00 00 00 00 04  6d 61 69 6e"  // 000b moduleUnitId = "main"
      "00 00 00 00 00 00 00 04  4d 61 69 6e"  // 0017 moduleName = "Main"
      "00"                                    // 0023 moduleSourceFilePath = Nothing
      "00"                                    // 0024 NoStubs
      "00"                                    // 0025 moduleHasForeignExported = False
      "00 00 00 00 00 00 00 00"               // 0026 moduleDependency = []
      "00 00 00 00 00 00 00 00"               // 002e moduleExternalTopIds = []
      "00 00 00 00 00 00 00 00"               // 0036 moduleTyCons = []
      "00 00 00 00 00 00 00 01"               // 003e moduleTopBindings: 1
      "00"                                    // 0046 StgTopLifted
      "00"                                    // 0047 StgNonRec
      "00 00 00 00 00 00 00 01  78"           // 0048 name "x"
      "72  00 00 00 00 00 00 00 01"           // 0051 Unique 'r' 1
      "00 01"                                 // 005a SingleValue LiftedRep
      "00 00 00 00 00 00 00 03  49 6e 74"     // 005c typeSig "Int"
      "00"                                    // 0067 ModulePublic
      "00"                                    // 0068 VanillaId
      "00 00 00 00 00 00 00 00"               // 0069 IdInfo ""
      "01 00"                                 // 0071 UnhelpfulSpan NoLocationInfo
      "00"                                    // 0073 StgRhsClosure
      "00 00 00 00 00 00 00 00"               // 0074 free vars []
      "01"                                    // 007c Updatable
      "00 00 00 00 00 00 00 00"               // 007d params []
      "01"                                    // 0085 StgLit
      "06 00"                                 // 0086 LitNumber LitNumInt
      "00 00 00 00 2a");                      // 0088 Integer 42
}
constexpr size_t kWorkedExampleSize = 141;
constexpr size_t kWorkedExampleLitAt = 0x86;      // the Lit of the body
constexpr size_t kWorkedExampleIntegerAt = 0x88;  // the Integer of that Lit

// The worked example with the body literal replaced by `lit` (Lit encoding).
inline std::string worked_example_with_lit(const std::string& lit) {
  return worked_example().substr(0, kWorkedExampleLitAt) + lit;
}

}  // namespace stgtest
