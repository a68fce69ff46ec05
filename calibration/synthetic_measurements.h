// Synthetic mobile measurements drawn from a scenario's model plus a known correction and shadowing (tests, demos).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "core/scenario.h"

namespace tarang {

// The "true" propagation: model + correction (calibration_correction_db per sector, plus a global offset) +
// Gaussian shadowing per row.
struct SyntheticTruth {
  CalibrationSpec correction;
  double shadowing_db = 4;
};

struct SyntheticOptions {
  int devices = 500;
  int rows_per_device = 10;
  double walk_m = 20;     // a device's rows lie within +-walk_m of its home point (uniform over the grid)
  std::uint64_t seed = 1;
  bool lonlat = false;    // write WGS 84 lon/lat columns instead of scene x/y
};

struct SyntheticRow {
  double x = 0, y = 0;  // scene x/y in metres, or lon/lat in degrees
  double rsrp_dbm = 0;
  std::string cell;       // serving sector id
  std::string device_id;  // "dev-" + 12 hex digits
  std::string timestamp;  // ISO 8601
};

// Rows for `s` (resolved) and its uncalibrated model result `model` (run_coverage of s without calibration offsets;
// for a ray-traced truth with scaled materials, run with those in s.calibration.materials): each
// row reports its serving (best) sector's RSRP at the fine cell it falls in, with the truth's correction at that
// cell's distance and shadowing added. Rows whose cell has no serving sector are skipped.
std::vector<SyntheticRow> synthesize_measurements(const Scenario& s, const CoverageResult& model,
                                                  const SyntheticTruth& truth, const SyntheticOptions& options);

// Writes rows as CSV: x,y (or lon,lat),rsrp_dbm,cell,device_id,timestamp. InputError when it cannot be written.
void write_measurements_csv(const std::string& path, const std::vector<SyntheticRow>& rows, bool lonlat);

}  // namespace tarang
