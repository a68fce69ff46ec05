// CoverageJob: a coverage run split into work units that any number of processes can compute in any order; the
// assembled maps are bit-identical whatever the split (docs/batch.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "core/raster_grid.h"
#include "core/scenario.h"
#include "core/work_unit.h"
#include "planner/coverage_run.h"
#include "scene/scene_mesh.h"

namespace tarang {

class Progress;

// Grid rows per empirical work unit (ray-traced units are whole sites: rays deposit anywhere on the grid).
constexpr int kEmpiricalRowsPerUnit = 64;

// The units of a resolved scenario in a fixed order: per site (scenario order), then per band of rows.
std::vector<WorkUnit> plan_work_units(const Scenario& resolved, const RasterGrid& grid);

// 16 hex digits (FNV-1a 64) over what fixes the maps: the scenario text of `original`, the resolved sites and
// grid, the scene mesh (the data files it was built from), the work units and the calibration (fragment files).
std::string scenario_hash_of(const Scenario& original, const Scenario& resolved, const RasterGrid& grid,
                             const SceneMesh& mesh, const std::vector<WorkUnit>& units);

// The result from complete gains: best-server maps and KPIs under the radio settings and targets of `s` (resolved
// or just parsed: sites' positions are not used), with the scenario's name, text and hash as metadata.
CoverageResult assemble_coverage_result(const Scenario& s, const RasterGrid& grid,
                                        const std::vector<SectorRecord>& sectors, const std::string& scenario_hash,
                                        std::vector<float> gain_db, int threads);

class CoverageJob {
 public:
  // Loads and resolves the scene of `scenario`, plans the units and hashes the job.
  CoverageJob(const Scenario& scenario, const CoverageRunOptions& options);
  ~CoverageJob();
  CoverageJob(const CoverageJob&) = delete;
  CoverageJob& operator=(const CoverageJob&) = delete;

  const Scenario& scenario() const { return resolved_; }  // resolved (CRS, site positions, bounds)
  const RasterGrid& grid() const { return grid_; }
  const std::vector<SectorRecord>& sectors() const { return sectors_; }
  const std::vector<WorkUnit>& units() const { return units_; }
  const std::string& scenario_hash() const { return hash_; }

  // Progress steps compute_unit(u) advances by (ray blocks, or grid rows).
  std::size_t progress_steps(const WorkUnit& u) const;
  // Chooses and prepares the engine (GPU or Embree scene) unless done; InputError when the scenario's engine is
  // not available. compute_unit calls it; call it first to report such errors before any output is created.
  void prepare_engine();
  // The unit's gains, laid out as WorkUnit describes.
  std::vector<float> compute_unit(std::size_t unit_index, Progress* progress);
  // The result from complete [n_sectors][ny][nx] gains: best-server maps, KPIs and the scenario metadata.
  CoverageResult assemble(std::vector<float> gain_db) const;
  // Engine, ray statistics and warnings of the units computed so far (scene warnings included).
  CoverageRunLog log() const;

 private:
  struct Engine;
  Scenario original_, resolved_;
  CoverageRunOptions options_;
  SceneMesh mesh_;
  RasterGrid grid_;
  std::vector<SectorRecord> sectors_;
  std::vector<WorkUnit> units_;
  std::string hash_;
  CoverageRunLog log_;
  std::unique_ptr<Engine> engine_;
};

// FNV-1a 64 of bytes, continued from `hash` (for scenario_hash_of and tests).
std::uint64_t fnv1a_64(const void* data, std::size_t size, std::uint64_t hash = 0xcbf29ce484222325ULL);

}  // namespace tarang
