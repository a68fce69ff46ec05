// SBR throughput (issue #5): segments per second of the whole trace_sbr_gain_maps against Embree alone on the very
// rays the SBR traced, on Sionna's munich scene and a 1e5-building procedural city (and a GIS city's .tscene named by
// TARANG_SBR_TSCENE, when set), 1 thread and all cores.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/parallel_for.h"
#include "io/scene_h5.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/radio_map_sbr.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/sbr_setup.h"
#include "scene/mesh_import.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

constexpr std::uint64_t kRays = 1000000;  // per site, the anchor: 1e6 rays, depth 3, 1000 x 1000 cells of 10 m
constexpr int kMaxDepth = 3;
constexpr int kGridCells = 1000;
constexpr double kCell_m = 10;

// One scene with its anchor scenario, its Embree BVH and every intersection query the SBR makes on it.
struct Workload {
  Scenario scenario;  // one tri-sector site, raytrace 1e6 rays depth 3, no transmission
  SceneMesh mesh;
  RasterGrid grid;                            // 1000 x 1000 cells of 10 m centred on the site
  SbrSetup setup;                             // the SBR's own preparation (materials, parameters, sectors)
  std::unique_ptr<EmbreeIntersector> embree;  // over mesh (declared after it: destroyed first)
  std::vector<Ray> segment_rays;              // the SBR's segments, in launch order
  std::vector<Ray> up_rays;                   // the SBR's inside-a-building probes, one per cell
};

// The anchor scenario: a 3-sector TR 38.901 site (0/120/240 deg, 6 deg tilt) at local (x, y), height_m above ground.
Scenario anchor_scenario(const SceneMesh& mesh, double x_local_m, double y_local_m, double height_m,
                         GroundKind ground) {
  Scenario s;
  s.scene.ground = ground;
  s.radio.frequency_hz = 3.5e9;
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.engine = RaytraceEngine::Cpu;
  s.raytrace.rays = kRays;
  s.raytrace.max_depth = kMaxDepth;
  s.raytrace.seed = 0;  // the plain Fibonacci set
  s.raytrace.diffraction_order = 0;  // issue #5's specular SBR (diffraction, issue #7, is on by default since)
  SiteSpec site;
  site.id = "tx";
  site.x_m = mesh.origin_x_m + x_local_m, site.y_m = mesh.origin_y_m + y_local_m, site.height_m = height_m;
  for (const double azimuth_deg : {0.0, 120.0, 240.0}) {
    SectorSpec sector;  // TR 38.901 element pattern, V polarisation
    sector.id = "s";
    sector.id += std::to_string(static_cast<int>(azimuth_deg));  // not "s" + ...: GCC 12 -Wrestrict false positive
    sector.azimuth_deg = azimuth_deg, sector.tilt_deg = 6, sector.power_dbm = 46;
    site.sectors.push_back(sector);
  }
  s.sites.push_back(site);
  return s;
}

// The anchor grid: 1000 x 1000 cells of 10 m centred on the scenario's first site.
RasterGrid grid_around_site(const Scenario& s) {
  RasterGrid g;
  const double half_m = 0.5 * kGridCells * kCell_m;
  g.west_m = s.sites[0].x_m - half_m, g.north_m = s.sites[0].y_m + half_m;
  g.cell_m = kCell_m, g.nx = kGridCells, g.ny = kGridCells, g.height_m = s.grid.height_m;
  return g;
}

// Intersector adapter of the SBR (as in radio_map_sbr.cpp).
struct EmbreeAdapter {
  const EmbreeIntersector* embree;
  Hit intersect(const Ray& r) const { return embree->intersect(r); }
};

// Intersector adapter that hands every query to Embree and keeps a copy of the ray.
struct RecordingIntersector {
  const EmbreeIntersector* embree;
  std::vector<Ray>* rays;
  Hit intersect(const Ray& r) const {
    rays->push_back(r);
    return embree->intersect(r);
  }
};

// Sink that drops the plane crossings.
struct NullSink {
  void deposit(float, float, float, float, float, float, const JonesFrame&, float, const float*) {}
};

// The SbrParams trace_sbr_gain_maps uses for the (only) site: prepare_sbr's, at that site's position.
SbrParams site_params(const Workload& w) {
  SbrParams p = w.setup.params;
  p.tx_m = w.setup.tx_m[0];
  return p;
}

