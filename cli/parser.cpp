// The command line, on CLI11: one sub-command per job, each with its own --help; --version;
// every usage error is one line on stderr and exit code 2.
#include "cli/parser.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>

#include "cli/cli_util.h"

namespace stgvm::cli {

namespace {

// Options shared by the commands that run a program.
void add_env(CLI::App* c, std::vector<std::string>& env) {
  c->add_option("--env", env, "add NAME=VALUE to the program's environment (repeatable; the program sees only "
                              "LANG=C.UTF-8 and these)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
}

CLI::Option* add_size(CLI::App* c, const std::string& flag, std::string& to, const std::string& what) {
  return c->add_option(flag, to, what)->type_name("N");
}

// "run", "pack fullpak": the selected command's path.
std::string command_path(const CLI::App& app) {
  std::string path;
  for (const CLI::App* a = &app;;) {
    auto subs = a->get_subcommands();
    if (subs.empty()) break;
    a = subs.front();
    path += (path.empty() ? "" : " ") + a->get_name();
  }
  return path;
}

}  // namespace

int parse_command_line(int argc, char** argv, std::function<int()>& run) {
  // Everything after the first "--" is the program's, untouched by the parser.
  std::vector<std::string> words(argv + 1, argv + argc), program_args;
  bool has_program_args = false;
  if (auto dd = std::find(words.begin(), words.end(), "--"); dd != words.end()) {
    program_args.assign(dd + 1, words.end());
    words.erase(dd, words.end());
    has_program_args = true;
  }

  CLI::App app{"stgvm: a deterministic STG interpreter and profiling VM for GHC 9.0.2 programs", "stgvm"};
  app.set_version_flag("--version", std::string("stgvm ") + STGVM_VERSION);
  app.require_subcommand(1);
  app.get_formatter()->column_width(34);
  app.footer("`stgvm COMMAND --help` describes a command.");

  InfoArgs info;
  auto* c_info = app.add_subcommand("info", "summary of a program (.fullpak, .modpak, .ghc_stgapp, .stgbin)");
  c_info->add_option("FILE", info.file, "the program")->required();
  c_info->add_flag("--json", info.json, "as JSON");

  DumpArgs dump;
  auto* c_dump = app.add_subcommand("dump", "readable STG of the program or of one module");
  c_dump->add_option("FILE", dump.file, "the program")->required();
  c_dump->add_option("--module", dump.module, "only this module")->type_name("M");
  c_dump->add_flag("--full", dump.full, "with every binder's details");

  RunArgs run_a;
  auto* c_run = app.add_subcommand("run", "run main; stdout, stderr and the exit code are the program's");
  c_run->add_option("FILE", run_a.file, "the program (.fullpak, .modpak, .ghc_stgapp, .stgbin)")->required();
  c_run->add_flag("--stats", run_a.stats, "print steps, allocation, collections, heap and a heap hash to stderr");
  add_size(c_run, "--heap-size", run_a.heap_size, "initial semispace (64K..1G; K, M, G suffixes)");
  add_size(c_run, "--max-heap", run_a.max_heap, "heap limit, like GHC's -M (HeapOverflow beyond it)");
  add_size(c_run, "--stack-size", run_a.stack_size, "the most a thread's stack may grow to, like GHC's -K (64K..1G)");
  add_env(c_run, run_a.env);
  c_run->add_option("--snapshot-at", run_a.snapshot_at, "stop after this many steps and save the machine")->type_name("STEP");
  c_run->add_option("--snapshot", run_a.snapshot, "where --snapshot-at saves it")->type_name("FILE.snap");
  c_run->add_option("--trace", run_a.trace,
                    "write the memory trace (accesses, allocations, collections, threads, entries, raises, foreign "
                    "calls) to this file, a Cap'n Proto stream (analysis/trace.capnp)")
      ->type_name("FILE");
  c_run->add_option("--trace-format", run_a.trace_format,
                    "capnp (default) or raw: the executors' 32-byte records, as run-wasm --trace writes them")
      ->check(CLI::IsMember({"capnp", "raw"}))
      ->type_name("FORMAT");
  c_run->add_option("--trace-steps", run_a.trace_steps, "trace only the events of steps FROM:TO (either may be left out)")
      ->type_name("FROM:TO");
  c_run->add_option("--trace-addresses", run_a.trace_addresses,
                    "trace only the memory events touching addresses LO:HI (0x… or decimal; other events still go)")
      ->type_name("LO:HI");
  c_run->add_option("--trace-events", run_a.trace_events,
                    "trace only these kinds: load,store,alloc,copy,fill,compare,gc-start,gc-end,thread-switch,enter,"
                    "raise,foreign-call,foreign-return")
      ->type_name("KIND,...");
  c_run->add_option("--call-graph", run_a.call_graph,
                    "write DIR/<prog>-call-graph.tsv and -summary (ext-stg's formats), .gexf (Gephi), .dot and .svg")
      ->type_name("DIR");
  c_run->add_option("--call-graph-names", run_a.call_graph_names,
                    "program point names: readable (unit:Module.binder…) or ext-stg (its show-style names)")
      ->check(CLI::IsMember({"readable", "ext-stg"}))
      ->type_name("STYLE");
  c_run->add_option("--include", run_a.include,
                    "keep only call graph edges between modules matching this glob over unit:Module (repeatable)")
      ->allow_extra_args(false)
      ->type_name("GLOB");
  c_run->add_option("--exclude", run_a.exclude, "leave out call graph edges touching modules matching this glob")
      ->allow_extra_args(false)
      ->type_name("GLOB");
  c_run->add_option("--min-count", run_a.min_count, "leave out call graph edges taken fewer times")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  c_run->add_option("--hot-share", run_a.hot_share,
                    "the call graph's DOT/SVG: the busiest calls that make this share of all (default 0.9)")
      ->check(CLI::Range(0.0, 1.0))
      ->type_name("X");
  c_run->add_option("--hot-top", run_a.hot_top, "…and no more than this many calls (default 100)")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  c_run->add_option("--profile", run_a.profile, "write the profile (closures, threads, hot loops) as JSON")
      ->type_name("FILE");
  c_run->add_option("--profile-report", run_a.profile_report, "write the profile as a readable report (- : stderr)")
      ->type_name("FILE");
  c_run->add_option("--speedscope", run_a.speedscope, "write sampled stacks for a flame graph (speedscope's JSON)")
      ->type_name("FILE");
  c_run->add_option("--sample-every", run_a.sample_every, "blocks between --speedscope samples (default 1000)")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  c_run->add_option("--from-step", run_a.from_step, "count calls from this step on")->type_name("N");
  c_run->add_option("--to-step", run_a.to_step, "count calls before this step")->type_name("N");
  c_run->add_flag("--no-cache", run_a.no_cache, "decode and lower the program; neither read nor write the start-up cache");
  c_run->footer("Program arguments go after --:  stgvm run prog.fullpak [OPTIONS] -- ARGS...");

  ResumeArgs resume;
  auto* c_resume = app.add_subcommand("resume", "continue a machine stopped by run --snapshot-at");
  c_resume->add_option("FILE", resume.file, "the snapshot")->required()->type_name("FILE.snap");
  c_resume->add_flag("--stats", resume.stats, "as run --stats");
  c_resume->add_flag("--no-cache", resume.no_cache, "as run --no-cache");

  LowerArgs lower;
  auto* c_lower = app.add_subcommand("lower", "lower to the machine IR, verify it, print image statistics");
  c_lower->add_option("FILE", lower.file, "the program")->required();
  c_lower->add_flag("--all", lower.all, "every binding, not only what main can reach");
  c_lower->add_option("--print", lower.print, "also list the IR of every block whose name contains NAME (e.g. Main.)")
      ->type_name("NAME");

  WasmArgs wasm;
  auto* c_wasm = app.add_subcommand("wasm", "emit the program as one WebAssembly module (WASI)");
  c_wasm->add_option("FILE", wasm.file, "the program")->required();
  c_wasm->add_option("-o", wasm.out, "the module to write")->required()->type_name("OUT.wasm");
  add_size(c_wasm, "--heap-size", wasm.heap_size, "initial semispace (64K..1G)");
  add_size(c_wasm, "--stack-size", wasm.stack_size, "stack limit of every thread (64K..1G)");
  c_wasm->add_flag("-O", wasm.optimize, "optimise the module (binaryen)");
  c_wasm->add_flag("--traceable", wasm.traceable, "a module that can write run-wasm --trace");
  c_wasm->add_flag("--no-cache", wasm.no_cache, "as run --no-cache");

  RunWasmArgs run_wasm;
  auto* c_run_wasm = app.add_subcommand("run-wasm", "run an emitted module under Node's WASI, like run");
  c_run_wasm->add_option("FILE", run_wasm.file, "the module")->required()->type_name("OUT.wasm");
  c_run_wasm->add_flag("--stats", run_wasm.stats, "as run --stats");
  add_size(c_run_wasm, "--max-heap", run_wasm.max_heap, "as run --max-heap");
  add_size(c_run_wasm, "--stack-size", run_wasm.stack_size, "as run --stack-size");
  add_env(c_run_wasm, run_wasm.env);
  c_run_wasm->add_option("--trace", run_wasm.trace, "as run --trace (a --traceable module)")->type_name("FILE");
  c_run_wasm->footer("Program arguments go after --:  stgvm run-wasm prog.wasm [OPTIONS] -- ARGS...");

  DiffWasmArgs diff;
  auto* c_diff = app.add_subcommand("diff-wasm",
                                    "run FILE in the interpreter and as wasm on the same stdin; compare exit codes, "
                                    "output and memory traces (first divergence)");
  c_diff->add_option("FILE", diff.file, "the program")->required();
  add_size(c_diff, "--heap-size", diff.heap_size, "as run --heap-size");
  add_size(c_diff, "--max-heap", diff.max_heap, "as run --max-heap");
  add_size(c_diff, "--stack-size", diff.stack_size, "as run --stack-size");
  add_env(c_diff, diff.env);
  c_diff->add_option("--keep", diff.keep, "keep the module, outputs and traces in DIR")->type_name("DIR");
  c_diff->footer("Program arguments go after --:  stgvm diff-wasm prog.fullpak [OPTIONS] -- ARGS...");

  TraceArgs trace_a;
  auto* c_trace = app.add_subcommand("trace",
                                     "read a memory trace back (run --trace, or raw records): summary, --tsv, --hash; "
                                     "exit 1 if it stops short, 2 if it is no trace or damaged");
  c_trace->add_option("FILE", trace_a.file, "the trace")->required();
  c_trace->add_flag("--tsv", trace_a.tsv, "every event as a TSV line on stdout, instead of the summary");
  c_trace->add_flag("--hash", trace_a.hash, "only the content hash of the events");
  c_trace->add_option("--top", trace_a.top, "closures listed in the summary (default 20)")
      ->check(CLI::PositiveNumber)
      ->type_name("N");

  auto* c_pack = app.add_subcommand("pack", "make archives from the exporter's output");
  c_pack->require_subcommand(1);
  PackModpaksArgs modpaks;
  auto* c_modpaks = c_pack->add_subcommand("modpaks", "zip the exporter's per-module output into .o_modpak files");
  c_modpaks->add_option("OBJDIR", modpaks.objdir, "the object directory")->required();
  PackFullpakArgs fullpak;
  auto* c_fullpak = c_pack->add_subcommand("fullpak", "whole-program archive of the modules reachable from main");
  c_fullpak->add_option("APP", fullpak.in, "the program's .o_ghc_stgapp")->required()->type_name("APP.o_ghc_stgapp");
  c_fullpak->add_option("-o", fullpak.out, "the archive to write")->required()->type_name("OUT.fullpak");
  c_fullpak->add_flag("--include-all", fullpak.include_all, "every module, not only those main can reach");
  c_fullpak->add_flag("--stgbins-only", fullpak.stgbins_only, "only the module.stgbin files");

  // Each command's handler, bound when CLI11 selects the command (its arguments copied then).
  bool takes_args = false;
  run_a.args = run_wasm.args = diff.args = program_args;
  auto bind = [&](CLI::App* c, const auto& a, auto fn, bool with_args) {
    c->callback([&run, &takes_args, &a, fn, with_args] {
      takes_args = with_args;
      run = [a, fn] { return fn(a); };
    });
  };
  bind(c_info, info, cmd_info, false);
  bind(c_dump, dump, cmd_dump, false);
  bind(c_run, run_a, cmd_run, true);
  bind(c_resume, resume, cmd_resume, false);
  bind(c_lower, lower, cmd_lower, false);
  bind(c_wasm, wasm, cmd_wasm, false);
  bind(c_run_wasm, run_wasm, cmd_run_wasm, true);
  bind(c_diff, diff, cmd_diff_wasm, true);
  bind(c_trace, trace_a, cmd_trace, false);
  bind(c_modpaks, modpaks, cmd_pack_modpaks, false);
  bind(c_fullpak, fullpak, cmd_pack_fullpak, false);

  // A first word that is no command is named as such (CLI11 would call it an extra argument).
  auto is_command = [&](const std::string& w) {
    auto all = app.get_subcommands([](CLI::App*) { return true; });
    return std::any_of(all.begin(), all.end(), [&](CLI::App* c) { return c->get_name() == w; });
  };
  if (!words.empty() && words[0].rfind("-", 0) != 0 && !is_command(words[0])) {
    std::fprintf(stderr, "stgvm: unknown command %s (stgvm --help lists the commands)\n", words[0].c_str());
    return 2;
  }
  try {
    std::reverse(words.begin(), words.end());
    app.parse(words);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    std::printf("%s\n", e.what());
    return 0;
  } catch (const CLI::ParseError& e) {
    std::string cmd = command_path(app);
    if (cmd.empty())
      std::fprintf(stderr, "stgvm: %s (stgvm --help lists the commands)\n",
                   words.empty() ? "a command is required" : e.what());
    else
      std::fprintf(stderr, "stgvm: %s: %s (stgvm %s --help shows the usage)\n", cmd.c_str(), e.what(), cmd.c_str());
    return 2;
  }

  if (has_program_args && !takes_args) {
    std::string cmd = command_path(app);
    std::fprintf(stderr, "stgvm: %s: takes no program arguments (nothing goes after --)\n", cmd.c_str());
    return 2;
  }
  return -1;
}

}  // namespace stgvm::cli
