// CoverageJob: resolve once, plan work units, compute any unit with the scenario's engine, assemble the result.
#include "planner/coverage_job.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "core/error.h"
#include "core/progress.h"
#include "planner/best_server_maps.h"
#include "planner/calibrated_gain.h"
#include "planner/coverage_kpis.h"
#include "planner/memory_budget.h"
#include "planner/scenario_scene.h"
#include "propagation/empirical_gain_maps.h"
#include "raytrace/radio_map_sbr.h"
#if TARANG_HAVE_CUDA
#include "kernels/cuda_runtime_checked.h"
#include "kernels/radio_map_sbr_gpu.h"
#endif

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

// One site of `s` on the GPU, as a scenario of that site alone (the GPU engine works on whole scenarios).
std::vector<float> trace_site_on_gpu(const Scenario& s, std::size_t site_index, const SceneMesh& mesh,
                                     const RasterGrid& grid, int device, Progress* progress, SbrRunStats* stats) {
#if TARANG_HAVE_CUDA
  cuda_select_device(device % cuda_device_count());
  Scenario one = s;
  one.sites = {s.sites[site_index]};
  SbrRunStats site_stats;
  std::vector<float> gain = trace_sbr_gain_maps_gpu(one, mesh, grid, progress, &site_stats);
  stats->rays += site_stats.rays, stats->segments += site_stats.segments, stats->deposits += site_stats.deposits;
  stats->warnings.insert(stats->warnings.end(), site_stats.warnings.begin(), site_stats.warnings.end());
  return gain;
#else
  (void)s, (void)site_index, (void)mesh, (void)grid, (void)device, (void)progress, (void)stats;
  throw std::logic_error("GPU engine requested in a build without CUDA");
#endif
}

// The calibrated gains of one unit (a site's sectors over rows [row_begin, row_end), whole sites for the ray
// tracer): the empirical model, or the GPU or CPU tracer (cpu_tracer set unless gpu), then the scenario calibration.
std::vector<float> calibrated_unit_gains(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                         const WorkUnit& u, bool gpu, const SbrCpuTracer* cpu_tracer,
                                         const CoverageRunOptions& options, Progress* progress, SbrRunStats* stats) {
  std::vector<float> values;
  if (s.propagation.model != PathLossModel::Raytrace) {
    values = compute_empirical_site_rows(s, grid, u.site, u.row_begin, u.row_end, progress, options.threads);
  } else if (gpu) {
    values = trace_site_on_gpu(s, u.site, mesh, grid, options.gpu_device, progress, stats);
  } else if (cpu_tracer != nullptr) {
    values = cpu_tracer->trace_site(u.site, progress, stats);
  } else {
    throw std::logic_error("calibrated_unit_gains: CPU ray tracing without a prepared tracer");
  }
  apply_calibration_to_rows(s, grid, u.site, u.row_begin, u.row_end, values.data());
  return values;
}

template <typename T>
void hash_value(std::uint64_t& h, const T& value) {
  h = fnv1a_64(&value, sizeof value, h);
}

void hash_text(std::uint64_t& h, const std::string& text) {
  hash_value(h, text.size());
  h = fnv1a_64(text.data(), text.size(), h);
}

template <typename T>
void hash_vector(std::uint64_t& h, const std::vector<T>& values) {
  hash_value(h, values.size());
  h = fnv1a_64(values.data(), values.size() * sizeof(T), h);
}

}  // namespace

std::uint64_t fnv1a_64(const void* data, std::size_t size, std::uint64_t hash) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::vector<WorkUnit> plan_work_units(const Scenario& resolved, const RasterGrid& grid) {
  const bool whole_sites = resolved.propagation.model == PathLossModel::Raytrace;
  const int band = whole_sites ? std::max(grid.ny, 1) : kEmpiricalRowsPerUnit;
  std::vector<WorkUnit> units;
  std::uint32_t first_sector = 0;
  for (std::size_t i = 0; i < resolved.sites.size(); ++i) {
    const auto sectors = static_cast<std::uint32_t>(resolved.sites[i].sectors.size());
    for (int row = 0; row < grid.ny && sectors > 0; row += band) {
      units.push_back(WorkUnit{static_cast<std::uint32_t>(i), first_sector, sectors, row, std::min(row + band, grid.ny)});
    }
    first_sector += sectors;
  }
  return units;
}

