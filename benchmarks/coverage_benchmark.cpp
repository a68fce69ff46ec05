// Coverage phases (issue #2): the 1000 x 1000 cell, 30-sector TR 38.901 workload, phase by phase, 1 thread and all.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

#include "core/parallel_for.h"
#include "io/results_h5.h"
#include "io/scenario_yaml.h"
#include "planner/best_server_maps.h"
#include "planner/coverage_kpis.h"
#include "planner/coverage_run.h"
#include "planner/scenario_scene.h"
#include "propagation/empirical_gain_maps.h"

namespace tarang {
namespace {

std::string workload_path() { return std::string(TARANG_SOURCE_DIR) + "/benchmarks/coverage_1000x1000_30sectors.yaml"; }

// The scenario as run_coverage sees it (CRS resolved) and a complete result to feed the later phases.
struct CoverageWorkload {
  Scenario scenario;
  CoverageResult result;
};

const CoverageWorkload& workload() {
  static const CoverageWorkload w = [] {
    CoverageWorkload c;
    SceneMesh mesh;
    c.scenario = resolve_scenario_scene(load_scenario_file(workload_path()), &mesh, nullptr);
    c.result = run_coverage(c.scenario, CoverageRunOptions{0, false});
    return c;
  }();
  return w;
}

void set_cell_counters(benchmark::State& state, double items_per_iteration) {
  state.counters["items_per_s"] =
      benchmark::Counter(items_per_iteration * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_LoadScenario(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_scenario_file(workload_path()).sites.data());
}

// The empirical gain-map kernel: one TR 38.901 path loss per site and cell, 3 antenna gains. Items: sector-cells.
void BM_EmpiricalGainMaps(benchmark::State& state) {
  const CoverageWorkload& w = workload();
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::vector<float> maps = compute_empirical_gain_maps(w.scenario, w.result.grid, nullptr, threads);
    benchmark::DoNotOptimize(maps.data());
  }
  set_cell_counters(state, static_cast<double>(w.result.maps.gain_db.size()));
}

// RSRP, best server, SINR and throughput over the 30 gain maps. Items: sector-cells.
void BM_BestServerMaps(benchmark::State& state) {
  const CoverageWorkload& w = workload();
  const LinkBudget budget = link_budget_of(w.scenario);
  CoverageMaps maps;
  for (auto _ : state) {
    state.PauseTiming();
    maps = CoverageMaps{};
    maps.gain_db = w.result.maps.gain_db;
    state.ResumeTiming();
    compute_best_server_maps(budget, w.result.grid.cell_count(), maps, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(maps.rsrp_dbm.data());
  }
  set_cell_counters(state, static_cast<double>(w.result.maps.gain_db.size()));
}

// Covered fraction and percentiles (single-threaded). Items: cells.
void BM_CoverageKpis(benchmark::State& state) {
  const CoverageWorkload& w = workload();
  for (auto _ : state) benchmark::DoNotOptimize(compute_coverage_kpis(w.result.maps, w.scenario.targets));
  set_cell_counters(state, static_cast<double>(w.result.grid.cell_count()));
}

// The HDF5 result file (chunked, deflate), written to a temp file and renamed. Items: sector-cells.
void BM_WriteResultH5(benchmark::State& state) {
  const CoverageWorkload& w = workload();
  const std::string path =
      (std::filesystem::temp_directory_path() / ("tarang_coverage_benchmark_" + std::to_string(::getpid()) + ".h5"))
          .string();
  for (auto _ : state) write_coverage_result(path, w.result);
  state.counters["file_MiB"] = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
  std::filesystem::remove(path);
  set_cell_counters(state, static_cast<double>(w.result.maps.gain_db.size()));
}

// Everything `tarang coverage` computes (scene/CRS resolution, gain maps, best server, KPIs), without the file.
void BM_RunCoverage(benchmark::State& state) {
  const Scenario s = load_scenario_file(workload_path());
  for (auto _ : state) {
    CoverageResult r = run_coverage(s, CoverageRunOptions{static_cast<int>(state.range(0)), false});
    benchmark::DoNotOptimize(r.maps.rsrp_dbm.data());
  }
  set_cell_counters(state, 1000.0 * 1000.0 * 30.0);
}

}  // namespace
}  // namespace tarang

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const int all_threads = tarang::default_thread_count();
  auto single = [](const char* name, void (*fn)(benchmark::State&)) {
    benchmark::RegisterBenchmark(name, fn)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
  };
  auto threaded = [&](const char* name, void (*fn)(benchmark::State&)) {
    benchmark::RegisterBenchmark(name, fn)
        ->ArgName("threads")
        ->Arg(1)
        ->Arg(all_threads)
        ->Unit(benchmark::kMillisecond)
        ->MeasureProcessCPUTime()
        ->UseRealTime();
  };
  single("LoadScenario", tarang::BM_LoadScenario);
  threaded("EmpiricalGainMaps", tarang::BM_EmpiricalGainMaps);
  threaded("BestServerMaps", tarang::BM_BestServerMaps);
  single("CoverageKpis", tarang::BM_CoverageKpis);
  single("WriteResultH5", tarang::BM_WriteResultH5);
  threaded("RunCoverage", tarang::BM_RunCoverage);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
