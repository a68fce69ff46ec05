// Layer selection by name, with errors that list the layers and sectors a result file has.
#include "io/map_layer.h"

#include <algorithm>

#include "core/error.h"

namespace tarang {
namespace {

constexpr const char* kGainPrefix = "gain:";
constexpr std::size_t kListedSectors = 12;  // sector ids named in an error before "..."

std::string sector_list(const CoverageResult& r) {
  std::string out;
  for (std::size_t i = 0; i < r.sectors.size() && i < kListedSectors; ++i) out += (i ? ", " : "") + r.sectors[i].id;
  if (r.sectors.size() > kListedSectors) out += ", ... (" + std::to_string(r.sectors.size()) + " sectors)";
  return out.empty() ? "none" : out;
}

}  // namespace

bool is_gain_layer(const std::string& name) { return name.rfind(kGainPrefix, 0) == 0; }

MapLayer select_map_layer(const CoverageResult& r, const std::string& name, const std::string& result_path) {
  auto fail = [&](const std::string& message) -> InputError { return InputError(result_path, 0, "--layer", message); };
  MapLayer layer;
  layer.name = name;
  if (name == "rsrp") {
    layer.title = "RSRP", layer.units = "dBm", layer.values = r.maps.rsrp_dbm;
  } else if (name == "sinr") {
    layer.title = "SINR", layer.units = "dB", layer.values = r.maps.sinr_db;
  } else if (name == "throughput") {
    layer.title = "Throughput", layer.units = "Mbit/s", layer.values = r.maps.throughput_mbps;
  } else if (name == kBestSectorLayer) {
    layer.title = "Best server", layer.categorical = true, layer.categories = r.maps.best_sector;
  } else if (is_gain_layer(name)) {
    const std::string id = name.substr(std::string(kGainPrefix).size());
    const auto it = std::find_if(r.sectors.begin(), r.sectors.end(), [&](const SectorRecord& s) { return s.id == id; });
    if (it == r.sectors.end()) throw fail("no sector '" + id + "' in this file (sectors: " + sector_list(r) + ")");
    const std::size_t cells = r.grid.cell_count();
    const std::size_t index = static_cast<std::size_t>(it - r.sectors.begin());
    if (r.maps.gain_db.size() != r.sectors.size() * cells) throw fail("the gain maps were not read from this file");
    const auto first = r.maps.gain_db.begin() + static_cast<std::ptrdiff_t>(index * cells);
    layer.title = "Gain of " + id;
    layer.units = "dB";
    layer.values.assign(first, first + static_cast<std::ptrdiff_t>(cells));
  } else {
    throw fail("no layer '" + name + "' in this file (layers: rsrp, sinr, throughput, best_sector, gain:SECTOR with " +
               "SECTOR one of " + sector_list(r) + ")");
  }
  return layer;
}

}  // namespace tarang
