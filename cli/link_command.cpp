// `tarang link`: specular propagation paths from every site to receiver points, as a table and an HDF5 file.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/output_path.h"
#include "core/error.h"
#include "core/version.h"
#include "io/paths_h5.h"
#include "io/scenario_yaml.h"
#include "planner/link_run.h"

namespace tarang {
namespace {

// "x,y,height" with numbers only; `where` names the origin in messages.
LinkReceiver parse_receiver(const std::string& text, const std::string& file, int line, const std::string& key) {
  std::vector<double> v;
  std::stringstream in(text);
  std::string field;
  while (std::getline(in, field, ',')) {
    char* end = nullptr;
    const double value = std::strtod(field.c_str(), &end);
    if (field.empty() || *end != '\0' || !std::isfinite(value)) {
      throw InputError(file, line, key, "expected x_m,y_m,height_m numbers, got '" + text + "'");
    }
    v.push_back(value);
  }
  if (v.size() != 3) throw InputError(file, line, key, "expected x_m,y_m,height_m, got '" + text + "'");
  return LinkReceiver{v[0], v[1], v[2]};
}

// Receivers from a CSV file: one "x_m,y_m,height_m" per line; a first line that is not numeric is a header.
std::vector<LinkReceiver> read_receiver_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "file not found or unreadable");
  std::vector<LinkReceiver> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (number == 1 && line.find_first_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) continue;
    out.push_back(parse_receiver(line, path, number, "receiver"));
  }
  if (out.empty()) throw InputError(path, "no receiver points in the file");
  return out;
}

}  // namespace

int run_link_command(const LinkArgs& args, const std::string& command_line) {
  const Scenario scenario = load_scenario_file(args.scenario_path);
  std::vector<LinkReceiver> receivers;
  for (const std::string& rx : args.receivers) receivers.push_back(parse_receiver(rx, "command line", 0, "--rx"));
  if (!args.receiver_file.empty()) {
    const auto more = read_receiver_file(args.receiver_file);
    receivers.insert(receivers.end(), more.begin(), more.end());
  }
  if (!args.output_path.empty()) check_output_writable(args.output_path);

  const LinkRunResult r = run_links(scenario, receivers);
  print_warnings(r.warnings);
  const Scenario& s = r.scenario;
  fmt::print("links of {}: {} sites x {} receivers, {:.3f} GHz, up to {} reflections\n", s.name, s.sites.size(),
             receivers.size(), s.radio.frequency_hz / 1e9, s.raytrace.max_depth);
  for (const SiteReceiverLink& link : r.links) {
    const LinkReceiver& rx = receivers[link.receiver];
    fmt::print("\nsite {} -> receiver {} ({:.1f}, {:.1f}, {:g} m): {} paths\n", s.sites[link.site].id,
               link.receiver + 1, rx.x_m, rx.y_m, rx.height_m, link.paths.size());
    if (!link.paths.empty()) {
      fmt::print("  {:<4}{:<14}{:>10}{:>11}{:>10}{:>9}{:>9}{:>8}{:>9}{:>8}\n", "#", "path", "length_m", "delay_ns",
                 "gain_dB", "phase", "AoD_az", "AoD_el", "AoA_az", "AoA_el");
    }
    for (std::size_t i = 0; i < link.paths.size(); ++i) {
      const PropagationPath& p = link.paths[i];
      fmt::print("  {:<4}{:<14}{:>10.2f}{:>11.2f}{:>10.2f}{:>9.1f}{:>9.1f}{:>8.1f}{:>9.1f}{:>8.1f}\n", i + 1,
                 interaction_text(p), p.length_m, p.delay_s * 1e9, 10 * std::log10(std::norm(p.amplitude)),
                 std::arg(p.amplitude) * 180 / M_PI, p.aod_azimuth_deg, p.aod_elevation_deg, p.aoa_azimuth_deg,
                 p.aoa_elevation_deg);
    }
    fmt::print("  path gain: coherent {:.2f} dB, incoherent {:.2f} dB; RMS delay spread {:.2f} ns\n",
               link.summary.coherent_gain_db, link.summary.incoherent_gain_db, link.summary.rms_delay_spread_s * 1e9);
    for (std::size_t k = 0; k < link.sector_coherent_gain_db.size(); ++k) {
      fmt::print("  sector {}: coherent gain with its antenna {:.2f} dB\n", s.sites[link.site].sectors[k].id,
                 link.sector_coherent_gain_db[k]);
    }
  }

  if (!args.output_path.empty()) {
    PathsFile file;
    file.scenario_name = s.name, file.scenario_yaml = s.yaml_text, file.tarang_version = kVersion;
    file.created_utc = utc_timestamp_now(), file.command_line = command_line;
    file.crs_wkt = s.scene.crs, file.origin_x_m = r.origin_x_m, file.origin_y_m = r.origin_y_m;
    file.frequency_hz = s.radio.frequency_hz;
    for (const SiteSpec& site : s.sites) {
      file.site_ids.push_back(site.id);
      file.sector_ids.emplace_back();
      for (const SectorSpec& sector : site.sectors) file.sector_ids.back().push_back(sector.id);
    }
    for (std::size_t i = 0; i < receivers.size(); ++i) {
      file.receivers_m.push_back({receivers[i].x_m, receivers[i].y_m, r.receiver_z_m[i]});
    }
    file.links = r.links;
    write_paths_file(args.output_path, file);
    fmt::print("\nwrote {}\n", args.output_path);
  }
  return 0;
}

}  // namespace tarang
