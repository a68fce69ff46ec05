// tarang-synth-measurements: writes a synthetic measurement CSV for a scenario (model + known correction + shadowing),
// for examples and studies of `tarang calibrate`. Not real data: every value is drawn from the scenario's model.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <string>
#include <vector>

#include "calibration/synthetic_measurements.h"
#include "core/error.h"
#include "io/scenario_yaml.h"
#include "planner/coverage_run.h"
#include "planner/scenario_scene.h"
#include "raytrace/surface_materials.h"

int main(int argc, char** argv) {
  using namespace tarang;
  CLI::App app{"Synthetic mobile measurements for a scenario: its model RSRP of the serving sector + a known "
               "correction (offset, distance slope; ray tracer: material scales) + Gaussian shadowing.",
               "tarang-synth-measurements"};
  std::string scenario_path, output_path;
  SyntheticTruth truth;
  SyntheticOptions options;
  std::vector<std::string> sector_truths;
  app.add_option("scenario", scenario_path, "Scenario YAML file")->required();
  app.add_option("-o,--output", output_path, "CSV file to write")->required();
  app.add_option("--devices", options.devices, "Devices")->capture_default_str();
  app.add_option("--rows", options.rows_per_device, "Rows per device")->capture_default_str();
  app.add_option("--walk", options.walk_m, "Rows lie within +-WALK m of a device's home point")->capture_default_str();
  app.add_option("--seed", options.seed, "Seed")->capture_default_str();
  app.add_option("--shadowing", truth.shadowing_db, "Shadowing standard deviation (dB)")->capture_default_str();
  app.add_option("--offset", truth.correction.offset_db, "True offset of every sector (dB)")->capture_default_str();
  app.add_option("--sector", sector_truths, "True per-sector correction ID:OFFSET_DB:SLOPE_DB_PER_DECADE");
  std::vector<std::string> material_truths;
  app.add_option("--material", material_truths,
                 "Ray tracer: true material scales NAME:PERMITTIVITY_SCALE:CONDUCTIVITY_SCALE (re-traced)");
  app.add_flag("--lonlat", options.lonlat, "Write WGS 84 lon/lat columns instead of x/y");
  CLI11_PARSE(app, argc, argv);
  try {
    for (const std::string& t : sector_truths) {
      const auto a = t.find(':'), b = t.rfind(':');
      if (a == std::string::npos || a == b) throw InputError("", 0, "--sector", "expected ID:OFFSET_DB:SLOPE, got " + t);
      truth.correction.sectors.push_back({t.substr(0, a), std::stod(t.substr(a + 1, b - a - 1)), std::stod(t.substr(b + 1))});
    }
    Scenario s = load_scenario_file(scenario_path);
    s.calibration = CalibrationSpec{};  // the truth is relative to the uncalibrated model
    for (const std::string& t : material_truths) {
      const auto a = t.find(':'), b = t.rfind(':');
      if (a == std::string::npos || a == b) throw InputError("", 0, "--material", "expected NAME:EPS:SIGMA, got " + t);
      const std::string key = material_calibration_key(t.substr(0, a), s.custom_materials);
      if (key.empty()) throw InputError("", 0, "--material", "unknown material in " + t);
      s.calibration.materials.push_back({key, std::stod(t.substr(a + 1, b - a - 1)), std::stod(t.substr(b + 1))});
    }
    SceneMesh mesh;
    SceneBuildStats stats;
    s = resolve_scenario_scene(s, &mesh, &stats);
    const CoverageResult model = run_coverage(s, CoverageRunOptions{0, false});
    const auto rows = synthesize_measurements(s, model, truth, options);
    write_measurements_csv(output_path, rows, options.lonlat);
    fmt::print("wrote {} rows of {} devices to {}\n", rows.size(), options.devices, output_path);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 0;
}
