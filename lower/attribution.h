// Who each piece of lowered code belongs to: the STG binders and program points the
// lowering produced code for, and the call sites in that code. Analyses (call graphs,
// profiles) read it; the executors' semantics never do.
//
// Program points follow the ext-stg interpreter's (docs/reference/ext-stg-interpreter.md
// §2.1): a closure body (top-level, let-bound or let-no-escape), the scrutinee of a case
// (named by its result binder) and one alternative of a case.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace stgvm {

// An STG binder, its strings as indices into Attribution::strings.
struct SourceBinder {
  uint32_t unit = 0, module = 0, name = 0;
  uint32_t unique = 0;  // the unique as GHC prints it (e.g. "r1Ab"); 0: a module-public binder
};

enum class PointKind : uint8_t {
  Closure,    // a closure's body: `binder` is the closure's (let-no-escape bodies included)
  Scrutinee,  // the scrutinee of a case: `binder` is the case's result binder
  Alt,        // alternative `alt` of that case (index in the archive's order, default first)
};

struct ProgramPoint {
  PointKind kind = PointKind::Closure;
  uint32_t binder = 0;  // index into Attribution::binders
  uint32_t alt = 0;     // PointKind::Alt: the alternative's index
  uint32_t label = 0;   // PointKind::Alt: the alternative as text (constructor, literal or "_")
  uint32_t owner = 0;   // the innermost closure body (or let-no-escape body) it belongs to
};

// How the called value at a call site was bound (the ext-stg interpreter's static origins).
enum class CallOrigin : uint8_t { CloArg, Let, Scrut, AltArg, TopLevel, Builtin, ClosureResult };
inline const char* origin_name(CallOrigin o) {
  static const char* const kNames[] = {"SO_CloArg", "SO_Let",     "SO_Scrut",        "SO_AltArg",
                                       "SO_TopLevel", "SO_Builtin", "SO_ClosureResult"};
  return kNames[uint8_t(o)];
}
// Calls of values whose binding the code knows (let, top level, builtins) are "known".
inline bool origin_known(CallOrigin o) {
  return o == CallOrigin::Let || o == CallOrigin::TopLevel || o == CallOrigin::Builtin;
}

// A terminator (Jump, Enter, Rts) that may enter a closure: made at `point`.
struct CallSite {
  uint32_t code = 0;  // index of the terminator in Image::code
  uint32_t point = 0;
  CallOrigin origin = CallOrigin::TopLevel;
};

struct Attribution {
  std::vector<std::string> strings{""};  // [0] = ""
  std::vector<SourceBinder> binders;
  std::vector<ProgramPoint> points{ProgramPoint{}};  // [0]: none (the runtime, "global")
  std::vector<uint32_t> block_point;  // per block: the closure point entering it starts, or 0
  std::vector<uint32_t> block_owner;  // per block: the closure (point) its code belongs to, or 0
  std::vector<CallSite> sites;        // by increasing `code`

  // How analyses name things, one spelling for all outputs: a binder as
  // "unit:Module.name_unique" (no unique for module-public binders), its local part
  // "name_unique", and its module as "unit:Module".
  std::string binder_name(uint32_t binder) const { return module_name(binder) + "." + local_name(binder); }
  std::string local_name(uint32_t binder) const {
    const SourceBinder& b = binders[binder];
    return strings[b.name] + (b.unique ? "_" + strings[b.unique] : "");
  }
  std::string module_name(uint32_t binder) const {
    const SourceBinder& b = binders[binder];
    return strings[b.unit] + ":" + strings[b.module];
  }
  // The same for a program point's binder (point 0, the runtime: "").
  std::string point_module(uint32_t point) const { return point ? module_name(points[point].binder) : ""; }
};

}  // namespace stgvm
