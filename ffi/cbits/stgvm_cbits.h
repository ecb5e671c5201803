/* stgvm: base's C code vendored in ffi/cbits (WCsubst.c, md5.c, primFloat.c; see README.md)
 * is compiled with every external symbol prefixed by stgvm_cbits_ (this header is
 * force-included into those files), so a natively compiled copy of the same code (the test
 * oracle) can be linked next to it. C++ shims include it for the prototypes. */
#pragma once

#define u_iswupper stgvm_cbits_u_iswupper
#define u_iswdigit stgvm_cbits_u_iswdigit
#define u_iswalpha stgvm_cbits_u_iswalpha
#define u_iswcntrl stgvm_cbits_u_iswcntrl
#define u_iswspace stgvm_cbits_u_iswspace
#define u_iswprint stgvm_cbits_u_iswprint
#define u_iswlower stgvm_cbits_u_iswlower
#define u_iswalnum stgvm_cbits_u_iswalnum
#define u_towlower stgvm_cbits_u_towlower
#define u_towupper stgvm_cbits_u_towupper
#define u_towtitle stgvm_cbits_u_towtitle
#define u_gencat stgvm_cbits_u_gencat

#define __hsbase_MD5Init stgvm_cbits_MD5Init
#define __hsbase_MD5Update stgvm_cbits_MD5Update
#define __hsbase_MD5Final stgvm_cbits_MD5Final
#define __hsbase_MD5Transform stgvm_cbits_MD5Transform

#define isDoubleFinite stgvm_cbits_isDoubleFinite
#define isDoubleNaN stgvm_cbits_isDoubleNaN
#define isDoubleInfinite stgvm_cbits_isDoubleInfinite
#define isDoubleDenormalized stgvm_cbits_isDoubleDenormalized
#define isDoubleNegativeZero stgvm_cbits_isDoubleNegativeZero
#define isFloatFinite stgvm_cbits_isFloatFinite
#define isFloatNaN stgvm_cbits_isFloatNaN
#define isFloatInfinite stgvm_cbits_isFloatInfinite
#define isFloatDenormalized stgvm_cbits_isFloatDenormalized
#define isFloatNegativeZero stgvm_cbits_isFloatNegativeZero
#define rintFloat stgvm_cbits_rintFloat
#define rintDouble stgvm_cbits_rintDouble

#if defined(__cplusplus)
#include <cstdint>
extern "C" {
int64_t u_iswupper(int64_t);
int64_t u_iswdigit(int64_t);
int64_t u_iswalpha(int64_t);
int64_t u_iswcntrl(int64_t);
int64_t u_iswspace(int64_t);
int64_t u_iswprint(int64_t);
int64_t u_iswlower(int64_t);
int64_t u_iswalnum(int64_t);
int64_t u_towlower(int64_t);
int64_t u_towupper(int64_t);
int64_t u_towtitle(int64_t);
int64_t u_gencat(int64_t);

struct MD5Context {
  uint32_t buf[4];
  uint32_t bytes[2];
  uint32_t in[16];
};
void __hsbase_MD5Init(struct MD5Context* context);
void __hsbase_MD5Update(struct MD5Context* context, uint8_t const* buf, int len);
void __hsbase_MD5Final(uint8_t digest[16], struct MD5Context* context);

int64_t isDoubleFinite(double);
int64_t isDoubleNaN(double);
int64_t isDoubleInfinite(double);
int64_t isDoubleDenormalized(double);
int64_t isDoubleNegativeZero(double);
int64_t isFloatFinite(float);
int64_t isFloatNaN(float);
int64_t isFloatInfinite(float);
int64_t isFloatDenormalized(float);
int64_t isFloatNegativeZero(float);
float rintFloat(float);
double rintDouble(double);
}
#endif