std::string scenario_hash_of(const Scenario& original, const Scenario& resolved, const RasterGrid& grid,
                             const SceneMesh& mesh, const std::vector<WorkUnit>& units) {
  std::uint64_t h = fnv1a_64(nullptr, 0);
  hash_text(h, original.yaml_text);
  for (const SiteSpec& site : resolved.sites) {
    hash_text(h, site.id);
    hash_value(h, site.x_m), hash_value(h, site.y_m), hash_value(h, site.height_m);
  }
  hash_value(h, grid.west_m), hash_value(h, grid.north_m), hash_value(h, grid.cell_m);
  hash_value(h, grid.nx), hash_value(h, grid.ny), hash_value(h, grid.height_m);
  hash_text(h, grid.crs_wkt);
  hash_value(h, mesh.origin_x_m), hash_value(h, mesh.origin_y_m);
  hash_vector(h, mesh.positions_m);
  hash_vector(h, mesh.indices);
  hash_vector(h, mesh.triangle_material);
  for (const SceneMaterial& m : mesh.materials) hash_text(h, m.name), hash_value(h, m.thickness_m);
  hash_vector(h, units);
  // The calibration may come from a fragment file that yaml_text only names.
  const CalibrationSpec& c = resolved.calibration;
  hash_value(h, c.offset_db), hash_value(h, c.reference_distance_m);
  for (const SectorCalibration& sc : c.sectors) {
    hash_text(h, sc.sector_id), hash_value(h, sc.offset_db), hash_value(h, sc.distance_slope_db_per_decade);
  }
  for (const MaterialCalibration& mc : c.materials) {
    hash_text(h, mc.material), hash_value(h, mc.permittivity_scale), hash_value(h, mc.conductivity_scale);
  }
  return fmt::format("{:016x}", h);
}

// The engine the scenario selects, prepared once per job.
struct CoverageJob::Engine {
  bool gpu = false;
  std::unique_ptr<SbrCpuTracer> cpu_tracer;
  SbrRunStats stats;
};

CoverageJob::CoverageJob(const Scenario& scenario, const CoverageRunOptions& options)
    : original_(scenario), options_(options) {
  SceneBuildStats scene_stats;
  resolved_ = resolve_scenario_scene(scenario, &mesh_, &scene_stats);
  log_.scene_triangles = mesh_.triangle_count();
  log_.warnings = scene_stats.warnings;
  grid_ = raster_grid_of(resolved_.grid, resolved_.scene.crs);
  for (const auto& site : resolved_.sites) {
    for (const auto& sector : site.sectors) {
      sectors_.push_back(SectorRecord{sector.id, site.id, site.x_m, site.y_m, site.height_m, sector.azimuth_deg,
                                      sector.tilt_deg, sector.power_dbm, resolved_.radio.frequency_hz});
    }
  }
  const bool raytrace = resolved_.propagation.model == PathLossModel::Raytrace;
  check_memory_budget(estimate_coverage_memory(sectors_.size(), grid_.cell_count(), raytrace, mesh_.triangle_count()),
                      sectors_.size(), grid_.cell_count(), options.memory, resolved_.source_path);
  units_ = plan_work_units(resolved_, grid_);
  hash_ = scenario_hash_of(original_, resolved_, grid_, mesh_, units_);
  log_.engine = resolved_.propagation.model == PathLossModel::Raytrace ? "cpu (Embree)" : "empirical";
}

CoverageJob::~CoverageJob() = default;

std::size_t CoverageJob::progress_steps(const WorkUnit& u) const {
  if (resolved_.propagation.model != PathLossModel::Raytrace) return static_cast<std::size_t>(u.row_end - u.row_begin);
  return (resolved_.raytrace.rays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
}

std::vector<float> CoverageJob::compute_unit(std::size_t unit_index, Progress* progress) {
  const WorkUnit& u = units_.at(unit_index);
  if (resolved_.propagation.model != PathLossModel::Raytrace) {
    return calibrated_unit_gains(resolved_, mesh_, grid_, u, false, nullptr, options_, progress, nullptr);
  }
  prepare_engine();
  return calibrated_unit_gains(resolved_, mesh_, grid_, u, engine_->gpu, engine_->cpu_tracer.get(), options_, progress,
                               &engine_->stats);
}

// The engine of a SiteGainMaps: the GPU, or the CPU tracer (none for the empirical models).
struct SiteGainMaps::Engine {
  bool gpu = false;
  std::unique_ptr<SbrCpuTracer> cpu_tracer;
  SbrRunStats stats;
};

SiteGainMaps::SiteGainMaps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                           const CoverageRunOptions& options)
    : s_(s), mesh_(mesh), grid_(grid), options_(options), engine_(std::make_unique<Engine>()) {
  const bool raytrace = s.propagation.model == PathLossModel::Raytrace;
  engine_->gpu = raytrace && use_gpu_engine(s.raytrace.engine, s.source_path);
  if (raytrace && !engine_->gpu) engine_->cpu_tracer = std::make_unique<SbrCpuTracer>(s, mesh, grid, options.threads);
}

