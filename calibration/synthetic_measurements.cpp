// Synthetic measurement generator: seeded devices walking around home points, RSRP from the model + truth.
#include "calibration/synthetic_measurements.h"

#include <cmath>
#include <random>

#include <fmt/format.h>

#include "io/atomic_output.h"
#include "planner/best_server_maps.h"
#include "planner/calibrated_gain.h"
#include "propagation/calibration_correction.h"
#include "propagation/link_budget.h"
#include "scene/crs.h"

namespace tarang {

std::vector<SyntheticRow> synthesize_measurements(const Scenario& s, const CoverageResult& model,
                                                  const SyntheticTruth& truth, const SyntheticOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> shadow(0.0, truth.shadowing_db);
  const RasterGrid& g = model.grid;
  const LinkBudget budget = link_budget_of(s);
  std::vector<const SiteSpec*> site_of;
  std::vector<const SectorSpec*> sector_of;
  for (const SiteSpec& site : s.sites) {
    for (const SectorSpec& sector : site.sectors) site_of.push_back(&site), sector_of.push_back(&sector);
  }
  std::vector<SyntheticRow> rows;
  const double width_m = g.nx * g.cell_m, height_m = g.ny * g.cell_m;
  for (int d = 0; d < options.devices; ++d) {
    const std::string device = fmt::format("dev-{:012x}", rng() & 0xffffffffffffULL);
    const double home_x = g.west_m + unit(rng) * width_m, home_y = g.north_m - unit(rng) * height_m;
    for (int i = 0; i < options.rows_per_device; ++i) {
      const double x = home_x + (2 * unit(rng) - 1) * options.walk_m, y = home_y + (2 * unit(rng) - 1) * options.walk_m;
      const int col = static_cast<int>(std::floor((x - g.west_m) / g.cell_m));
      const int row = static_cast<int>(std::floor((g.north_m - y) / g.cell_m));
      if (col < 0 || col >= g.nx || row < 0 || row >= g.ny) continue;
      const std::size_t cell = static_cast<std::size_t>(row) * g.nx + col;
      const int best = model.maps.best_sector[cell];
      if (best < 0) continue;
      const std::size_t k = static_cast<std::size_t>(best);
      const double gain = model.maps.gain_db[k * g.cell_count() + cell];
      double offset_db = truth.correction.offset_db, slope = 0;
      for (const SectorCalibration& sc : truth.correction.sectors) {
        if (sc.sector_id == sector_of[k]->id) offset_db += sc.offset_db, slope = sc.distance_slope_db_per_decade;
      }
      const double correction = calibration_correction_db(offset_db, slope, receiver_distance_m(*site_of[k], g, row, col),
                                                          truth.correction.reference_distance_m);
      SyntheticRow r;
      r.x = x, r.y = y;
      r.rsrp_dbm = rsrp_per_re_dbm(budget.power_dbm[k], budget.n_rb, gain) + correction + shadow(rng);
      r.cell = sector_of[k]->id;
      r.device_id = device;
      r.timestamp = fmt::format("2026-11-{:02d}T{:02d}:{:02d}:{:02d}Z", 1 + i % 28, d % 24, i % 60, (d * 7) % 60);
      rows.push_back(std::move(r));
    }
  }
  if (options.lonlat) {  // one PROJ set-up for all rows
    std::vector<ProjectedPoint> points;
    for (const SyntheticRow& r : rows) points.push_back({r.x, r.y});
    const std::vector<LonLat> lonlat = projected_to_lonlat(points, s.scene.crs);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].x = lonlat[i].lon_deg, rows[i].y = lonlat[i].lat_deg;
  }
  return rows;
}

void write_measurements_csv(const std::string& path, const std::vector<SyntheticRow>& rows, bool lonlat) {
  std::string text = lonlat ? "lon,lat,rsrp_dbm,cell,device_id,timestamp\n" : "x,y,rsrp_dbm,cell,device_id,timestamp\n";
  for (const SyntheticRow& r : rows) {
    text += lonlat ? fmt::format("{:.8f},{:.8f},", r.x, r.y) : fmt::format("{:.3f},{:.3f},", r.x, r.y);
    text += fmt::format("{:.3f},{},{},{}\n", r.rsrp_dbm, r.cell, r.device_id, r.timestamp);
  }
  write_file_atomic(path, text);
}

}  // namespace tarang