// Records the SBR's intersection queries: its segments (trace_sbr_ray over every launch ray) and its upward probes
// from every cell centre (cells_inside_buildings).
void record_rays(Workload& w) {
  const SbrParams p = site_params(w);
  const std::uint64_t blocks = (kRays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
  std::vector<std::vector<Ray>> per_block(blocks);
  parallel_for(blocks, [&](std::size_t b) {
    const RecordingIntersector recorder{w.embree.get(), &per_block[b]};
    NullSink sink;
    const std::uint64_t end = std::min<std::uint64_t>((b + 1) * kSbrRaysPerBlock, kRays);
    for (std::uint64_t i = b * kSbrRaysPerBlock; i < end; ++i) trace_sbr_ray(i, p, recorder, sink);
  });
  for (const auto& rays : per_block) w.segment_rays.insert(w.segment_rays.end(), rays.begin(), rays.end());
  for (int row = 0; row < w.grid.ny; ++row) {
    for (int col = 0; col < w.grid.nx; ++col) {
      const Vec3<float> o{p.grid_west_m + (col + 0.5f) * p.cell_m,
                          p.grid_north_m - (static_cast<float>(row) + 0.5f) * p.cell_m, p.plane_z_m};
      w.up_rays.push_back(Ray{o, {0, 0, 1}, 0.0f, 1e30f});
    }
  }
}

std::unique_ptr<Workload> make_workload(const std::string& name) {
  auto w = std::make_unique<Workload>();
  if (name == "munich") {
    // Sionna's scene has its own ground mesh: no analytic plane. TX: the anchor (8.5, 21, 27) m.
    w->mesh = load_mitsuba_scene(std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml");
    w->scenario = anchor_scenario(w->mesh, 8.5, 21, 27, GroundKind::None);
  } else if (name == "gis") {
    // A `tarang scene build` city (.tscene named by TARANG_SBR_TSCENE): TX 5 m above its tallest building at the centre
    // of its extent (a rooftop site that is never inside a building), the exact ground plane.
    w->mesh = read_scene_file(std::getenv("TARANG_SBR_TSCENE")).mesh;
    float lo[3] = {1e30f, 1e30f, 1e30f}, hi[3] = {-1e30f, -1e30f, -1e30f};
    for (std::size_t i = 0; i < w->mesh.positions_m.size(); ++i) {
      lo[i % 3] = std::min(lo[i % 3], w->mesh.positions_m[i]);
      hi[i % 3] = std::max(hi[i % 3], w->mesh.positions_m[i]);
    }
    w->scenario = anchor_scenario(w->mesh, 0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1]), hi[2] + 5.0, GroundKind::Flat);
  } else {
    // 316 x 316 = 99,856 buildings (~1e5), 1e6 triangles, 19 km square; the exact ground plane as in scenarios.
    // TX 27 m above the street crossing nearest the centre (buildings 157/158 border the street [9460, 9480] m).
    ProceduralCityOptions options;
    options.blocks_per_side = 316;
    options.ground = false;
    w->mesh = make_procedural_city(options);
    w->scenario = anchor_scenario(w->mesh, 9470, 9470, 27, GroundKind::Flat);
  }
  w->grid = grid_around_site(w->scenario);
  prepare_sbr(w->scenario, w->mesh, w->grid, w->setup);
  w->embree = std::make_unique<EmbreeIntersector>(w->mesh);
  record_rays(*w);
  return w;
}

// Builds each scene once, on first use (outside any timed region).
Workload& workload(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Workload>> cache;
  auto& slot = cache[name];
  if (!slot) slot = make_workload(name);
  return *slot;
}

std::map<std::string, double>& sbr_rates() {  // segments/s of the whole SBR, by "scene/threads"
  static std::map<std::string, double> rates;
  return rates;
}

std::string key_of(const std::string& scene, const benchmark::State& state) {
  return scene + "/" + std::to_string(state.range(0));
}

// Runs body() once per iteration under manual timing; returns the mean wall seconds of one iteration.
template <typename Body>
double time_iterations(benchmark::State& state, Body&& body) {
  double total_s = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    body();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(seconds);
    total_s += seconds;
  }
  return total_s / static_cast<double>(state.iterations());
}

