// Guard-page faults as memory faults (see guard.h).
#include "interp/guard.h"

#include <signal.h>

#include <cstring>

namespace stgvm {

namespace {
thread_local GuardedRegion* current = nullptr;
struct sigaction previous_segv, previous_bus;
}  // namespace

struct GuardSignals {
  static void handler(int sig, siginfo_t* info, void* context) {
    GuardedRegion* r = current;
    if (r) {
      uintptr_t at = reinterpret_cast<uintptr_t>(info->si_addr), base = reinterpret_cast<uintptr_t>(r->m_.data());
      if (at - base < Memory::kGuardedSpan) {
        r->at_ = at - base;
        current = r->outer_;  // (the region is left by the jump, its destructor still runs)
        siglongjmp(r->env, 1);
      }
    }
    // Not a stray access of the interpreter: whatever handled the signal before us does.
    const struct sigaction& prev = sig == SIGBUS ? previous_bus : previous_segv;
    if (prev.sa_flags & SA_SIGINFO) {
      if (prev.sa_sigaction) return prev.sa_sigaction(sig, info, context);
    } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
      return prev.sa_handler(sig);
    }
    signal(sig, SIG_DFL);  // returning re-runs the access, which now ends the process
  }
  static void install() {
    static const bool done = [] {
      struct sigaction sa;
      std::memset(&sa, 0, sizeof sa);
      sa.sa_sigaction = handler;
      sigemptyset(&sa.sa_mask);
      // NODEFER: the jump out leaves SIGSEGV unblocked (sigsetjmp does not save the mask).
      sa.sa_flags = SA_SIGINFO | SA_NODEFER;
      sigaction(SIGSEGV, &sa, &previous_segv);
      sigaction(SIGBUS, &sa, &previous_bus);
      return true;
    }();
    (void)done;
  }
};

GuardedRegion::GuardedRegion(const Memory& m) : m_(m), outer_(current) {
  if (Memory::kGuarded) GuardSignals::install();
  current = this;
}

GuardedRegion::~GuardedRegion() {
  if (current == this) current = outer_;
}

void GuardedRegion::fault() const {
  uint64_t at = at_;
  m_.raw_fault(at > 0xFFFFFFFFull ? 0xFFFFFFFFu : uint32_t(at), 8);
}

}  // namespace stgvm
