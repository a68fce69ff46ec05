// The point-to-point paths file (`tarang link -o`): HDF5 with a /paths group (layout in README).
#pragma once

#include <string>
#include <vector>

#include "raytrace/specular_paths.h"

namespace tarang {

struct PathsFile {
  std::string scenario_name, scenario_yaml, tarang_version, created_utc, command_line;
  std::string crs_wkt;
  double origin_x_m = 0, origin_y_m = 0;  // CRS coordinates of the local frame the paths' vertices use
  double frequency_hz = 0;
  std::vector<std::string> site_ids;
  std::vector<std::vector<std::string>> sector_ids;  // per site
  std::vector<Vec3<double>> receivers_m;              // CRS x, y and absolute z
  std::vector<SiteReceiverLink> links;
};

// Writes atomically (temp file + rename). Throws InputError when the file cannot be created.
void write_paths_file(const std::string& path, const PathsFile& content);

// Reads the table of paths back (vertices in CRS coordinates); for tools and tests.
struct PathRecord {
  std::size_t site, receiver;
  std::string interactions;
  double length_m, delay_s, gain_db, phase_deg, aod_azimuth_deg, aod_elevation_deg, aoa_azimuth_deg, aoa_elevation_deg;
  std::vector<Vec3<double>> vertices_m;
};
std::vector<PathRecord> read_path_records(const std::string& path);

}  // namespace tarang