SiteGainMaps::~SiteGainMaps() = default;

std::size_t SiteGainMaps::progress_steps() const {
  if (s_.propagation.model != PathLossModel::Raytrace) return static_cast<std::size_t>(grid_.ny);
  return (s_.raytrace.rays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
}

std::vector<float> SiteGainMaps::compute(std::size_t site, Progress* progress) {
  const auto n = static_cast<std::uint32_t>(s_.sites.at(site).sectors.size());
  const WorkUnit whole{static_cast<std::uint32_t>(site), 0, n, 0, grid_.ny};
  return calibrated_unit_gains(s_, mesh_, grid_, whole, engine_->gpu, engine_->cpu_tracer.get(), options_, progress,
                               &engine_->stats);
}

void SiteGainMaps::add_to_log(CoverageRunLog* log) const {
  const bool raytrace = s_.propagation.model == PathLossModel::Raytrace;
  log->engine = !raytrace ? "empirical" : engine_->gpu ? "gpu (CUDA, our BVH)" : "cpu (Embree)";
  log->rays += engine_->stats.rays, log->segments += engine_->stats.segments;
  log->warnings.insert(log->warnings.end(), engine_->stats.warnings.begin(), engine_->stats.warnings.end());
}

std::vector<float> compute_gain_maps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                     const CoverageRunOptions& options, CoverageRunLog* log) {
  SiteGainMaps maps(s, mesh, grid, options);
  std::size_t sectors = 0;
  for (const SiteSpec& site : s.sites) sectors += site.sectors.size();
  std::vector<float> gain(sectors * grid.cell_count());
  std::unique_ptr<Progress> progress;
  if (options.show_progress) {
    const bool raytrace = s.propagation.model == PathLossModel::Raytrace;
    progress = std::make_unique<Progress>(raytrace ? "ray tracing" : "gain maps", s.sites.size() * maps.progress_steps());
  }
  std::size_t first_value = 0;
  for (std::size_t site = 0; site < s.sites.size(); ++site) {
    const std::vector<float> values = maps.compute(site, progress.get());
    std::copy(values.begin(), values.end(), gain.begin() + static_cast<std::ptrdiff_t>(first_value));
    first_value += values.size();
  }
  if (progress) progress->finish();
  maps.add_to_log(log);
  return gain;
}

void CoverageJob::prepare_engine() {
  if (resolved_.propagation.model != PathLossModel::Raytrace) return;
  if (!engine_) {
    engine_ = std::make_unique<Engine>();
    engine_->gpu = use_gpu_engine(resolved_.raytrace.engine, resolved_.source_path);
    if (engine_->gpu) {
      log_.engine = "gpu (CUDA, our BVH)";
    } else {
      engine_->cpu_tracer = std::make_unique<SbrCpuTracer>(resolved_, mesh_, grid_, options_.threads);
      if (resolved_.raytrace.engine == RaytraceEngine::Auto) {
        log_.warnings.push_back("raytrace.engine auto: no CUDA device, using the CPU engine (Embree)");
      }
    }
  }
}

CoverageResult assemble_coverage_result(const Scenario& s, const RasterGrid& grid,
                                        const std::vector<SectorRecord>& sectors, const std::string& scenario_hash,
                                        std::vector<float> gain_db, int threads) {
  CoverageResult r;
  r.meta.scenario_name = s.name;
  r.meta.scenario_yaml = s.yaml_text;
  r.meta.scenario_hash = scenario_hash;
  r.grid = grid;
  r.sectors = sectors;
  r.maps.gain_db = std::move(gain_db);
  compute_best_server_maps(link_budget_of(s), r.grid.cell_count(), r.maps, threads);
  r.kpis = compute_coverage_kpis(r.maps, s.targets);
  return r;
}

CoverageResult CoverageJob::assemble(std::vector<float> gain_db) const {
  return assemble_coverage_result(resolved_, grid_, sectors_, hash_, std::move(gain_db), options_.threads);
}

CoverageRunLog CoverageJob::log() const {
  CoverageRunLog out = log_;
  if (engine_) {
    out.rays = engine_->stats.rays, out.segments = engine_->stats.segments;
    out.warnings.insert(out.warnings.end(), engine_->stats.warnings.begin(), engine_->stats.warnings.end());
  }
  return out;
}

}  // namespace tarang
