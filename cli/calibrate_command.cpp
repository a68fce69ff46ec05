// `tarang calibrate`: measurements -> privatised aggregates -> calibrated scenario fragment, report and demand map.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <vector>

#include "calibration/calibration_report_h5.h"
#include "calibration/calibration_run.h"
#include "calibration/demand_raster.h"
#include "cli/commands.h"
#include "cli/output_path.h"
#include "core/error.h"
#include "core/version.h"
#include "io/scenario_yaml.h"
#include "io/scenario_yaml_writer.h"

namespace tarang {
namespace {

[[noreturn]] void bad_option(const std::string& option, const std::string& message) {
  throw InputError("", 0, option, message);
}

double parse_epsilon(const std::string& text) {
  if (text == "inf" || text == "infinity") return std::numeric_limits<double>::infinity();
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v) || !(v > 0)) {
    bad_option("--epsilon", "must be a number > 0 or inf (got '" + text + "')");
  }
  return v;
}

PrivacyOptions privacy_options(const CalibrateArgs& a) {
  PrivacyOptions p;
  p.epsilon = parse_epsilon(a.epsilon);
  if (a.mechanism != "laplace" && a.mechanism != "gaussian") {
    bad_option("--mechanism", "must be laplace or gaussian (got '" + a.mechanism + "')");
  }
  p.mechanism = a.mechanism == "laplace" ? NoiseMechanism::Laplace : NoiseMechanism::Gaussian;
  p.delta = a.delta;
  if (p.mechanism == NoiseMechanism::Gaussian && !(a.delta > 0 && a.delta < 1)) {
    bad_option("--delta", "must be in (0, 1) for the Gaussian mechanism");
  }
  if (a.k_min_devices < 1) bad_option("--k", "must be >= 1");
  p.k_min_devices = a.k_min_devices;
  if (a.max_cells_per_device < 1) bad_option("--max-cells-per-device", "must be >= 1");
  p.max_cells_per_device = a.max_cells_per_device;
  if (!(a.clip_min_dbm < a.clip_max_dbm)) bad_option("--clip-min-dbm", "must be below --clip-max-dbm");
  p.clip_min_dbm = a.clip_min_dbm, p.clip_max_dbm = a.clip_max_dbm;
  if (!a.seed.empty()) {
    char* end = nullptr;
    const unsigned long long seed = std::strtoull(a.seed.c_str(), &end, 10);
    if (*end != '\0' || a.seed[0] == '-') bad_option("--seed", "must be a whole number >= 0 (got '" + a.seed + "')");
    p.seed = seed;
  }
  return p;
}

std::string stats_columns(const ErrorStats& s) {
  if (s.samples == 0) return fmt::format("{:>8}{:>8}{:>8}", "-", "-", "-");
  return fmt::format("{:>8.2f}{:>8.2f}{:>8.2f}", s.mean_db, s.std_db, s.rmse_db);
}

// The before/after error table (error = model - measured, dB, over released aggregates).
std::string format_error_table(const CalibrationRun& run) {
  std::size_t width = 8;
  for (const SectorFit& f : run.fit.sectors) width = std::max(width, f.sector_id.size() + 2);
  std::string out = fmt::format("{:<{}}{:>7}{:>10}{:>10}   {:>24}   {:>24}\n", "", width, "", "fitted", "fitted",
                                "before (dB)", "after (dB)");
  out += fmt::format("{:<{}}{:>7}{:>10}{:>10}   {:>8}{:>8}{:>8}   {:>8}{:>8}{:>8}\n", "sector", width, "cells",
                     "offset_dB", "slope_dB", "mean", "std", "rmse", "mean", "std", "rmse");
  for (const SectorFit& f : run.fit.sectors) {
    const bool global = run.kind != FitKind::SectorOffsetSlope;
    const std::string offset = global ? "-" : fmt::format("{:.2f}", f.offset_db);
    const std::string slope = global || !f.slope_fitted ? "-" : fmt::format("{:.2f}", f.slope_db_per_decade);
    out += fmt::format("{:<{}}{:>7}{:>10}{:>10}   {}   {}\n", f.sector_id, width, f.before.samples, offset, slope,
                       stats_columns(f.before), stats_columns(f.after));
  }
  const std::string offset = run.kind != FitKind::SectorOffsetSlope ? fmt::format("{:.2f}", run.fit.offset_db) : "";
  out += fmt::format("{:<{}}{:>7}{:>10}{:>10}   {}   {}\n", "total", width, run.fit.before.samples, offset, "",
                     stats_columns(run.fit.before), stats_columns(run.fit.after));
  return out;
}

