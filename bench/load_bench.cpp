// Decode + link throughput of a whole-program archive.
//   bench_load FILE.fullpak [google-benchmark flags]
// Reports time per load, MB/s of decompressed module.stgbin bytes, top-level binders/s.
// The target: all of ghc-prim + ghc-bignum + base (~58k binders) in under 300 ms.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "loader/large_stack.h"
#include "loader/load.h"

namespace {

std::string g_file;

void BM_LoadAndLink(benchmark::State& state) {
  size_t bytes = 0, binders = 0, modules = 0;
  for (auto _ : state) {
    stgvm::run_with_large_stack([&] {
      auto p = stgvm::load_program(g_file);
      binders = p->binders.size();
      modules = p->modules.size();
      benchmark::DoNotOptimize(p->main);
    });
  }
  // Decompressed bytes: measured once outside the timed loop.
  stgvm::run_with_large_stack([&] {
    stgvm::ZipArchive z(g_file);
    std::vector<std::string> names;
    for (auto& n : z.names())
      if (n.size() > 14 && n.compare(n.size() - 14, 14, "/module.stgbin") == 0) names.push_back(n);
    for (auto& e : z.read(names)) bytes += e.size;
  });
  state.counters["modules"] = double(modules);
  state.counters["binders"] = double(binders);
  state.counters["stgbin_MB"] = double(bytes) / 1e6;
  state.counters["MB/s"] = benchmark::Counter(double(bytes) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["binders/s"] = benchmark::Counter(double(binders), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_LoadAndLink)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    std::fprintf(stderr, "usage: bench_load FILE.fullpak [benchmark flags]\n");
    return 2;
  }
  g_file = argv[1];
  argv[1] = argv[0];
  ++argv;
  --argc;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
