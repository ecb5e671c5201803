// The Image's byte format for the start-up cache (lower/image_file.h): an image read back is
// the one written, and damaged bytes — truncated, flipped, or well-formed but describing
// invalid code — are refused, never trusted.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>

#include "loader/large_stack.h"
#include "loader/load.h"
#include "lower/image_file.h"
#include "lower/lower.h"

namespace {

class ImageFile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stgvm::run_with_large_stack([] {
      auto program = stgvm::load_program(STGVM_SOURCE_DIR "/data/examples/hello.fullpak");
      image_ = new stgvm::Image(stgvm::lower_program(*program));
    });
    bytes_ = new std::vector<uint8_t>(stgvm::encode_image(*image_));
  }
  static std::string decode(const std::vector<uint8_t>& b, stgvm::Image& out) {
    return stgvm::decode_image(b.data(), b.size(), out);
  }
  static stgvm::Image* image_;
  static std::vector<uint8_t>* bytes_;
};
stgvm::Image* ImageFile::image_ = nullptr;
std::vector<uint8_t>* ImageFile::bytes_ = nullptr;

TEST_F(ImageFile, ReadBackIsTheImageWritten) {
  stgvm::Image back;
  ASSERT_EQ(decode(*bytes_, back), "");
  back.regions = image_->regions;  // (planned again on load, not stored)
  EXPECT_EQ(stgvm::image_hash(back), stgvm::image_hash(*image_));
  EXPECT_EQ(back.names, image_->names);
  EXPECT_EQ(back.labels, image_->labels);
  EXPECT_EQ(back.main_closure, image_->main_closure);
  EXPECT_EQ(back.blocked_on_mvar, image_->blocked_on_mvar);
  EXPECT_EQ(back.static_bytes, image_->static_bytes);
  ASSERT_EQ(back.blocks.size(), image_->blocks.size());
  for (size_t i = 0; i < back.blocks.size(); ++i) {
    EXPECT_EQ(back.blocks[i].in_ptrs, image_->blocks[i].in_ptrs);
    EXPECT_EQ(back.blocks[i].thunk_entry, image_->blocks[i].thunk_entry);
  }
  EXPECT_EQ(stgvm::encode_image(back), *bytes_);  // and writing it again gives the same bytes
}

// With something keeping the bytes alive (a mapped cache entry), the large arrays are read
// where they lie, and the image is the same.
TEST_F(ImageFile, ReadInPlaceIsTheImageWrittenAndCopiesNoArray) {
  auto kept = std::make_shared<std::vector<uint8_t>>(*bytes_);
  const uint8_t* lo = kept->data();
  const uint8_t* hi = lo + kept->size();
  stgvm::Image back;
  ASSERT_EQ(stgvm::decode_image(kept->data(), kept->size(), back, kept), "");
  back.regions = image_->regions;
  EXPECT_EQ(stgvm::image_hash(back), stgvm::image_hash(*image_));
  auto inside = [&](const void* p) { return p >= lo && p < hi; };
  EXPECT_TRUE(inside(back.code.data()));
  EXPECT_TRUE(inside(back.blocks.data()));
  EXPECT_TRUE(inside(back.pool.data()));
  EXPECT_TRUE(inside(back.static_bytes.data()));
  stgvm::Image copy = back;  // (copies share the bytes, and keep them)
  kept.reset();
  back = stgvm::Image{};
  EXPECT_EQ(stgvm::encode_image(copy), *bytes_);
  copy.code.own();  // changing one makes it the image's own, with the same contents
  EXPECT_FALSE(inside(copy.code.data()));
  EXPECT_EQ(stgvm::encode_image(copy), *bytes_);
}

TEST_F(ImageFile, EveryTruncationIsRefused) {
  stgvm::Image out;
  size_t n = bytes_->size();
  for (size_t len = 0; len < n; len += (len < 256 || n - len < 256) ? 1 : 4099) {
    std::vector<uint8_t> cut(bytes_->begin(), bytes_->begin() + len);
    EXPECT_NE(decode(cut, out), "") << "length " << len;
  }
}

