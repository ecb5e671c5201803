# stgvm's memory trace (`stgvm run --trace FILE`), read back by `stgvm trace FILE` or by
# `capnp decode analysis/trace.capnp Chunk < FILE`.
#
# The file is a stream of Cap'n Proto messages in the standard (unpacked) stream framing,
# each one Chunk. The first chunk holds the header; the last one, written when the run ends,
# holds `end`. A run that is killed leaves every chunk written before intact: a trace
# without `end` is the prefix of a run, and a reader stops at the last whole chunk.
#
# Events are in the order the machine did them. `step` counts code blocks entered so far
# (the block running is the step-th); `thread` is the running thread's id; `closure` is the
# STG closure the thread was running (a Name of kind closure; 0: none yet, or the runtime).
# Register accesses (R0…, Sp, Hp and the other register-table words) are not events.

@0x8460588b1c888c54;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("stgvm::trace");

struct Chunk {
  header @0 :Header;        # in the first chunk only
  firstEvent @1 :UInt64;    # how many events come before this chunk's
  events @2 :List(Event);
  names @3 :List(Name);     # the closures and foreign symbols this chunk's events name first
  end @4 :End;              # in the last chunk only: the run ended, the trace is complete
}

struct Header {
  format @0 :Text;          # "stgvm-trace"
  version @1 :UInt32;       # 1
  program @2 :Text;         # the archive's name
  imageHash @3 :UInt64;     # the lowered program's hash (`stgvm lower` prints it)
  regions @4 :List(Region); # the machine's memory at the start
  filter @5 :Text;          # the run's --trace-* filters, as given ("" : every event)
}

struct Region {
  name @0 :Text;            # runtime, static, stack, c-heap, non-moving, heap
  lo @1 :UInt32;
  hi @2 :UInt64;            # exclusive; the heap's is the end of the 32-bit address space
}

struct End {
  events @0 :UInt64;        # events in the whole trace (after filtering)
  steps @1 :UInt64;         # code blocks the run executed
  exitCode @2 :Int32;       # the program's
}

struct Name {
  kind @0 :Kind;
  id @1 :UInt32;            # what Event.closure or foreignCall.symbol hold
  name @2 :Text;            # closure: unit:Module.binder (with its unique unless module-public)
  module @3 :Text;          # closure: unit:Module
  enum Kind {
    closure @0;
    foreignSymbol @1;
  }
}

# Who did it.
enum Origin {
  program @0;               # the program's own code blocks
  rtsCode @1;               # runtime code blocks (generic application, updates, …: IR too)
  runtime @2;               # the runtime library (primops over memory, scheduler, raise, …)
  collector @3;             # the garbage collector
  foreignShim @4;           # a foreign call's shim
}

struct Event {
  step @0 :UInt64;
  thread @1 :UInt32;
  origin @2 :Origin;
  closure @3 :UInt32;
  union {
    load :group {
      addr @4 :UInt32;
      size @5 :UInt8;       # bytes: 1, 2, 4 or 8
      value @6 :UInt64;     # zero-extended
    }
    store :group {
      addr @7 :UInt32;
      size @8 :UInt8;
      value @9 :UInt64;
    }
    alloc :group {          # a heap object (its bytes count for `closure`)
      addr @10 :UInt32;
      bytes @11 :UInt32;
      infoTable @12 :UInt32;  # the info pointer stored into its first word (0: none seen)
    }
    copy :group {           # a primop's memmove (copy*Array#, resize…)
      dst @13 :UInt32;
      src @14 :UInt32;
      bytes @15 :UInt64;
    }
    fill :group {           # setByteArray#
      dst @16 :UInt32;
      byte @17 :UInt8;
      bytes @18 :UInt64;
    }
    compare :group {        # compareByteArrays#
      a @19 :UInt32;
      b @20 :UInt32;
      bytes @21 :UInt64;
    }
    gcStart :group {
      liveBytes @22 :UInt64;   # semispace in use + non-moving space, before
    }
    gcEnd :group {
      liveBytes @23 :UInt64;   # after
      movedBytes @24 :UInt64;  # copied by the collection
    }
    threadSwitch :group {      # `thread` starts running
      from @25 :UInt32;
    }
    enter :group {             # a closure's body (or a let-no-escape body) starts: `closure`
      block @26 :UInt32;
    }
    raise :group {
      exception @27 :UInt64;   # the exception closure
      async @28 :Bool;         # thrown by throwTo
    }
    foreignCall :group {
      symbol @29 :UInt32;      # a Name of kind foreignSymbol
    }
    foreignReturn :group {
      symbol @30 :UInt32;
    }
  }
}