// Intersection queries per iteration and per second.
double set_rate_counters(benchmark::State& state, std::uint64_t queries, double seconds) {
  const double rate = static_cast<double>(queries) / seconds;
  state.counters["queries"] = static_cast<double>(queries);
  state.counters["queries_per_s"] = rate;
  return rate;
}

// EmbreeIntersector::intersect (rtcIntersect1 plus the triangle normal) over `rays`, in contiguous chunks; returns
// the sum of the hit distances so that no query can be optimised away.
double replay_on_embree(const EmbreeIntersector& embree, const std::vector<Ray>& rays, int threads) {
  std::atomic<double> total{0};
  parallel_for_chunks(
      rays.size(),
      [&](std::size_t begin, std::size_t end) {
        double sum = 0;
        for (std::size_t i = begin; i < end; ++i) sum += embree.intersect(rays[i]).t;
        total.fetch_add(sum, std::memory_order_relaxed);
      },
      threads);
  return total.load();
}

// Embree's BVH build over the scene (the first step of every SBR run; Embree uses all cores).
void BM_EmbreeBuild(benchmark::State& state, const std::string& scene) {
  const Workload& w = workload(scene);
  time_iterations(state, [&] {
    EmbreeIntersector embree(w.mesh);
    benchmark::DoNotOptimize(&embree);
  });
  state.counters["triangles"] = static_cast<double>(w.mesh.triangle_count());
  state.counters["paired_triangles"] = static_cast<double>(w.embree->paired_triangle_count());  // in quads
}

