// Difference maps between result files on one grid (`tarang compare --diff-out`), as HDF5 (layout in the .cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/raster_grid.h"

namespace tarang {

struct DifferenceMaps {
  RasterGrid grid;
  std::string reference_path;               // the first result: every layer is "compared minus reference"
  std::vector<std::string> compared_paths;  // one per layer
  std::vector<float> rsrp_db;               // [layers][ny][nx]
  std::vector<float> sinr_db;               // [layers][ny][nx]
  std::vector<float> throughput_mbps;       // [layers][ny][nx]
  std::vector<std::int32_t> coverage_change;  // [layers][ny][nx]: +1 covered only in the compared result,
                                              // -1 only in the reference, 0 otherwise
};

// Writes atomically (temp file + rename). InputError when the file cannot be created; std::invalid_argument when
// the layer sizes do not match the grid and the number of compared results.
void write_difference_maps(const std::string& path, const DifferenceMaps& d);

}  // namespace tarang