// The ray tracer's material table: fitted scale changes ("-": not identifiable from the data, held at 1) and the
// sensitivities the identifiability tests saw (dB RMS per doubling: the scan's, then the part independent of the
// offset and the factors kept before it).
std::string format_material_table(const CalibrationRun& run) {
  std::size_t width = 10;
  for (const MaterialScaleFit& m : run.material_fit.materials) width = std::max(width, m.material.size() + 2);
  std::string out = fmt::format("{:<{}}{:>13}{:>13}   {:>23}\n", "", width, "fitted", "fitted",
                                "dB/doubling: scan/indep.");
  out += fmt::format("{:<{}}{:>13}{:>13}   {:>11} {:>11}\n", "material", width, "eps_r scale", "sigma scale", "eps_r",
                     "sigma");
  const auto scale = [](bool fitted, double v) { return fitted ? fmt::format("{:.3f}", v) : std::string("-"); };
  for (const MaterialScaleFit& m : run.material_fit.materials) {
    out += fmt::format("{:<{}}{:>13}{:>13}   {:>11} {:>11}\n", m.material, width,
                       scale(m.permittivity_fitted, m.permittivity_scale),
                       scale(m.conductivity_fitted, m.conductivity_scale),
                       fmt::format("{:.2f}/{:.2f}", m.permittivity_sensitivity_db, m.permittivity_independent_db),
                       fmt::format("{:.2f}/{:.2f}", m.conductivity_sensitivity_db, m.conductivity_independent_db));
  }
  out += fmt::format("({} iterations, {} traces{})\n", run.material_fit.iterations, run.material_fit.traces,
                     run.material_fit.converged ? "" : ", iteration limit reached");
  return out;
}

}  // namespace

int run_calibrate_command(const CalibrateArgs& args, const std::string& command_line) {
  Scenario scenario = load_scenario_file(args.scenario_path);
  CalibrationOptions options;
  options.measurements_path = args.measurements_path;
  options.measurements_crs = args.measurements_crs;
  options.privacy = privacy_options(args);
  if (args.cell_factor < 1 || args.cell_factor > 1000) bad_option("--cell-factor", "must be between 1 and 1000");
  options.cell_factor = args.cell_factor;
  if (!(args.users_per_device > 0)) bad_option("--users-per-device", "must be > 0");
  options.users_per_device = args.users_per_device;
  options.threads = args.threads;
  for (const std::string* out : {&args.output_path, &args.report_path, &args.demand_path}) {
    if (!out->empty()) check_output_writable(*out);
  }

  const CalibrationRun run = run_calibration(scenario, options);
  std::vector<std::string> warnings = run.warnings;
  if (std::isinf(options.privacy.epsilon)) {
    warnings.insert(warnings.begin(), "--epsilon inf adds no noise: the outputs are NOT differentially private "
                                      "(for checks only)");
  }
  print_warnings(warnings);
  const IngestStats& in = run.ingest;
  fmt::print("measurements: {} rows, {} used; bad: {} missing values, {} RSRP out of range, {} unknown cells, "
             "{} unplaceable, {} outside the grid; {} devices{}\n",
             in.rows, in.used, in.missing_value, in.rsrp_out_of_range, in.unknown_cell, in.bad_position,
             in.outside_grid, in.devices, in.device_ids ? "" : " (no device column: one per row)");
  const PrivacyOptions& p = options.privacy;
  fmt::print("privacy: epsilon {}{}, {}, k {}, contribution bound {} cells per device, RSRP clipped to [{:g}, {:g}] dBm; "
             "noise scale: count {:.3g}, sum {:.3g} dB, demand {:.3g}{}\n",
             p.epsilon, p.mechanism == NoiseMechanism::Gaussian ? fmt::format(" delta {:g}", p.delta) : "",
             p.mechanism == NoiseMechanism::Laplace ? "Laplace" : "Gaussian", p.k_min_devices,
             p.max_cells_per_device, p.clip_min_dbm, p.clip_max_dbm, run.aggregates.scales.count,
             run.aggregates.scales.sum, run.aggregates.scales.demand, p.seed ? " (seeded: not for release)" : "");
  fmt::print("aggregates: {} released on {:g} m cells ({} suppressed below k, {} device cells over the bound)\n",
             run.aggregates.cells.size(), run.aggregation_grid.cell_m, run.aggregates.suppressed,
             run.aggregates.bounded_pairs);
  fmt::print("fit: {} (error = model - measured)\n",
             run.kind == FitKind::MaterialScales ? "ray tracer material permittivity/conductivity scales and a global "
                                                   "offset, re-traced"
             : run.kind == FitKind::GlobalOffset ? "global offset"
                                               : fmt::format("per-sector offset and distance slope per decade "
                                                             "(reference {:g} m)",
                                                             run.calibration.reference_distance_m));
  fmt::print("{}", format_error_table(run));
  if (run.kind == FitKind::MaterialScales) fmt::print("{}", format_material_table(run));

  const std::string header = fmt::format(
      "Calibration of scenario '{}' by tarang {} ({}) from {}\n"
      "under differential privacy: epsilon {}, {}, k {}. Use it with `calibration: {}` in a scenario.",
      run.scenario.name, kVersion, utc_timestamp_now(),
      std::filesystem::path(args.measurements_path).filename().string(), p.epsilon,
      p.mechanism == NoiseMechanism::Laplace ? "Laplace" : "Gaussian", p.k_min_devices,
      std::filesystem::path(args.output_path).filename().string());
  write_calibration_yaml(args.output_path, run.calibration, header);
  std::string wrote = args.output_path;
  if (!args.report_path.empty()) {
    write_calibration_report(args.report_path, run, p, {kVersion, utc_timestamp_now(), command_line});
    wrote += ", " + args.report_path;
  }
  if (!args.demand_path.empty()) {
    write_demand_geotiff(args.demand_path, run.aggregation_grid, run.demand_users_per_km2);
    wrote += ", " + args.demand_path;
  }
  fmt::print("wrote {}\n", wrote);
  return 0;
}

}  // namespace tarang
