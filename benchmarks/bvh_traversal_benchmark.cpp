// Issue #6 anchor workload on the CPU: tarang's BVH against Embree single-ray queries over a procedural city (mirror
// paths of up to 3 reflections from a rooftop transmitter, segments/s), plus BVH (SAH and linear) and Embree build
// times and the SAH cost of both BVH builds.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "core/parallel_for.h"
#include "raytrace/bvh_build.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/lbvh_build.h"
#include "raytrace/fibonacci_sphere.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

constexpr int kMaxReflections = 3;
constexpr float kSurfaceOffset_m = 1e-3f;
const Vec3<float> kTransmitter_m{30, 30, 100};

// G x G box buildings (40 m squares, 60 m pitch, heights uniform in [10, 80] m) on a ground plane; built once per G.
const SceneMesh& city(int blocks_per_side) {
  static std::map<int, std::unique_ptr<SceneMesh>> cities;
  auto& mesh = cities[blocks_per_side];
  if (!mesh) {
    ProceduralCityOptions options;
    options.blocks_per_side = blocks_per_side;
    mesh = std::make_unique<SceneMesh>(make_procedural_city(options));
  }
  return *mesh;
}

// Follows Fibonacci rays [begin, end) of n from the transmitter through up to kMaxReflections mirror reflections
// about the hit triangle's normal; returns the segments traced.
template <typename Intersector>
std::uint64_t trace_mirror_paths(const Intersector& intersector, std::uint64_t begin, std::uint64_t end,
                                 std::uint64_t n) {
  std::uint64_t segments = 0;
  for (std::uint64_t i = begin; i < end; ++i) {
    Vec3<float> origin = kTransmitter_m, d = fibonacci_direction<float>(i, n);
    for (int bounce = 0;; ++bounce) {
      const Hit hit = intersector.intersect(Ray{origin, d, 0.0f, 1e30f});
      ++segments;
      if (!is_hit(hit) || bounce == kMaxReflections) break;
      Vec3<float> normal = hit.normal;
      float cos_i = dot(d, normal);
      if (cos_i > 0.0f) normal = -1.0f * normal, cos_i = -cos_i;  // face the incoming ray
      const Vec3<float> point = origin + hit.t * d;
      d = d + (-2.0f * cos_i) * normal;
      origin = point + kSurfaceOffset_m * normal;
    }
  }
  return segments;
}

// range(0): G, range(1): rays, range(2): threads.
template <typename Intersector>
void run_trace(benchmark::State& state, const Intersector& intersector) {
  const std::uint64_t rays = static_cast<std::uint64_t>(state.range(1));
  const std::size_t workers = static_cast<std::size_t>(state.range(2));
  std::uint64_t segments = 0;
  for (auto _ : state) {
    std::vector<std::uint64_t> per_worker(workers, 0);
    parallel_for(
        workers,
        [&](std::size_t w) {
          per_worker[w] = trace_mirror_paths(intersector, rays * w / workers, rays * (w + 1) / workers, rays);
        },
        static_cast<int>(workers));
    for (std::uint64_t s : per_worker) segments += s;
  }
  state.counters["segments_per_s"] = benchmark::Counter(static_cast<double>(segments), benchmark::Counter::kIsRate);
  state.counters["segments_per_ray"] =
      static_cast<double>(segments) / static_cast<double>(rays * static_cast<std::uint64_t>(state.iterations()));
}

void BM_BvhTrace(benchmark::State& state) {
  const BvhIntersector bvh(city(static_cast<int>(state.range(0))));
  run_trace(state, bvh.view());
}

void BM_LbvhTrace(benchmark::State& state) {
  const Bvh lbvh = build_lbvh(city(static_cast<int>(state.range(0))));
  run_trace(state, lbvh.view());
}

void BM_EmbreeTrace(benchmark::State& state) {
  const EmbreeIntersector embree(city(static_cast<int>(state.range(0))));
  run_trace(state, embree);
}

// Times build(mesh of G, threads) with range(0): G, range(1): threads; reports the tree's SAH cost and depth.
template <typename BuildFn>
void time_build(benchmark::State& state, BuildFn build) {
  const SceneMesh& mesh = city(static_cast<int>(state.range(0)));
  BvhBuildStats stats;
  for (auto _ : state) {
    const Bvh bvh = build(mesh, static_cast<int>(state.range(1)));
    stats = bvh.stats;
  }
  state.counters["triangles"] = static_cast<double>(mesh.triangle_count());
  state.counters["sah_cost"] = stats.sah_cost;
  state.counters["max_depth"] = stats.max_depth;
}

void BM_BvhBuild(benchmark::State& state) { time_build(state, build_bvh); }

// The linear BVH's CPU build (the GPU build runs the same steps: benchmarks/gpu/check.sh times it on a device).
void BM_LbvhBuild(benchmark::State& state) { time_build(state, build_lbvh); }

// Embree's build (RTC_BUILD_QUALITY_HIGH, Embree's own threads), for comparison.
void BM_EmbreeBuild(benchmark::State& state) {
  const SceneMesh& mesh = city(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const EmbreeIntersector embree(mesh);
    benchmark::DoNotOptimize(&embree);
  }
  state.counters["triangles"] = static_cast<double>(mesh.triangle_count());
}

}  // namespace
}  // namespace tarang

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const int all_threads = tarang::default_thread_count();
  using Benchmark = void (*)(benchmark::State&);
  const std::pair<const char*, Benchmark> traces[] = {{"BvhTrace", tarang::BM_BvhTrace},
                                                      {"LbvhTrace", tarang::BM_LbvhTrace},
                                                      {"EmbreeTrace", tarang::BM_EmbreeTrace}};
  for (const auto& [name, fn] : traces) {
    benchmark::RegisterBenchmark(name, fn)
        ->ArgNames({"G", "rays", "threads"})
        ->ArgsProduct({{100, 316}, {100000}, {1, all_threads}})
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("BvhBuild", tarang::BM_BvhBuild)
      ->ArgNames({"G", "threads"})
      ->ArgsProduct({{100, 316}, {1, all_threads}})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("LbvhBuild", tarang::BM_LbvhBuild)
      ->ArgNames({"G", "threads"})
      ->ArgsProduct({{100, 316}, {1, all_threads}})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("EmbreeBuild", tarang::BM_EmbreeBuild)
      ->ArgNames({"G"})
      ->Args({100})
      ->Args({316})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
