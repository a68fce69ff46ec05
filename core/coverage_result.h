// CoverageResult: everything a coverage run produces (grid, sectors, per-sector and best-server maps, KPIs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/raster_grid.h"

namespace tarang {

struct SectorRecord {
  std::string id;
  std::string site_id;
  double x_m = 0, y_m = 0, z_m = 0;  // antenna position; z above the ground datum
  double azimuth_deg = 0, tilt_deg = 0;
  double power_dbm = 0;
  double frequency_hz = 0;
};

struct CoverageKpis {
  double covered_fraction = 0;  // of served cells with RSRP >= target_rsrp_dbm and SINR >= target_sinr_db
  double target_rsrp_dbm = 0, target_sinr_db = 0;  // the targets covered_fraction was measured against
  double rsrp_p5_dbm = 0, rsrp_p50_dbm = 0, rsrp_p95_dbm = 0;
  double sinr_p5_db = 0, sinr_p50_db = 0, sinr_p95_db = 0;
  double throughput_p5_mbps = 0, throughput_p50_mbps = 0, throughput_p95_mbps = 0;
};

// Row-major maps; index = row * nx + col, and for gain_db sector * ny * nx + row * nx + col.
struct CoverageMaps {
  std::vector<float> gain_db;          // [n_sectors][ny][nx], NaN = not computed
  std::vector<float> rsrp_dbm;         // [ny][nx] best-server RSRP per resource element
  std::vector<std::int32_t> best_sector;  // [ny][nx] index into sectors, -1 = none
  std::vector<float> sinr_db;          // [ny][nx]
  std::vector<float> throughput_mbps;  // [ny][nx]
};

struct ResultMetadata {
  std::string scenario_name;
  std::string scenario_yaml;  // full scenario text
  std::string tarang_version;
  std::string created_utc;    // ISO 8601, e.g. 2026-11-29T05:00:00Z
  std::string command_line;
  std::string scenario_hash;  // 16 hex digits over everything that fixes the maps ("" in files from older tarang)
};

struct CoverageResult {
  ResultMetadata meta;
  RasterGrid grid;
  std::vector<SectorRecord> sectors;
  CoverageMaps maps;
  CoverageKpis kpis;
};

}  // namespace tarang
