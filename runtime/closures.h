// Reading closures and stack frames through their info tables (lower/layout.h): what every
// part of the runtime library that walks the heap or a stack needs.
#pragma once
#include <cstdint>
#include <string>

#include "runtime/memory.h"

namespace stgvm {

// (kObservable: Memory::load64_as.)
template <bool kObservable = true>
inline uint32_t info_of(const Memory& m, uint64_t closure) { return uint32_t(m.load64_as<kObservable>(uint32_t(closure))); }
template <bool kObservable = true>
inline uint32_t type_of_info(const Memory& m, uint32_t info) { return m.load32_as<kObservable>(info + layout::kInfoType); }
// Constructor tag or function arity.
template <bool kObservable = true>
inline uint32_t hi_of_info(const Memory& m, uint32_t info) { return m.load32_as<kObservable>(info + layout::kInfoType + 4); }
// The info table of one of the runtime's own objects (layout::kRtsInfoTable).
template <bool kObservable = true>
inline uint32_t rts_info(const Memory& m, layout::RtsInfo i) { return m.load32_as<kObservable>(layout::kRtsInfoTable + 4 * i); }

// The size in words of the stack frame at `sp` (fatal for a word that is no frame: the
// stack is corrupt).
inline uint32_t frame_words(const Memory& m, uint32_t sp) {
  namespace L = layout;
  uint32_t info = uint32_t(m.load64(sp));
  uint32_t type = type_of_info(m, info);
  switch (type) {
    case L::UPDATE_FRAME: return L::kUpdateFrameWords;
    case L::CATCH_FRAME: return L::kCatchFrameWords;
    case L::STOP_FRAME: return 1;
    case L::RET_BIG: return uint32_t(m.load64(sp + 8));  // apply, resume and spill frames: size in word 1
    case L::RET_SMALL:
    case L::ATOMICALLY_FRAME: case L::CATCH_RETRY_FRAME: case L::CATCH_STM_FRAME: return m.load32(info + L::kInfoLayout);
    default: fatal(("corrupt stack: unknown frame type " + std::to_string(type)).c_str());
  }
}

}  // namespace stgvm
