// The coverage pipeline: builds the grid, evaluates the propagation model, then the best-server maps and KPIs.
#include "planner/coverage_run.h"

#include <cmath>
#include <memory>

#include "core/progress.h"
#include "planner/best_server_maps.h"
#include "planner/coverage_kpis.h"
#include "propagation/empirical_gain_maps.h"
#include "raytrace/radio_map_sbr.h"
#include "planner/scenario_scene.h"

namespace tarang {

RasterGrid raster_grid_of(const GridSpec& spec, const std::string& crs_wkt) {
  RasterGrid g;
  g.west_m = spec.xmin_m;
  g.north_m = spec.ymax_m;
  g.cell_m = spec.cell_m;
  // A tolerance of 1e-9 cells keeps exact multiples (e.g. 1000 / 10) from gaining a column to rounding.
  g.nx = static_cast<int>(std::ceil((spec.xmax_m - spec.xmin_m) / spec.cell_m - 1e-9));
  g.ny = static_cast<int>(std::ceil((spec.ymax_m - spec.ymin_m) / spec.cell_m - 1e-9));
  g.height_m = spec.height_m;
  g.crs_wkt = crs_wkt;
  return g;
}

CoverageResult run_coverage(const Scenario& scenario, const CoverageRunOptions& options, CoverageRunLog* log) {
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

  if (s.propagation.model == PathLossModel::Raytrace) {
    std::unique_ptr<Progress> progress;
    const std::size_t blocks = (s.raytrace.rays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
    if (options.show_progress) progress = std::make_unique<Progress>("ray tracing", s.sites.size() * blocks);
    SbrRunStats stats;
    r.maps.gain_db = trace_sbr_gain_maps(s, mesh, r.grid, progress.get(), &stats, options.threads);
    local_log.engine = "cpu (Embree)";
    local_log.rays = stats.rays, local_log.segments = stats.segments;
    local_log.warnings.insert(local_log.warnings.end(), stats.warnings.begin(), stats.warnings.end());
    if (s.raytrace.engine == RaytraceEngine::Auto) {
      local_log.warnings.insert(local_log.warnings.end(),
                                "raytrace.engine auto: no GPU engine in this build, using the CPU engine (Embree)");
    }
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
