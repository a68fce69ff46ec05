// Scene build benchmarks (issue #3): procedural cities of 1e4, 1e5 and 1e6 buildings and OSM imports, time and
// peak memory.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "benchmarks/peak_memory.h"
#include "core/parallel_for.h"
#include "scene/city_from_gis.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

// Time, peak memory and size of one scene build per iteration; the previous scene is freed outside the timing.
template <typename BuildFn>
void time_scene_builds(benchmark::State& state, BuildFn&& build) {
  SceneMesh mesh;
  double peak_mib = 0;
  const char* method = "";
  for (auto _ : state) {
    state.PauseTiming();
    mesh = SceneMesh{};
    const bench::PeakMemoryProbe probe;
    state.ResumeTiming();
    mesh = build();
    state.PauseTiming();
    peak_mib = std::max(peak_mib, probe.peak_mib());
    method = probe.method();
    state.ResumeTiming();
  }
  state.counters["objects"] = static_cast<double>(mesh.object_names.size());
  state.counters["triangles"] = static_cast<double>(mesh.triangle_count());
  state.counters["triangles_per_s"] =
      benchmark::Counter(static_cast<double>(mesh.triangle_count()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["peak_MiB"] = peak_mib;
  state.SetLabel(std::string("peak memory: ") + method);
}

// range(0): buildings, rounded to a square city of G x G; range(1): threads.
void BM_ProceduralCity(benchmark::State& state) {
  ProceduralCityOptions options;
  options.blocks_per_side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(state.range(0)))));
  options.threads = static_cast<int>(state.range(1));
  time_scene_builds(state, [&] { return make_procedural_city(options); });
}

// The OSM import as `tarang scene build --buildings FILE` runs it (auto UTM zone, no ground mesh).
void BM_GisImport(benchmark::State& state, const std::string& path) {
  GisSceneOptions options;
  options.buildings_path = path;
  options.ground = GisGround::none;
  time_scene_builds(state, [&] {
    SceneBuildStats stats;
    return build_city_scene(options, stats);
  });
}

}  // namespace
}  // namespace tarang

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const int all_threads = tarang::default_thread_count();
  benchmark::RegisterBenchmark("ProceduralCity", tarang::BM_ProceduralCity)
      ->ArgNames({"buildings", "threads"})
      ->ArgsProduct({{10000, 100000, 1000000}, {1, all_threads}})
      ->Unit(benchmark::kMillisecond)
      ->MeasureProcessCPUTime()
      ->UseRealTime();
  const std::string osm = std::string(TARANG_SOURCE_DIR) + "/../shared/data/osm/";
  for (const char* city : {"monaco", "helsinki"}) {
    const std::string path = osm + city + ".osm.pbf";
    if (!std::filesystem::exists(path)) {
      std::fprintf(stderr, "skipping GisImport/%s: %s not found\n", city, path.c_str());
      continue;
    }
    benchmark::RegisterBenchmark((std::string("GisImport/") + city).c_str(), tarang::BM_GisImport, path)
        ->Unit(benchmark::kMillisecond)
        ->MeasureProcessCPUTime()
        ->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
