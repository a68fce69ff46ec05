// PlanSpec: the scenario's `plan:` section (candidate sites, sector templates, targets, budget, search settings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/antenna_spec.h"
#include "core/model_kinds.h"

namespace tarang {

enum class PlanObjective {
  MaxCoverage,  // maximise the served demand fraction within the budget (max sites, max cost)
  MinCost,      // minimise cost until the served demand fraction reaches the target
};

// A candidate site position given by the user (in the list or a CSV/GeoJSON file).
struct PlanCandidatePoint {
  std::string id;
  double x_m = 0, y_m = 0;
  bool from_lonlat = false;  // x_m/y_m are filled once the CRS is known
  double lon_deg = 0, lat_deg = 0;
  double height_m = 0;       // above ground; 0 = the plan's default height
  double cost = 0;           // 0 = the plan's default cost
  int line = 0;              // where it was given (list entry line, or CSV/GeoJSON feature number)
};

// Sector configurations tried at every candidate site: sector_count sectors spaced 360 / sector_count apart, the
// first at each of azimuth_offsets_deg, all with each of tilts_deg (one alternative configuration per pair).
struct PlanSectorTemplate {
  int sector_count = 3;
  std::vector<double> azimuth_offsets_deg{0};
  std::vector<double> tilts_deg{6};
  double power_dbm = 46;
  AntennaSpec antenna;  // default TR 38.901 element
  SectorPolarization polarization = SectorPolarization::V;
};

struct PlanSpec {
  bool enabled = false;  // a `plan:` section was given
  PlanObjective objective = PlanObjective::MinCost;
  double target_fraction = 0.95;  // of demand (of computed cells without a demand raster) covered and served
  std::size_t max_sites = std::numeric_limits<std::size_t>::max();  // existing sites included
  double max_cost = std::numeric_limits<double>::infinity();
  double min_throughput_p5_mbps = 0;  // > 0: 5th-percentile user throughput the plan must also reach (min-cost)

  // Candidates.
  std::vector<PlanCandidatePoint> candidates;  // `candidates.list` and `candidates.file`, in that order
  std::string candidates_file;                 // resolved path ("" = none); read when planning
  double default_height_m = 25;
  double default_cost = 1;
  double rooftop_min_height_m = -1;  // >= 0: every building at least this tall gets a rooftop candidate
  double rooftop_mast_m = 3;         // antenna height above the roof
  double rooftop_cost = 1;
  double street_spacing_m = 0;       // > 0: candidates on a square lattice of this spacing outside buildings
  double street_height_m = 10;
  double street_cost = 1;
  std::string exclusion_file;        // polygons (any OGR vector format) where no candidate may be

  PlanSectorTemplate sectors;

  // Demand and capacity.
  std::string demand_file;         // raster of users per km^2 (any CRS GDAL reads); "" = uniform over computed cells
  double users_per_1000_m3 = 0;    // > 0: demand from building volume instead (users per 1000 m^3 of building)
  double demand_mbps_per_user = 1; // busy-hour rate per user
  bool capacity = false;           // sectors serve at most their capacity (PRBs x spectral efficiency)
  double max_utilisation = 1.0;

  // Search.
  std::uint64_t seed = 1;
  std::int64_t iterations = 20000;
  double time_limit_s = 60;
  double bound_time_limit_s = 30;  // CBC: exact solve, else the best bound found
  double keep_rsrp_dbm = -130;     // gain matrix sparsity: weaker cells are dropped
  std::string gain_cache_path;     // "" = beside the output (NAME.gains.h5); "none" = no cache
};

}  // namespace tarang