// The whole SBR as `tarang coverage` runs it: BVH build, inside-building probes, tracing, deposits, dB maps.
// range(0): threads. Queries are SbrRunStats::segments (the probes are not counted in them).
void BM_SbrWhole(benchmark::State& state, const std::string& scene) {
  const Workload& w = workload(scene);
  SbrRunStats stats;
  std::vector<float> maps;
  const double seconds = time_iterations(state, [&] {
    maps = trace_sbr_gain_maps(w.scenario, w.mesh, w.grid, nullptr, &stats, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(maps.data());
  });
  double sum_db = 0;  // fingerprint of the maps: a change that should keep them must keep this
  for (const float g : maps) sum_db += std::isfinite(g) ? g : 0.0;
  state.counters["map_sum_db"] = sum_db;
  if (stats.segments != w.segment_rays.size()) {
    state.SkipWithError(("recorded " + std::to_string(w.segment_rays.size()) + " segments but the SBR traced " +
                         std::to_string(stats.segments) + ": the recording no longer mirrors radio_map_sbr.cpp")
                            .c_str());
    return;
  }
  sbr_rates()[key_of(scene, state)] = set_rate_counters(state, stats.segments, seconds);
  state.counters["deposits"] = static_cast<double>(stats.deposits);
  state.counters["map_wall_s"] = seconds;
}

// The per-ray kernel alone: trace_sbr_ray over every launch ray with Embree and a sink that only counts, in the SBR's
// fixed blocks (no BVH build, no probes, no deposits kept or summed).
void BM_SbrKernelOnly(benchmark::State& state, const std::string& scene) {
  const Workload& w = workload(scene);
  const SbrParams p = site_params(w);
  const std::uint64_t blocks = (kRays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
  std::vector<std::uint64_t> segments(blocks);
  const double seconds = time_iterations(state, [&] {
    parallel_for(
        blocks,
        [&](std::size_t b) {
          const EmbreeAdapter adapter{w.embree.get()};
          NullSink sink;
          segments[b] = 0;
          const std::uint64_t end = std::min<std::uint64_t>((b + 1) * kSbrRaysPerBlock, kRays);
          for (std::uint64_t i = b * kSbrRaysPerBlock; i < end; ++i) segments[b] += trace_sbr_ray(i, p, adapter, sink);
        },
        static_cast<int>(state.range(0)));
  });
  std::uint64_t total = 0;
  for (const std::uint64_t s : segments) total += s;
  set_rate_counters(state, total, seconds);
}

// Embree alone on the SBR's segment rays (the same rays, same order, same thread split). Reports
// sbr_over_embree = whole-SBR rate / this rate when SbrWhole ran for the same scene and threads.
void BM_EmbreeSameRays(benchmark::State& state, const std::string& scene) {
  const Workload& w = workload(scene);
  const double seconds = time_iterations(state, [&] {
    benchmark::DoNotOptimize(replay_on_embree(*w.embree, w.segment_rays, static_cast<int>(state.range(0))));
  });
  const double rate = set_rate_counters(state, w.segment_rays.size(), seconds);
  const auto sbr = sbr_rates().find(key_of(scene, state));
  if (sbr != sbr_rates().end()) state.counters["sbr_over_embree"] = sbr->second / rate;
}

// Embree alone on the SBR's inside-a-building probes (one upward ray per cell: 1e6 on the anchor grid).
void BM_EmbreeProbeRays(benchmark::State& state, const std::string& scene) {
  const Workload& w = workload(scene);
  const double seconds = time_iterations(state, [&] {
    benchmark::DoNotOptimize(replay_on_embree(*w.embree, w.up_rays, static_cast<int>(state.range(0))));
  });
  set_rate_counters(state, w.up_rays.size(), seconds);
}

// The same probes as the SBR traces them: coherent 16-ray packets of 4 x 4 neighbouring cells.
void BM_EmbreeProbePackets(benchmark::State& state, const std::string& scene) {
  const Workload& w = workload(scene);
  const int nx = w.grid.nx, ny = w.grid.ny, tile = 4;
  std::atomic<double> total{0};
  const double seconds = time_iterations(state, [&] {
    parallel_for(
        static_cast<std::size_t>((ny + tile - 1) / tile),
        [&](std::size_t tile_row) {
          double sum = 0;
          const int row0 = static_cast<int>(tile_row) * tile, row1 = std::min(row0 + tile, ny);
          for (int col0 = 0; col0 < nx; col0 += tile) {
            Ray rays[EmbreeIntersector::kPacketSize];
            Hit hits[EmbreeIntersector::kPacketSize];
            int count = 0;
            for (int row = row0; row < row1; ++row) {
              for (int col = col0; col < std::min(col0 + tile, nx); ++col) rays[count++] = w.up_rays[row * nx + col];
            }
            w.embree->intersect_packet(rays, count, hits, true);
            for (int k = 0; k < count; ++k) sum += hits[k].t;
          }
          total.fetch_add(sum, std::memory_order_relaxed);
        },
        static_cast<int>(state.range(0)));
  });
  benchmark::DoNotOptimize(total.load());
  set_rate_counters(state, w.up_rays.size(), seconds);
}

}  // namespace
}  // namespace tarang

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const int all_threads = tarang::default_thread_count();
  std::vector<std::string> scenes;
  const std::string munich = std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml";
  if (std::filesystem::exists(munich)) {
    scenes.push_back("munich");
  } else {
    std::fprintf(stderr, "skipping munich: %s not found\n", munich.c_str());
  }
  scenes.push_back("city1e5");
  if (std::getenv("TARANG_SBR_TSCENE") != nullptr) scenes.push_back("gis");  // optional: a GIS city's .tscene
  for (const std::string& scene : scenes) {
    benchmark::RegisterBenchmark(("EmbreeBuild/" + scene).c_str(), tarang::BM_EmbreeBuild, scene)
        ->Unit(benchmark::kMillisecond)
        ->MeasureProcessCPUTime()
        ->UseManualTime();
    const std::pair<const char*, void (*)(benchmark::State&, const std::string&)> cases[] = {
        {"SbrWhole/", tarang::BM_SbrWhole},
        {"EmbreeSameRays/", tarang::BM_EmbreeSameRays},
        {"SbrKernelOnly/", tarang::BM_SbrKernelOnly},
        {"EmbreeProbeRays/", tarang::BM_EmbreeProbeRays},
        {"EmbreeProbePackets/", tarang::BM_EmbreeProbePackets}};
    for (const auto& [prefix, fn] : cases) {
      benchmark::RegisterBenchmark((prefix + scene).c_str(), fn, scene)
          ->ArgName("threads")
          ->Arg(1)
          ->Arg(all_threads)
          ->Unit(benchmark::kMillisecond)
          ->MeasureProcessCPUTime()
          ->UseManualTime();
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
