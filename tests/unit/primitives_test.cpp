// §2.2 primitive encodings: BinaryReader and the Integer / Rational forms.
#include <gtest/gtest.h>

#include <climits>

#include "examples.h"
#include "loader/binary_reader.h"
#include "loader/bigint.h"
#include "stgbin_builder.h"
#include "test_util.h"

using namespace stgvm;
using stgb::hex;
using stgtest::catch_load_error;

namespace {

BinaryReader reader(const std::string& b) { return BinaryReader(reinterpret_cast<const uint8_t*>(b.data()), b.size()); }

TEST(BinaryReader, IntMinusOneFromSpec) {
  std::string b = hex("ff ff ff ff ff ff ff ff");
  auto r = reader(b);
  EXPECT_EQ(r.i64(), -1);
  EXPECT_TRUE(r.at_end());
}

TEST(BinaryReader, IntIsBigEndianTwosComplement) {
  std::string b = hex("00 00 00 00 00 00 01 02  80 00 00 00 00 00 00 00  7f ff ff ff ff ff ff ff");
  auto r = reader(b);
  EXPECT_EQ(r.i64(), 258);
  EXPECT_EQ(r.i64(), INT64_MIN);
  EXPECT_EQ(r.i64(), INT64_MAX);
  EXPECT_EQ(r.offset(), 24u);
}

TEST(BinaryReader, Int32ForIntegerSmallForm) {
  std::string b = hex("ff ff ff fb 7f ff ff ff");
  auto r = reader(b);
  EXPECT_EQ(r.i32(), -5);
  EXPECT_EQ(r.i32(), INT32_MAX);
}

TEST(BinaryReader, TruncatedIntThrowsWithOffset) {
  std::string b = hex("00 00 00 00 00 00 00 01  00 00 00");
  auto r = reader(b);
  EXPECT_EQ(r.i64(), 1);
  auto e = catch_load_error([&] { r.i64(); });
  EXPECT_EQ(e.offset, 8);
}

TEST(BinaryReader, CharOneToFourBytes) {
  // 'A', 'é' (c3 a9, from §2.2), U+0800, U+20AC, U+FFFF, U+10000, U+1F600, U+10FFFF
  std::string b = hex("41  c3 a9  e0 a0 80  e2 82 ac  ef bf bf  f0 90 80 80  f0 9f 98 80  f4 8f bf bf");
  auto r = reader(b);
  EXPECT_EQ(r.utf8_char(), 0x41u);
  EXPECT_EQ(r.utf8_char(), 0xE9u);
  EXPECT_EQ(r.offset(), 3u);
  EXPECT_EQ(r.utf8_char(), 0x800u);
  EXPECT_EQ(r.utf8_char(), 0x20ACu);
  EXPECT_EQ(r.utf8_char(), 0xFFFFu);
  EXPECT_EQ(r.utf8_char(), 0x10000u);
  EXPECT_EQ(r.utf8_char(), 0x1F600u);
  EXPECT_EQ(r.utf8_char(), 0x10FFFFu);
  EXPECT_TRUE(r.at_end());
}

TEST(BinaryReader, CharBuilderAgreesWithSpecExample) {
  EXPECT_EQ(stgb::Char(0xE9), hex("c3 a9"));
  EXPECT_EQ(stgb::Char(0xD800), hex("ed a0 80"));
  EXPECT_EQ(stgb::Char(0x1F600), hex("f0 9f 98 80"));
}

TEST(BinaryReader, LoneSurrogatesDecodeLeniently) {
  std::string b = hex("ed a0 80  ed bf bf");  // U+D800, U+DFFF as plain 3-byte sequences
  auto r = reader(b);
  EXPECT_EQ(r.utf8_char(), 0xD800u);
  EXPECT_EQ(r.utf8_char(), 0xDFFFu);
  EXPECT_TRUE(r.at_end());
}

TEST(BinaryReader, TruncatedMultiByteCharThrows) {
  for (const char* h : {"c3", "e2 82", "f0 9f 98"}) {
    std::string b = hex(h);
    auto r = reader(b);
    auto e = catch_load_error([&] { r.utf8_char(); });
    EXPECT_GE(e.offset, 0) << h;
  }
}

TEST(BinaryReader, ByteStringIsAViewIntoTheBuffer) {
  std::string b = hex("00 00 00 00 00 00 00 03 61 00 63  00 00 00 00 00 00 00 00");
  auto r = reader(b);
  std::string_view v = r.bytes();
  EXPECT_EQ(v, std::string_view("a\0c", 3));
  EXPECT_EQ(static_cast<const void*>(v.data()), static_cast<const void*>(b.data() + 8));
  EXPECT_EQ(r.bytes(), "");
  EXPECT_TRUE(r.at_end());
}

TEST(BinaryReader, NegativeByteStringLengthIsRejected) {
  std::string b = hex("ff ff ff ff ff ff ff ff 00 00");
  auto r = reader(b);
  auto e = catch_load_error([&] { r.bytes("name"); });
  EXPECT_EQ(e.offset, 0);
  EXPECT_NE(e.what_wrong.find("negative"), std::string::npos) << e.what_wrong;
}

TEST(BinaryReader, ByteStringLongerThanInputIsRejected) {
  std::string b = hex("00 00 00 00 00 00 00 04 61 62 63");
  auto r = reader(b);
  auto e = catch_load_error([&] { r.bytes(); });
  EXPECT_EQ(e.offset, 0);
  std::string huge = hex("7f ff ff ff ff ff ff ff 61");
  auto r2 = reader(huge);
  EXPECT_EQ(catch_load_error([&] { r2.bytes(); }).offset, 0);
}

TEST(BinaryReader, ListCounts) {
  std::string ok = hex("00 00 00 00 00 00 00 02 aa bb");
  auto r = reader(ok);
  EXPECT_EQ(r.list_count("xs", 1), 2u);

  std::string neg = hex("80 00 00 00 00 00 00 00");
  auto r2 = reader(neg);
  EXPECT_EQ(catch_load_error([&] { r2.list_count("xs", 1); }).offset, 0);

  // 3 elements of at least 2 bytes cannot fit in 5 bytes.
  std::string big = hex("00 00 00 00 00 00 00 03 01 02 03 04 05");
  auto r3 = reader(big);
  EXPECT_EQ(catch_load_error([&] { r3.list_count("xs", 2); }).offset, 0);
}

TEST(BinaryReader, Bool) {
  std::string b = hex("00 01 02");
  auto r = reader(b);
  EXPECT_FALSE(r.boolean());
  EXPECT_TRUE(r.boolean());
  auto e = catch_load_error([&] { r.boolean(); });
  EXPECT_EQ(e.offset, 2);
}

TEST(BinaryReader, TagAcceptsBelowCountRejectsCount) {
  std::string b = hex("04 05");
  auto r = reader(b);
  EXPECT_EQ(r.tag(5, "CCallConv"), 4);
  auto e = catch_load_error([&] { r.tag(5, "CCallConv"); });
  EXPECT_EQ(e.offset, 1);
  EXPECT_NE(e.what_wrong.find("CCallConv"), std::string::npos);
}

TEST(BinaryReader, MaybeIntJustOneFromSpec) {
  std::string b = hex("01 00 00 00 00 00 00 00 01  00");
  auto r = reader(b);
  ASSERT_EQ(r.tag(2, "Maybe"), 1);
  EXPECT_EQ(r.i64(), 1);
  EXPECT_EQ(r.tag(2, "Maybe"), 0);
  EXPECT_TRUE(r.at_end());
}

// ---------------------------------------------------------------------------------------------
// Integer (decoded as the LitNumber of the worked example's body).

struct IntegerCase {
  const char* hex;
  bool small;
  const char* decimal;
  std::optional<int64_t> i64;
  std::optional<uint64_t> u64;
  uint64_t wrap;
};

void PrintTo(const IntegerCase& c, std::ostream* os) { *os << "Integer " << c.decimal << " [" << c.hex << "]"; }

class IntegerDecode : public ::testing::TestWithParam<IntegerCase> {};

TEST_P(IntegerDecode, FromSpecBytes) {
  const IntegerCase& c = GetParam();
  std::string bytes = stgtest::worked_example().substr(0, stgtest::kWorkedExampleIntegerAt) + hex(c.hex);
  stgtest::Decoded d;
  stg::Module* m = d.decode(bytes);
  auto* e = m->top_bindings[0].binding.rhss[0]->body;
  ASSERT_EQ(e->kind, stg::ExprKind::Lit);
  const stg::Lit* l = e->as<stg::ELit>()->lit;
  ASSERT_EQ(l->kind, stg::LitKind::Number);
  EXPECT_EQ(l->num.is_small(), c.small);
  EXPECT_EQ(l->num.to_decimal(), c.decimal);
  EXPECT_EQ(l->num.to_i64(), c.i64);
  EXPECT_EQ(l->num.to_u64(), c.u64);
  EXPECT_EQ(l->num.wrap_u64(), c.wrap);
}

INSTANTIATE_TEST_SUITE_P(
    Spec, IntegerDecode,
    ::testing::Values(
        // The five checked examples of §2.2.
        IntegerCase{"00 00 00 00 2a", true, "42", 42, 42, 42},
        IntegerCase{"00 ff ff ff fb", true, "-5", -5, std::nullopt, uint64_t(-5)},
        IntegerCase{"01 01 00 00 00 00 00 00 00 04 00 00 00 80", false, "2147483648", 2147483648LL, 2147483648ULL,
                    2147483648ULL},
        IntegerCase{"01 ff 00 00 00 00 00 00 00 09 00 00 00 00 00 00 00 00 01", false, "-18446744073709551616",
                    std::nullopt, std::nullopt, 0},
        IntegerCase{"01 01 00 00 00 00 00 00 00 08 ff ff ff ff ff ff ff ff", false, "18446744073709551615",
                    std::nullopt, UINT64_MAX, UINT64_MAX},
        // Boundaries built by the same rules: ±2^31-ish small form limits, ±2^63.
        IntegerCase{"00 80 00 00 00", true, "-2147483648", INT32_MIN, std::nullopt, uint64_t(int64_t(INT32_MIN))},
        IntegerCase{"00 7f ff ff ff", true, "2147483647", INT32_MAX, uint64_t(INT32_MAX), uint64_t(INT32_MAX)},
        IntegerCase{"01 ff 00 00 00 00 00 00 00 04 01 00 00 80", false, "-2147483649", -2147483649LL, std::nullopt,
                    uint64_t(-2147483649LL)},
        IntegerCase{"01 ff 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00 80", false, "-9223372036854775808", INT64_MIN,
                    std::nullopt, 0x8000000000000000ULL},
        IntegerCase{"01 01 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00 80", false, "9223372036854775808",
                    std::nullopt, 0x8000000000000000ULL, 0x8000000000000000ULL},
        IntegerCase{"01 01 00 00 00 00 00 00 00 08 ff ff ff ff ff ff ff 7f", false, "9223372036854775807", INT64_MAX,
                    uint64_t(INT64_MAX), uint64_t(INT64_MAX)},
        // 10^20 = 0x56BC75E2D63100000 (9 bytes)
        IntegerCase{"01 01 00 00 00 00 00 00 00 09 00 00 10 63 2d 5e c7 6b 05", false, "100000000000000000000",
                    std::nullopt, std::nullopt, 0x6BC75E2D63100000ULL}));

TEST(IntegerDecode, BuilderProducesSpecBytes) {
  EXPECT_EQ(stgb::Integer(42), hex("00 00 00 00 2a"));
  EXPECT_EQ(stgb::Integer(-5), hex("00 ff ff ff fb"));
  EXPECT_EQ(stgb::Integer(int64_t(1) << 31), hex("01 01 00 00 00 00 00 00 00 04 00 00 00 80"));
  EXPECT_EQ(stgb::IntegerU64(UINT64_MAX), hex("01 01 00 00 00 00 00 00 00 08 ff ff ff ff ff ff ff ff"));
  EXPECT_EQ(stgb::IntegerMag(true, stgb::Mag::bits({64})), hex("01 ff 00 00 00 00 00 00 00 09 00 00 00 00 00 00 00 00 01"));
  EXPECT_EQ(stgb::Rational(stgb::Integer(3), stgb::Integer(2)), hex("00 00 00 00 03 00 00 00 00 02"));
  EXPECT_EQ(stgb::Mag::from_decimal("100000000000000000000").le,
            (std::vector<uint8_t>{0x00, 0x00, 0x10, 0x63, 0x2d, 0x5e, 0xc7, 0x6b, 0x05}));
}

TEST(IntegerDecode, BadFormTagAndSignByte) {
  std::string prefix = stgtest::worked_example().substr(0, stgtest::kWorkedExampleIntegerAt);
  auto e = stgtest::decode_error(prefix + hex("02 00 00 00 2a"));
  EXPECT_EQ(e.offset, int64_t(stgtest::kWorkedExampleIntegerAt));
  auto e2 = stgtest::decode_error(prefix + hex("01 02 00 00 00 00 00 00 00 01 05"));
  EXPECT_EQ(e2.offset, int64_t(stgtest::kWorkedExampleIntegerAt + 1));
  // Magnitude count larger than the input.
  auto e3 = stgtest::decode_error(prefix + hex("01 01 00 00 00 00 00 00 00 09 01 02"));
  EXPECT_EQ(e3.offset, int64_t(stgtest::kWorkedExampleIntegerAt + 2));
  // Negative magnitude count.
  auto e4 = stgtest::decode_error(prefix + hex("01 01 ff ff ff ff ff ff ff ff"));
  EXPECT_EQ(e4.offset, int64_t(stgtest::kWorkedExampleIntegerAt + 2));
}

TEST(IntegerDecode, OversizedMagnitudeIsRejectedByTheLimit) {
  std::string prefix = stgtest::worked_example().substr(0, stgtest::kWorkedExampleIntegerAt);
  std::vector<uint8_t> mag(64, 0x11);
  DecodeLimits lim;
  lim.max_integer_bytes = 32;
  auto e = stgtest::decode_error(prefix + stgb::IntegerBig(false, mag), lim);
  EXPECT_EQ(e.offset, int64_t(stgtest::kWorkedExampleIntegerAt));
  lim.max_integer_bytes = 64;
  stgtest::Decoded d;
  EXPECT_NO_THROW(d.decode(prefix + stgb::IntegerBig(false, mag), lim));
}

TEST(RationalDecode, ThreeHalvesFromSpec) {
  // LitDouble (tag 4) followed by the §2.2 bytes of Rational 3/2.
  std::string bytes = stgtest::worked_example_with_lit(hex("04") + hex("00 00 00 00 03 00 00 00 00 02"));
  stgtest::Decoded d;
  stg::Module* m = d.decode(bytes);
  const stg::Lit* l = m->top_bindings[0].binding.rhss[0]->body->as<stg::ELit>()->lit;
  ASSERT_EQ(l->kind, stg::LitKind::Double);
  EXPECT_EQ(l->num.to_decimal(), "3");
  EXPECT_EQ(l->den.to_decimal(), "2");
  EXPECT_EQ(rational_to_double(l->num, l->den), 1.5);
  EXPECT_EQ(rational_to_float(l->num, l->den), 1.5f);
}

TEST(RationalDecode, ZeroDenominatorIsRejected) {
  std::string bytes = stgtest::worked_example_with_lit(hex("03") + stgb::Rational(stgb::Integer(1), stgb::Integer(0)));
  auto e = stgtest::decode_error(bytes);
  EXPECT_EQ(e.offset, int64_t(stgtest::kWorkedExampleLitAt + 1));
}

}  // namespace
