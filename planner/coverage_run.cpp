// The coverage pipeline: builds the grid, evaluates the propagation model, then the best-server maps and KPIs.
#include "planner/coverage_run.h"

#include <cmath>
#include <memory>
#include <stdexcept>

#include "core/progress.h"
#include "planner/best_server_maps.h"
#include "planner/coverage_kpis.h"
#include "propagation/empirical_gain_maps.h"
#include "core/error.h"
#include "raytrace/radio_map_sbr.h"
#if TARANG_HAVE_CUDA
#include "kernels/cuda_runtime_checked.h"
#include "kernels/radio_map_sbr_gpu.h"
#endif
#include "planner/scenario_scene.h"

namespace tarang {
namespace {

// Whether the GPU engine runs: `gpu` requires a CUDA build and a device (InputError otherwise), `auto` takes the
// GPU when both are there, `cpu` never does.
bool use_gpu_engine(RaytraceEngine engine, const std::string& scenario_path) {
  if (engine == RaytraceEngine::Cpu) return false;
#if TARANG_HAVE_CUDA
  const bool available = cuda_device_count() > 0;
#else
  const bool available = false;
#endif
  if (engine == RaytraceEngine::Gpu && !available) {
    throw InputError(scenario_path, 0, "raytrace.engine",
                     "gpu: no CUDA device is present (or tarang was built without CUDA); use cpu or auto");
  }
  return available;
}

std::vector<float> trace_sbr_gain_maps_on_gpu(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                              Progress* progress, SbrRunStats* stats) {
#if TARANG_HAVE_CUDA
  return trace_sbr_gain_maps_gpu(s, mesh, grid, progress, stats);
#else
  (void)s, (void)mesh, (void)grid, (void)progress, (void)stats;
  throw std::logic_error("GPU engine requested in a build without CUDA");
#endif
}

}  // namespace

CoverageResult run_coverage(const Scenario& scenario, const CoverageRunOptions& options, CoverageRunLog* log,
                            const MemoryLimit& memory) {
  CoverageRunLog local_log;
  SceneMesh mesh;
  SceneBuildStats scene_stats;
  const Scenario s = resolve_scenario_scene(scenario, &mesh, &scene_stats);
  local_log.scene_triangles = mesh.triangle_count();
  local_log.warnings = scene_stats.warnings;
  CoverageResult r;
  r.meta.scenario_name = s.name;
  r.meta.scenario_yaml = s.yaml_text;
  r.grid = raster_grid_of(s.grid, s.scene.crs);

  for (const auto& site : s.sites) {
    for (const auto& sector : site.sectors) {
      r.sectors.push_back(SectorRecord{sector.id, site.id, site.x_m, site.y_m, site.height_m, sector.azimuth_deg,
                                       sector.tilt_deg, sector.power_dbm, s.radio.frequency_hz});
    }
  }

  const bool raytrace = s.propagation.model == PathLossModel::Raytrace;
  check_memory_budget(estimate_coverage_memory(r.sectors.size(), r.grid.cell_count(), raytrace, mesh.triangle_count()),
                      r.sectors.size(), r.grid.cell_count(), memory, s.source_path);

  if (raytrace) {
    std::unique_ptr<Progress> progress;
    const std::size_t blocks = (s.raytrace.rays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
    if (options.show_progress) progress = std::make_unique<Progress>("ray tracing", s.sites.size() * blocks);
    SbrRunStats stats;
    const bool gpu = use_gpu_engine(s.raytrace.engine, s.source_path);
    if (gpu) {
      r.maps.gain_db = trace_sbr_gain_maps_on_gpu(s, mesh, r.grid, progress.get(), &stats);
      local_log.engine = "gpu (CUDA, our BVH)";
    } else {
      r.maps.gain_db = trace_sbr_gain_maps(s, mesh, r.grid, progress.get(), &stats, options.threads);
      local_log.engine = "cpu (Embree)";
      if (s.raytrace.engine == RaytraceEngine::Auto) {
        local_log.warnings.push_back("raytrace.engine auto: no CUDA device, using the CPU engine (Embree)");
      }
    }
    local_log.rays = stats.rays, local_log.segments = stats.segments;
    local_log.warnings.insert(local_log.warnings.end(), stats.warnings.begin(), stats.warnings.end());
  } else {
    std::unique_ptr<Progress> progress;
    if (options.show_progress) {
      progress = std::make_unique<Progress>("gain maps", s.sites.size() * static_cast<std::size_t>(r.grid.ny));
    }
    r.maps.gain_db = compute_empirical_gain_maps(s, r.grid, progress.get(), options.threads);
    local_log.engine = "empirical";
  }
  compute_best_server_maps(link_budget_of(s), r.grid.cell_count(), r.maps, options.threads);
  r.kpis = compute_coverage_kpis(r.maps, s.targets);
  if (log != nullptr) *log = std::move(local_log);
  return r;
}

}  // namespace tarang
