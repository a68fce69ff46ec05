// Cost of the exact link path finders on Sionna's munich scene with the analytic ground (as `tarang link` with
// `ground: flat`; the scene's own ground mesh lies on z = 0): specular paths (2e5 rays, depth 3), single diffraction
// (with G-D, D-G, G-D-G; order 2 adds D-D), and mesh reflections around a single diffraction (R-D, D-R, R-D-R),
// for 8 street receivers 1.5 m high 80-160 m from the issue's anchor transmitter (8.5, 21, 27) m. Counters: paths
// found per receiver.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "raytrace/diffraction_paths.h"
#include "raytrace/edge_extraction.h"
#include "raytrace/reflected_diffraction_paths.h"
#include "raytrace/surface_materials.h"
#include "scene/mesh_import.h"

namespace tarang {
namespace {

constexpr double kF_hz = 3.5e9;

struct Workload {
  SceneMesh mesh;
  std::unique_ptr<EmbreeIntersector> embree;  // over mesh (declared after it: destroyed first)
  std::vector<SurfaceMaterial> materials;
  std::vector<DiffractionEdge> edges;
  SurfaceMaterial ground;
  SpecularPathOptions options;
  Vec3<double> tx{8.5, 21, 27};
  std::vector<Vec3<double>> receivers;
};

// Built once, on first use (outside any timed region).
Workload& munich() {
  static std::unique_ptr<Workload> w;
  if (w) return *w;
  w = std::make_unique<Workload>();
  w->mesh = load_mitsuba_scene(std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml");
  w->embree = std::make_unique<EmbreeIntersector>(w->mesh);
  for (const SceneMaterial& m : w->mesh.materials) {
    w->materials.push_back(surface_material_of(m.name, m.thickness_m, kF_hz, false));
  }
  w->edges = extract_diffraction_edges(w->mesh, EdgeExtractionOptions{});
  w->ground = surface_material_of("medium_dry_ground", 1, kF_hz, true);
  w->options.rays = 200000, w->options.max_depth = 3, w->options.ground = true, w->options.frequency_hz = kF_hz;
  w->receivers = {{100.9, 59.3, 1.5}, {79.2, 91.7, 1.5},  {149.9, 162.4, 1.5}, {46.8, 113.4, 1.5},
                  {8.5, 121, 1.5},    {-62.2, 91.7, 1.5}, {-62.2, -49.7, 1.5}, {46.8, -71.4, 1.5}};
  return *w;
}

// kind 0: specular, 1: diffraction order 1, 2: diffraction order 2 (adds D-D), 3: R-D, D-R and R-D-R.
void BM_LinkPaths(benchmark::State& state) {
  Workload& w = munich();
  const int kind = static_cast<int>(state.range(0));
  std::size_t paths = 0;
  for (auto _ : state) {
    paths = 0;
    for (const Vec3<double>& rx : w.receivers) {
      const std::vector<PropagationPath> p =
          kind == 0   ? find_specular_paths(w.mesh, *w.embree, w.materials, w.ground, w.tx, rx, w.options)
          : kind <= 2 ? find_diffraction_paths(*w.embree, w.materials, w.ground, w.edges, w.tx, rx, w.options, kind)
                      : find_reflected_diffraction_paths(w.mesh, *w.embree, w.materials, w.ground, w.edges,
                                                         w.tx, rx, w.options);
      paths += p.size();
      benchmark::DoNotOptimize(p.data());
    }
  }
  state.counters["paths_per_rx"] = static_cast<double>(paths) / static_cast<double>(w.receivers.size());
  const char* labels[] = {"specular depth 3", "D, G-D, D-G, G-D-G", "the same + D-D", "R-D + D-R + R-D-R"};
  state.SetLabel(labels[kind]);
}
BENCHMARK(BM_LinkPaths)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace
}  // namespace tarang

BENCHMARK_MAIN();
