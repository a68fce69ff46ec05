// Paths file writer/reader on io/h5_checked.
#include "io/paths_h5.h"

#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "io/h5_checked.h"
#include "io/h5_file_io.h"

namespace tarang {
namespace {

constexpr const char* kFormat = "tarang-paths";

void write_content(hid_t file, const PathsFile& c) {
  h5::write_attribute(file, "format", std::string_view(kFormat));
  h5::write_attribute(file, "format_version", std::int64_t{1});
  h5::write_attribute(file, "tarang_version", std::string_view(c.tarang_version));
  h5::write_attribute(file, "created_utc", std::string_view(c.created_utc));
  h5::write_attribute(file, "command_line", std::string_view(c.command_line));
  h5::write_attribute(file, "scenario_name", std::string_view(c.scenario_name));
  h5::write_attribute(file, "scenario_yaml", std::string_view(c.scenario_yaml));
  h5::Handle group = h5::create_group(file, "paths");
  h5::write_attribute(group.get(), "crs_wkt", std::string_view(c.crs_wkt));
  h5::write_attribute(group.get(), "frequency_hz", c.frequency_hz);

  std::vector<double> receivers;
  for (const auto& r : c.receivers_m) receivers.insert(receivers.end(), {r.x, r.y, r.z});
  const hsize_t rx_dims[2] = {c.receivers_m.size(), 3};
  h5::write_dataset(group.get(), "receivers_m", rx_dims, receivers.data());

  h5::Table table;
  table.string_names = {"site_id", "interactions"};
  table.string_columns.resize(2);
  table.double_names = {"site", "receiver", "length_m", "delay_s", "amplitude_re", "amplitude_im", "gain_db",
                        "aod_azimuth_deg", "aod_elevation_deg", "aoa_azimuth_deg", "aoa_elevation_deg",
                        "vertex_offset", "vertex_count"};
  table.double_columns.resize(table.double_names.size());
  std::vector<double> vertices;
  h5::Table summary;
  summary.string_names = {"site_id"};
  summary.string_columns.resize(1);
  summary.double_names = {"site", "receiver", "paths", "coherent_gain_db", "incoherent_gain_db", "rms_delay_spread_s"};
  summary.double_columns.resize(summary.double_names.size());
  for (const SiteReceiverLink& link : c.links) {
    for (const PropagationPath& p : link.paths) {
      table.string_columns[0].push_back(c.site_ids.at(link.site));
      table.string_columns[1].push_back(interaction_text(p));
      const double values[] = {static_cast<double>(link.site), static_cast<double>(link.receiver), p.length_m,
                               p.delay_s, p.amplitude.real(), p.amplitude.imag(), 10 * std::log10(std::norm(p.amplitude)),
                               p.aod_azimuth_deg, p.aod_elevation_deg, p.aoa_azimuth_deg, p.aoa_elevation_deg,
                               static_cast<double>(vertices.size() / 3), static_cast<double>(p.vertices.size())};
      for (std::size_t k = 0; k < std::size(values); ++k) table.double_columns[k].push_back(values[k]);
      for (const auto& v : p.vertices) vertices.insert(vertices.end(), {v.x + c.origin_x_m, v.y + c.origin_y_m, v.z});
    }
    summary.string_columns[0].push_back(c.site_ids.at(link.site));
    const double s[] = {static_cast<double>(link.site), static_cast<double>(link.receiver),
                        static_cast<double>(link.paths.size()), link.summary.coherent_gain_db,
                        link.summary.incoherent_gain_db, link.summary.rms_delay_spread_s};
    for (std::size_t k = 0; k < std::size(s); ++k) summary.double_columns[k].push_back(s[k]);
  }
  h5::write_table(group.get(), "table", table);
  const hsize_t vertex_dims[2] = {vertices.size() / 3, 3};
  h5::write_dataset(group.get(), "vertices_m", vertex_dims, vertices.data());
  h5::write_table(group.get(), "summary", summary);
}

}  // namespace

void write_paths_file(const std::string& path, const PathsFile& content) {
  write_atomically(path, [&](const std::string& temp) {
    h5::silence_errors();
    h5::Handle file = h5::create_file(temp);
    write_content(file.get(), content);
    file.close("close paths file");
  });
}

std::vector<PathRecord> read_path_records(const std::string& path) {
  check_readable_hdf5(path);
  h5::silence_errors();
  h5::Handle file = h5::open_file_read(path);
  if (!h5::attribute_exists(file.get(), "format") || h5::read_string_attribute(file.get(), "format") != kFormat) {
    throw InputError(path, "not a tarang paths file");
  }
  const h5::Table table = h5::read_table(file.get(), "paths/table", {"site_id", "interactions"},
                                         {"site", "receiver", "length_m", "delay_s", "gain_db", "amplitude_re",
                                          "amplitude_im", "aod_azimuth_deg", "aod_elevation_deg", "aoa_azimuth_deg",
                                          "aoa_elevation_deg", "vertex_offset", "vertex_count"});
  std::vector<hsize_t> dims;
  const std::vector<double> vertices = h5::read_double_dataset(file.get(), "paths/vertices_m", dims);
  std::vector<PathRecord> out;
  for (std::size_t i = 0; i < table.rows(); ++i) {
    const auto& d = table.double_columns;
    PathRecord r{static_cast<std::size_t>(d[0][i]), static_cast<std::size_t>(d[1][i]), table.string_columns[1][i],
                 d[2][i], d[3][i], d[4][i], std::atan2(d[6][i], d[5][i]) * 180 / M_PI, d[7][i], d[8][i], d[9][i],
                 d[10][i], {}};
    const auto offset = static_cast<std::size_t>(d[11][i]), count = static_cast<std::size_t>(d[12][i]);
    for (std::size_t v = offset; v < offset + count; ++v) {
      r.vertices_m.push_back({vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]});
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace tarang
