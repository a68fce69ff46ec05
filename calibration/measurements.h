// Mobile measurements (drive tests, crowdsourced RSRP reports) read through OGR into scene coordinates.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/raster_grid.h"
#include "core/scenario.h"

namespace tarang {

// One usable measurement row. Only the privacy step (calibration/private_aggregates.h) ever sees these.
struct Measurement {
  double x_m = 0, y_m = 0;  // scene CRS
  double rsrp_dbm = 0;      // per resource element
  int sector = 0;           // index in scenario order
  int device = 0;           // dense device index; a row without a device id is a device of its own
};

// What happened to the rows of a measurement file; bad rows are counted, never fatal.
struct IngestStats {
  std::size_t rows = 0;               // features read
  std::size_t used = 0;               // rows kept
  std::size_t missing_value = 0;      // empty / NaN / unparsable coordinate, RSRP or cell
  std::size_t rsrp_out_of_range = 0;  // outside the NR SS-RSRP reporting range [-156, -31] dBm
  std::size_t unknown_cell = 0;       // cell matches no sector id or pci of the scenario
  std::size_t bad_position = 0;       // coordinates that cannot be transformed to the scene CRS
  std::size_t outside_grid = 0;       // inside the scene CRS but outside the scenario grid
  std::size_t devices = 0;            // distinct devices among the rows kept
  bool device_ids = false;            // the file has a device column
  std::string position_columns;       // e.g. "lon/lat (WGS 84)", "x/y (scenario CRS)", "point geometry (EPSG:4326)"
};

struct MeasurementSet {
  std::vector<Measurement> rows;
  IngestStats stats;
};

// NR SS-RSRP reporting range (TS 38.133 Table 10.1.6.1-1): rows outside it are counted as bad.
inline constexpr double kMinReportableRsrp_dbm = -156, kMaxReportableRsrp_dbm = -31;

// Reads the first layer of `path` (CSV, GeoPackage or any OGR vector source). Columns are matched by name, case
// insensitive: lon/longitude/lng + lat/latitude (WGS 84), or x/x_m/easting + y/y_m/northing (in `xy_crs`, default
// the scenario's CRS), else the layer's point geometry in the layer CRS; rsrp/rsrp_dbm/ss_rsrp; cell/cell_id/sector/
// sector_id/pci (a sector id, else a whole number matched against the sectors' pci); optional device/device_id/ue_id
// and timestamp/time (accepted, never used or written). `s` must be resolved (scene CRS WKT, sites in x_m/y_m).
// Throws InputError(path, ...) for an unreadable file or missing columns.
MeasurementSet read_measurements(const std::string& path, const Scenario& s, const RasterGrid& grid,
                                 const std::string& xy_crs = "");

}  // namespace tarang
