// The element-access classification of primops (primops/element_access.h).
#include "primops/element_access.h"

#include <string_view>
#include <vector>

#include "primops/primop_table.h"

namespace stgvm {

using primops::PrimOpId;

namespace {

struct Access {
  enum Kind : uint8_t { None, Index, Read, Write } kind = None;
  bool addr = false;       // OffAddr# (else a byte array)
  uint8_t size = 0;        // element bytes
  bool sign = false;       // sign-extend on load
  bool byte_offset = false;  // Word8ArrayAs<T>: the index counts bytes
};

Access parse_access(std::string_view n) {
  Access a;
  if (n.rfind("index", 0) == 0) a.kind = Access::Index, n.remove_prefix(5);
  else if (n.rfind("read", 0) == 0) a.kind = Access::Read, n.remove_prefix(4);
  else if (n.rfind("write", 0) == 0) a.kind = Access::Write, n.remove_prefix(5);
  else return {};
  if (n.rfind("Word8ArrayAs", 0) == 0 && n.size() > 13 && n.back() == '#') {
    a.byte_offset = true;  // <op>Word8ArrayAs<Elem>#: byte index into a byte array
    n.remove_prefix(12);
    n.remove_suffix(1);
  } else if (n.size() > 8 && n.substr(n.size() - 8) == "OffAddr#") {
    a.addr = true;
    n.remove_suffix(8);
  } else if (n.size() > 6 && n.substr(n.size() - 6) == "Array#") {
    n.remove_suffix(6);
  } else {
    return {};
  }
  struct E {
    const char* name;
    uint8_t size;
    bool sign;
  };
  static const E elems[] = {{"Char", 1, false},   {"WideChar", 4, false}, {"Int", 8, true},    {"Word", 8, false},
                            {"Addr", 8, false},   {"Float", 4, false},    {"Double", 8, false}, {"StablePtr", 8, false},
                            {"Int8", 1, true},    {"Int16", 2, true},     {"Int32", 4, true},   {"Int64", 8, true},
                            {"Word8", 1, false},  {"Word16", 2, false},   {"Word32", 4, false}, {"Word64", 8, false}};
  for (const E& e : elems)
    if (n == e.name) {
      a.size = e.size;
      a.sign = e.sign;
      return a;
    }
  return {};
}

const Access& access_of(uint32_t id) {
  static const std::vector<Access> table = [] {
    auto all = primops::all_primops();
    std::vector<Access> t(all.size());
    for (size_t i = 0; i < all.size(); ++i) t[i] = parse_access(all[i].name);
    return t;
  }();
  return table[id];
}

}  // namespace

static_assert(primops::kPrimOpCount <= 0x10000, "a primop id fits an ElemAccess's 16 bits");

ElemAccess elem_access_of(uint32_t id) {
  if (id >= primops::all_primops().size()) return 0;
  switch (PrimOpId(id)) {
    case PrimOpId::SizeofByteArrayOp: case PrimOpId::SizeofMutableByteArrayOp:
    case PrimOpId::GetSizeofMutableByteArrayOp: case PrimOpId::SizeofArrayOp:
    case PrimOpId::SizeofMutableArrayOp: case PrimOpId::SizeofSmallArrayOp:
    case PrimOpId::SizeofSmallMutableArrayOp: case PrimOpId::GetSizeofSmallMutableArrayOp:
    case PrimOpId::ReadMutVarOp: return id | elem::kField | elem::kValid;
    case PrimOpId::WriteMutVarOp: return id | elem::kField | elem::kWrite | elem::kValid;
    case PrimOpId::UnsafeFreezeByteArrayOp: case PrimOpId::UnsafeFreezeArrayOp:
    case PrimOpId::UnsafeThawArrayOp: case PrimOpId::UnsafeFreezeSmallArrayOp:
    case PrimOpId::UnsafeThawSmallArrayOp: case PrimOpId::UnsafeFreezeArrayArrayOp: return id | elem::kSame | elem::kValid;
    default: break;
  }
  const Access& acc = access_of(id);
  if (acc.kind == Access::None) return 0;
  return id | uint32_t(acc.size) << 16 | (acc.sign ? elem::kSign : 0) | (acc.addr ? elem::kAddr : 0) |
         (acc.byte_offset ? elem::kByteOffset : 0) | (acc.kind == Access::Write ? elem::kWrite : 0) | elem::kValid;
}

}  // namespace stgvm
