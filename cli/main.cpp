// tarang command line: parses arguments with CLI11, runs one subcommand, maps errors to messages and exit codes.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <string>

#include "cli/commands.h"
#include "cli/compare_command.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "core/version.h"

namespace {

std::string joined_command_line(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) out += (i ? " " : "") + std::string(argv[i]);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tarang;
  CLI::App app{"tarang: radio propagation and 5G/6G network planning.\n"
               "Turns a scenario (sites, sectors, radio settings, propagation model, grid) into coverage maps,\n"
               "SINR, throughput and KPIs, written to HDF5.",
               "tarang"};
  app.set_version_flag("--version", std::string("tarang ") + kVersion);
  app.require_subcommand(1);
  app.footer("Examples:\n  tarang demo -o tarang-demo\n  tarang coverage scenarios/demo.yaml -o demo.h5\n"
             "  tarang info demo.h5\n  tarang export demo.h5 --layer sinr -o sinr.png\n"
             "  tarang report demo.h5 -o report.html\n  tarang plan scenarios/plan_demo.yaml -o plan.h5\n"
             "  tarang compare before.h5 plan.h5\n  tarang scene build --buildings city.osm.pbf -o city.tscene\n\n"
             "Run 'tarang COMMAND --help' for the options of a command.");

  CoverageArgs coverage_args;
  CLI::App* coverage = app.add_subcommand("coverage", "Compute coverage maps for all sites and sectors of a scenario");
  coverage->add_option("scenario", coverage_args.scenario_path, "Scenario YAML file")->required();
  coverage->add_option("-o,--output", coverage_args.output_path,
                       "Result HDF5 file (default: the scenario's `output` key, else NAME.h5 beside it)");
  coverage->add_option("--threads", coverage_args.threads, "CPU threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  coverage->footer("Example:\n  tarang coverage scenarios/demo.yaml -o demo.h5\n"
                   "  tarang coverage city.yaml --shard 2/8 -o parts/part-2.h5   (then tarang merge parts/*.h5 -o city.h5)\n"
                   "  mpirun -np 4 tarang coverage city.yaml -o city.h5\n"
                   "A killed run resumes from its checkpoint when the same command is run again (docs/batch.md).");
  coverage->add_option("--shard", coverage_args.shard,
                       "K/N: compute only shard K of N (every N-th work unit) into a partial file for tarang merge");
  coverage->add_option("--checkpoint", coverage_args.checkpoint_path,
                       "Checkpoint file of finished work units; a rerun resumes from it (default: OUTPUT.checkpoint)");
  coverage->add_flag("--restart", coverage_args.restart, "Discard an existing checkpoint instead of resuming it");
  coverage->add_option("--max-memory", coverage_args.max_memory,
                       "Refuse runs estimated to need more memory than this, e.g. 8G or 512M (default: the available "
                       "physical memory)");

