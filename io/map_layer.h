// One map of a coverage result picked by name ("rsrp", "sinr", "throughput", "best_sector", "gain:SECTOR"), with
// its title and units, as the exporters (GeoTIFF, PNG, KMZ, HTML) consume it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/coverage_result.h"

namespace tarang {

struct MapLayer {
  std::string name;   // as given: "rsrp", "gain:connaught-a"
  std::string title;  // "RSRP", "Gain of connaught-a"
  std::string units;  // "dBm", "dB", "Mbit/s"; "" for best_sector
  bool categorical = false;
  std::vector<float> values;             // continuous layers, [ny][nx]: NaN = not computed, -inf = no signal
  std::vector<std::int32_t> categories;  // best_sector, [ny][nx]: index into the result's sectors, -1 = none
};

// The continuous layers every result has, in report order, and the categorical one.
inline const std::vector<std::string>& continuous_layer_names() {
  static const std::vector<std::string> names = {"rsrp", "sinr", "throughput"};
  return names;
}
inline constexpr const char* kBestSectorLayer = "best_sector";

// Whether `name` asks for a per-sector gain map (needs the gain maps read from the file).
bool is_gain_layer(const std::string& name);

// Copies the layer `name` out of `r`. Throws InputError(result_path, 0, "--layer", ...) for an unknown layer name or
// sector id (listing what the file has), and when a gain layer is asked for but `r` was read without gain maps.
MapLayer select_map_layer(const CoverageResult& r, const std::string& name, const std::string& result_path);

}  // namespace tarang
