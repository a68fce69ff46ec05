// A small synthetic coverage result with known values for the exporter tests (GeoTIFF, PNG, KMZ, HTML, CLI).
#pragma once

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "core/coverage_result.h"
#include "scene/crs.h"

namespace tarang::test {

// 40 x 30 cells of 25 m in WGS 84 / UTM zone 43N (New Delhi). Values are closed forms of (row, col):
//   rsrp_dbm        = -120 + col            (so a column has one value), NaN in rows 0..2 x cols 0..2 (a building),
//                     -inf in rows 27..29 x cols 37..39 (no signal)
//   sinr_db         = -5 + row, same NaN / -inf cells
//   throughput_mbps = 10 * col, NaN in the building, 0 where no signal
//   best_sector     = col < 20 ? 0 : (row < 15 ? 1 : 2); -1 in the building and where no signal
//   gain_db         = sector k: -100 - k - row (NaN in the building)
inline CoverageResult make_export_result(const std::string& name = "synthetic") {
  CoverageResult r;
  r.meta.scenario_name = name;
  r.meta.scenario_yaml = "name: " + name + "\nnote: \"<b>&'\"\n";
  r.meta.tarang_version = "0.1.0";
  r.meta.created_utc = "2026-11-29T05:00:00Z";
  r.meta.command_line = "tarang coverage " + name + ".yaml";
  r.grid.west_m = 714000;
  r.grid.north_m = 3169000;
  r.grid.cell_m = 25;
  r.grid.nx = 40;
  r.grid.ny = 30;
  r.grid.height_m = 1.5;
  r.grid.crs_wkt = resolve_projected_crs("EPSG:32643").wkt;
  r.sectors = {
      {"alpha-1", "alpha", 714200, 3168500, 25, 45, 6, 46, 3.5e9},
      {"alpha-2", "alpha", 714200, 3168500, 25, 225, 6, 46, 3.5e9},
      {"beta-1", "beta", 714800, 3168600, 30, 90, 4, 46, 3.5e9},
  };
  const std::size_t cells = r.grid.cell_count();
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  r.maps.rsrp_dbm.resize(cells);
  r.maps.sinr_db.resize(cells);
  r.maps.throughput_mbps.resize(cells);
  r.maps.best_sector.resize(cells);
  r.maps.gain_db.resize(r.sectors.size() * cells);
  for (int row = 0; row < r.grid.ny; ++row) {
    for (int col = 0; col < r.grid.nx; ++col) {
      const std::size_t c = static_cast<std::size_t>(row) * r.grid.nx + col;
      const bool building = row < 3 && col < 3, no_signal = row >= 27 && col >= 37;
      r.maps.rsrp_dbm[c] = building ? nan : no_signal ? -inf : -120.0f + col;
      r.maps.sinr_db[c] = building ? nan : no_signal ? -inf : -5.0f + row;
      r.maps.throughput_mbps[c] = building ? nan : no_signal ? 0.0f : 10.0f * col;
      r.maps.best_sector[c] = building || no_signal ? -1 : col < 20 ? 0 : (row < 15 ? 1 : 2);
      for (std::size_t k = 0; k < r.sectors.size(); ++k) {
        r.maps.gain_db[k * cells + c] = building ? nan : -100.0f - k - row;
      }
    }
  }
  r.kpis = {0.5, -105, -5, -118, -100, -82, -4, 10, 23, 20, 200, 380};
  return r;
}

// A fresh folder per test under the system temp folder, removed afterwards.
class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / ("tarang_" + tag + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }
  // Number of entries (files and folders) directly inside.
  std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(path_)) ++n;
    return n;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace tarang::test
