// The sub-commands and what the command line (cli/parser.cpp, CLI11) hands each of them.
// Sizes stay text until the command reads them (parse_size), so a bad one is the command's
// one-line usage error like every other.
#pragma once
#include <string>
#include <vector>

namespace stgvm::cli {

struct InfoArgs {
  std::string file;
  bool json = false;
};

struct DumpArgs {
  std::string file, module;
  bool full = false;
};

struct RunArgs {
  std::string file;
  bool stats = false, no_cache = false;
  std::string heap_size, max_heap, stack_size, snapshot_at, snapshot, trace;
  std::string trace_format = "capnp", trace_steps, trace_addresses, trace_events;  // --trace's
  std::string call_graph, call_graph_names = "readable";  // --call-graph DIR
  std::vector<std::string> include, exclude;
  uint64_t min_count = 1, from_step = 0, to_step = 0;     // 0: to the end
  std::string profile, profile_report, speedscope;        // --profile FILE …
  uint64_t sample_every = 1000;
  double hot_share = 0.9;
  size_t hot_top = 100;
  std::vector<std::string> env;   // NAME=VALUE, later ones win
  std::vector<std::string> args;  // the program's, after --
};

struct ResumeArgs {
  std::string file;
  bool stats = false, no_cache = false;
};

struct LowerArgs {
  std::string file;
  bool all = false;
  std::string print;  // list the IR of the blocks whose names contain this
};

struct WasmArgs {
  std::string file, out, heap_size, stack_size;
  bool optimize = false, traceable = false, no_cache = false;
};

struct RunWasmArgs {
  std::string file, max_heap, stack_size, trace;
  bool stats = false;
  std::vector<std::string> env, args;
};

struct DiffWasmArgs {
  std::string file, keep, heap_size, max_heap, stack_size;
  std::vector<std::string> env, args;
};

struct TraceArgs {
  std::string file;
  bool tsv = false, hash = false;
  size_t top = 20;
};

struct PackModpaksArgs {
  std::string objdir;
};

struct PackFullpakArgs {
  std::string in, out;
  bool include_all = false, stgbins_only = false;
};

int cmd_info(const InfoArgs& a);
int cmd_dump(const DumpArgs& a);
int cmd_run(const RunArgs& a);
int cmd_resume(const ResumeArgs& a);
int cmd_lower(const LowerArgs& a);
int cmd_pack_modpaks(const PackModpaksArgs& a);
int cmd_pack_fullpak(const PackFullpakArgs& a);
int cmd_wasm(const WasmArgs& a);          // cli/wasm_commands.cpp
int cmd_run_wasm(const RunWasmArgs& a);   // cli/wasm_commands.cpp
int cmd_diff_wasm(const DiffWasmArgs& a); // cli/diff_wasm.cpp
int cmd_trace(const TraceArgs& a);        // cli/trace_command.cpp

// The program's environment: the VM's default (LANG=C.UTF-8) with each NAME=VALUE of `env`
// replacing an earlier one of the same NAME.
std::vector<std::string> program_env(const std::string& cmd, const std::vector<std::string>& env);

}  // namespace stgvm::cli
