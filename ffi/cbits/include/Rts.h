/* stgvm: stand-in for GHC's Rts.h, which primFloat.c includes only for WORDS_BIGENDIAN and
 * FLOAT_WORDS_BIGENDIAN (x86_64: little-endian, so neither is defined). Not part of GHC. */
#pragma once
