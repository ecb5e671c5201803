/* stgvm: the subset of GHC's HsFFI.h (includes/HsFFI.h, x86_64) that base's cbits copied
 * into this directory need. Not part of GHC. */
#pragma once
#include <stdint.h>

typedef int64_t HsInt;
typedef int64_t HsInt64;
typedef uint64_t HsWord;
typedef float HsFloat;
typedef double HsDouble;
typedef int64_t HsBool;
