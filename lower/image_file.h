// An Image as bytes, for the start-up cache (cli/image_cache.h): everything an executor
// consumes except the region plan, which depends on the run's sizes and is made again on
// load. Decoding checks every count against the bytes that remain and the whole against a
// checksum, then verifies the code (verify_image): a damaged file is an error, never trusted.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lower/image.h"

namespace stgvm {

std::vector<uint8_t> encode_image(const Image& img);
// "" and `img` filled, or what is wrong with the bytes. With `keep` (something that keeps p's
// bytes alive and unchanged, e.g. the mapped file), the large arrays are read in place when p
// is 8-byte aligned; without, they are copied.
std::string decode_image(const uint8_t* p, size_t n, Image& img, std::shared_ptr<const void> keep = nullptr);

}  // namespace stgvm