TEST_F(ImageFile, FlippedBytesAreRefused) {
  stgvm::Image out;
  for (size_t at = 0; at < bytes_->size(); at += 7919) {
    std::vector<uint8_t> b = *bytes_;
    b[at] ^= 0x20;
    EXPECT_NE(decode(b, out), "") << "byte " << at;
  }
}

// Well-formed bytes with a valid checksum that describe code an executor must not run.
TEST_F(ImageFile, InvalidCodeIsRefusedEvenWithAValidChecksum) {
  auto refused = [](stgvm::Image img, const char* what) {
    std::vector<uint8_t> b = stgvm::encode_image(img);
    stgvm::Image out;
    std::string why = stgvm::decode_image(b.data(), b.size(), out);
    EXPECT_NE(why, "") << what;
  };
  {
    stgvm::Image img = *image_;
    for (auto& in : img.code.own())
      if (in.op == stgvm::ir::Op::Jump) {
        in.imm = img.blocks.size() + 5;
        break;
      }
    refused(img, "jump to a missing block");
  }
  // A pc to go on at (ir.h, Jump) is only for a block's jump to itself, to an earlier pc.
  {
    stgvm::Image img = *image_;
    uint32_t self = 0, at = 0;  // a block's own loop, and where in img.code its jump is
    for (uint32_t b = 1; b < img.blocks.size() && !self; ++b)
      for (uint32_t pc = 0; pc < img.blocks[b].count; ++pc)
        if (const auto& in = img.code[img.blocks[b].first + pc]; in.op == stgvm::ir::Op::Jump && in.b) {
          self = b, at = img.blocks[b].first + pc;
          break;
        }
    ASSERT_NE(self, 0u) << "hello world has a loop that skips register reads";
    stgvm::Image later = img;
    later.code[at].b = at - img.blocks[self].first;  // the jump itself
    refused(later, "go on at the jump itself");
    stgvm::Image elsewhere = img;
    elsewhere.code[at].imm = self == 1 ? 2 : 1;  // another block's pc
    refused(elsewhere, "go on in a jump to another block");
  }
  {
    stgvm::Image img = *image_;
    img.code[img.blocks[1].first].op = stgvm::ir::Op(200);
    refused(img, "unknown operation");
  }
  {
    stgvm::Image img = *image_;
    img.blocks.back().name = uint32_t(img.names.size());
    refused(img, "name out of range");
  }
  {
    stgvm::Image img = *image_;
    for (auto& in : img.code.own())
      if (in.op == stgvm::ir::Op::PrimOp) {
        in.imm = 1u << 20;
        break;
      }
    refused(img, "unknown primop");
  }
  // Static reference tables the collector would read outside the static image.
  {
    stgvm::Image img = *image_;
    img.srt.table = img.static_end();
    refused(img, "static reference table out of range");
  }
  {
    stgvm::Image img = *image_;
    img.srt.relevant_end = img.static_end() + 8;
    refused(img, "static reference bitmap out of range");
  }
  {
    stgvm::Image img = *image_;  // one block's table pointing past the static image
    uint32_t b = 1;
    while (b < img.srt.blocks && !img.static_word(img.srt.table + 4 * b, 4)) ++b;
    ASSERT_LT(b, img.srt.blocks) << "hello world has static reference tables";
    uint32_t entry = img.srt.table + 4 * b - stgvm::layout::kStaticBase, end = img.static_end();
    std::memcpy(&img.static_bytes.own()[entry], &end, 4);
    refused(img, "a block's static reference table out of range");
  }
  {
    stgvm::Image img = *image_;  // a table whose length runs past the static image
    uint32_t b = 1;
    while (b < img.srt.blocks && !img.static_word(img.srt.table + 4 * b, 4)) ++b;
    ASSERT_LT(b, img.srt.blocks);
    uint32_t t = uint32_t(img.static_word(img.srt.table + 4 * b, 4));
    uint64_t n = img.static_bytes.size();
    std::memcpy(&img.static_bytes.own()[t - stgvm::layout::kStaticBase], &n, 8);
    refused(img, "a static reference table's length out of range");
  }
}

}  // namespace