  MergeArgs merge_args;
  CLI::App* merge = app.add_subcommand(
      "merge", "Merge the partial files of tarang coverage (or plan) --shard K/N into one result (gains cache)");
  merge->add_option("parts", merge_args.part_paths, "Partial files, one per shard")->required();
  merge->add_option("-o,--output", merge_args.output_path, "Result HDF5 file to write")->required();
  merge->add_option("--threads", merge_args.threads, "CPU threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  merge->footer("Example:\n  tarang merge parts/*.h5 -o full.h5\n"
                "  tarang merge plan.gains.part-*-of-8.h5 -o plan.gains.h5   (parts of tarang plan --shard K/8)");

  DemoArgs demo_args;
  CLI::App* demo = app.add_subcommand("demo", "Write the built-in demo scenario into a folder and run it end to end");
  demo->add_option("-o,--output-dir", demo_args.output_dir, "Folder for demo.yaml and demo.h5 (created if missing)")
      ->capture_default_str();
  demo->add_option("--threads", demo_args.threads, "CPU threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  demo->footer("Example:\n  tarang demo -o tarang-demo && tarang info tarang-demo/demo.h5");

  InfoArgs info_args;
  CLI::App* info = app.add_subcommand("info", "Print a summary of a result file (scenario, grid, sectors, KPIs)");
  info->add_option("result", info_args.result_path, "Result HDF5 file written by tarang")->required();
  info->footer("Example:\n  tarang info demo.h5");

  ExportArgs export_args;
  CLI::App* export_cmd = app.add_subcommand("export", "Export one map layer of a result as GeoTIFF, PNG map or KMZ");
  export_cmd->add_option("result", export_args.result_path, "Result HDF5 file written by tarang")->required();
  export_cmd->add_option("--layer", export_args.layer, "rsrp, sinr, throughput, best_sector or gain:SECTOR_ID")
      ->capture_default_str();
  export_cmd->add_option("--format", export_args.format,
                         "geotiff (Cloud Optimized GeoTIFF), png (map with legend) or kml (KMZ for Google Earth); "
                         "default: from the output's extension (.tif, .png, .kmz)");
  export_cmd->add_option("-o,--output", export_args.output_path, "File to write")->required();
  export_cmd->footer("Examples:\n  tarang export demo.h5 --layer sinr -o sinr.tif\n"
                     "  tarang export demo.h5 --layer best_sector -o best.png\n"
                     "  tarang export demo.h5 --layer gain:mandi-a --format kml -o mandi-a.kmz");

  ReportArgs report_args;
  CLI::App* report = app.add_subcommand("report", "Write one self-contained HTML report comparing result files");
  report->add_option("results", report_args.result_paths, "Result HDF5 files written by tarang")->required();
  report->add_option("-o,--output", report_args.output_path, "HTML file to write")->required();
  report->footer("Example:\n  tarang report before.h5 after.h5 -o report.html");

  PlanArgs plan_args;
  CLI::App* plan = app.add_subcommand("plan", "Choose sites from candidates to meet coverage and capacity targets");
  plan->add_option("scenario", plan_args.scenario_path, "Scenario YAML file with a plan: section")->required();
  plan->add_option("-o,--output", plan_args.output_path,
                   "Plan result HDF5 file (coverage of the plan + /plan); the plan's scenario goes beside it as .yaml");
  plan->add_option("--max-sites", plan_args.max_sites, "Budget: at most this many sites (overrides plan.max_sites)")
      ->check(CLI::PositiveNumber);
  plan->add_option("--seed", plan_args.seed, "Search seed (overrides plan.search.seed)")->check(CLI::NonNegativeNumber);
  plan->add_option("--time-limit", plan_args.time_limit, "Search time limit, e.g. 60s, 5m (overrides the scenario)");
  plan->add_option("--threads", plan_args.threads, "CPU threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  plan->add_option("--checkpoint", plan_args.checkpoint_path,
                   "Checkpoint of the gain matrix's finished positions; a rerun resumes from it (default: "
                   "GAINS_CACHE.checkpoint)");
  plan->add_flag("--restart", plan_args.restart, "Discard an existing checkpoint instead of resuming it");
  plan->add_option("--shard", plan_args.shard,
                   "K/N: compute only shard K of N of the gain matrix (every N-th candidate position) into a part "
                   "for tarang merge, then stop");
  plan->footer("Example:\n  tarang plan scenarios/plan-demo.yaml -o plan.h5 --max-sites 12 --seed 1 --time-limit 60s\n"
               "  tarang plan s.yaml -o plan.h5 --shard 2/8   (then tarang merge plan.gains.part-*-of-8.h5 -o "
               "plan.gains.h5)\n"
               "  tarang coverage plan.yaml   (re-runs the plan's coverage)\n"
               "Exit code 3: the target is not reachable; the best plan found is still written.");

  CompareArgs compare_args;
  CLI::App* compare = app.add_subcommand("compare", "Side-by-side KPI table of coverage and plan results on one grid");
  compare->add_option("results", compare_args.result_paths, "Two or more result HDF5 files (coverage or plan)")
      ->required()->expected(2, -1);
  compare->add_option("--diff-out", compare_args.diff_output_path,
                      "HDF5 file for difference maps (each result minus the first)");
  compare->footer("Example:\n  tarang compare before.h5 plan.h5 --diff-out diff.h5");

  LinkArgs link_args;
  CLI::App* link = app.add_subcommand("link", "Find the propagation paths from every site to receiver points");
  link->add_option("scenario", link_args.scenario_path, "Scenario YAML file (its scene, sites and raytrace settings)")
      ->required();
  link->add_option("--rx", link_args.receivers, "Receiver x_m,y_m,height_m (scene CRS; height above ground)");
  link->add_option("--rx-file", link_args.receiver_file, "CSV file of receivers: x_m,y_m,height_m per line");
  link->add_option("-o,--output", link_args.output_path, "Paths HDF5 file to write (/paths group)");
  link->footer("Example:\n  tarang link city.yaml --rx 715120,3167240,1.5 -o paths.h5");

  CLI::App* scene = app.add_subcommand("scene", "Build a 3D city scene once, inspect it, export it for a look");
  scene->require_subcommand(1);
  SceneBuildArgs build_args;
  CLI::App* scene_build = scene->add_subcommand(
      "build", "Build a scene from a scenario's scene: section (or from flags) and write it as a .tscene file");
  scene_build->add_option("scenario", build_args.scenario_path, "Scenario YAML file (optional when flags are given)");
  scene_build->add_option("-o,--output", build_args.output_path, "Scene file to write (.tscene)")->required();
  scene_build->add_option("--buildings", build_args.buildings_path,
                          "Building footprints: GeoJSON, Shapefile, GeoPackage, .osm, .osm.pbf");
  scene_build->add_option("--dem", build_args.dem_path, "Terrain raster (GeoTIFF or anything GDAL reads)");
  scene_build->add_option("--mesh", build_args.mesh_path, "Sionna/Mitsuba XML, PLY or OBJ mesh");
  scene_build->add_option("--crs", build_args.crs, "Projected CRS, or auto (UTM zone of the data)")
      ->capture_default_str();
  scene_build->add_option("--default-height", build_args.default_height_m, "Height of buildings without tags (m)")
      ->capture_default_str();
  scene_build->add_option("--level-height", build_args.level_height_m, "Metres per building:levels")
      ->capture_default_str();
  scene_build->add_option("--building-material", build_args.building_material, "Default wall material (P.2040)")
      ->capture_default_str();
  scene_build->footer(
      "Examples:\n  tarang scene build --buildings helsinki.osm.pbf -o helsinki.tscene\n"
      "  tarang scene build city.yaml -o city.tscene   (then scene: {file: city.tscene} in scenarios)");
  SceneInfoArgs scene_info_args;
  CLI::App* scene_info = scene->add_subcommand("info", "Print what a scene file holds");
  scene_info->add_option("scene", scene_info_args.scene_path, "Scene file (.tscene)")->required();
  scene_info->footer("Example:\n  tarang scene info helsinki.tscene");
  SceneExportArgs scene_export_args;
  CLI::App* scene_export = scene->add_subcommand("export", "Export a scene file as PLY or OBJ (MeshLab, Blender)");
  scene_export->add_option("scene", scene_export_args.scene_path, "Scene file (.tscene)")->required();
  scene_export->add_option("-o,--output", scene_export_args.output_path, "Mesh to write (.ply or .obj)")->required();
  scene_export->footer("Example:\n  tarang scene export helsinki.tscene -o helsinki.ply");

  CalibrateArgs calibrate_args;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Calibrate the propagation model with mobile measurements under differential privacy");
  calibrate->add_option("scenario", calibrate_args.scenario_path, "Scenario YAML file")->required();
  calibrate->add_option("--measurements", calibrate_args.measurements_path,
                        "Measurements: CSV or GeoPackage with lon/lat or x/y, rsrp_dbm, cell (sector id or pci), "
                        "optional device_id")->required();
  calibrate->add_option("--measurements-crs", calibrate_args.measurements_crs,
                        "CRS of x/y columns (default: the scenario's)");
  calibrate->add_option("-o,--output", calibrate_args.output_path,
                        "Calibration fragment to write (YAML; use it as `calibration: FILE` in scenarios)")->required();
  calibrate->add_option("--report", calibrate_args.report_path, "Report HDF5 file (errors, parameters, aggregates)");
  calibrate->add_option("--demand", calibrate_args.demand_path, "Demand GeoTIFF to write (users per km^2)");
  calibrate->add_option("--epsilon", calibrate_args.epsilon, "Privacy budget of the whole release (or inf: no noise)")
      ->capture_default_str();
  calibrate->add_option("--delta", calibrate_args.delta, "Privacy delta (Gaussian mechanism)")->capture_default_str();
  calibrate->add_option("--mechanism", calibrate_args.mechanism, "laplace or gaussian")->capture_default_str();
  calibrate->add_option("--k", calibrate_args.k_min_devices, "Suppress cells with fewer (noisy) distinct devices")
      ->capture_default_str();
  calibrate->add_option("--max-cells-per-device", calibrate_args.max_cells_per_device,
                        "Contribution bound: (sector, cell) aggregates one device may enter")->capture_default_str();
  calibrate->add_option("--clip-min-dbm", calibrate_args.clip_min_dbm, "RSRP clip range, lower end")
      ->capture_default_str();
  calibrate->add_option("--clip-max-dbm", calibrate_args.clip_max_dbm, "RSRP clip range, upper end")
      ->capture_default_str();
  calibrate->add_option("--seed", calibrate_args.seed,
                        "Seed of the noise (reproducible studies only; default: std::random_device)");
  calibrate->add_option("--cell-factor", calibrate_args.cell_factor,
                        "Aggregation cell = this many scenario grid cells per side")->capture_default_str();
  calibrate->add_option("--users-per-device", calibrate_args.users_per_device,
                        "Demand scaling: users each measuring device stands for")->capture_default_str();
  calibrate->add_option("--threads", calibrate_args.threads, "CPU threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber);
  calibrate->footer("Example:\n  tarang calibrate city.yaml --measurements meas.csv --epsilon 1.0 -o calibrated.yaml "
                    "--report calib.h5\n  (then add `calibration: calibrated.yaml` to city.yaml)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  const std::string command_line = joined_command_line(argc, argv);
  install_interrupt_handlers();
  try {
    if (*coverage) return run_coverage_command(coverage_args, command_line);
    if (*demo) return run_demo_command(demo_args, command_line);
    if (*info) return run_info_command(info_args);
    if (*export_cmd) return run_export_command(export_args);
    if (*report) return run_report_command(report_args);
    if (*plan) return run_plan_command(plan_args, command_line);
    if (*compare) return run_compare_command(compare_args);
    if (*link) return run_link_command(link_args, command_line);
    if (*merge) return run_merge_command(merge_args, command_line);
    if (*scene_build) return run_scene_build_command(build_args);
    if (*scene_info) return run_scene_info_command(scene_info_args);
    if (*scene_export) return run_scene_export_command(scene_export_args);
    if (*calibrate) return run_calibrate_command(calibrate_args, command_line);
  } catch (const Interrupted& e) {
    fmt::print(stderr, "error: {}; stopped without writing the output\n", e.what());
    return e.exit_code();
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: internal failure: {}\n", e.what());
    return 1;
  }
  return 2;
}
