// tarang command line: parses arguments with CLI11, runs one subcommand, maps errors to messages and exit codes.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <string>

#include "cli/commands.h"
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
             "  tarang report demo.h5 -o report.html\n  tarang scene build --buildings city.osm.pbf -o city.tscene\n\n"
             "Run 'tarang COMMAND --help' for the options of a command.");

  CoverageArgs coverage_args;
  CLI::App* coverage = app.add_subcommand("coverage", "Compute coverage maps for all sites and sectors of a scenario");
  coverage->add_option("scenario", coverage_args.scenario_path, "Scenario YAML file")->required();
  coverage->add_option("-o,--output", coverage_args.output_path,
                       "Result HDF5 file (default: the scenario's `output` key, else NAME.h5 beside it)");
  coverage->add_option("--threads", coverage_args.threads, "CPU threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  coverage->add_option("--max-memory", coverage_args.max_memory,
                       "Refuse runs estimated to need more memory than this, e.g. 8G or 512M (default: the available "
                       "physical memory)");
  coverage->footer("Example:\n  tarang coverage scenarios/demo.yaml -o demo.h5");

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
    if (*link) return run_link_command(link_args, command_line);
    if (*scene_build) return run_scene_build_command(build_args);
    if (*scene_info) return run_scene_info_command(scene_info_args);
    if (*scene_export) return run_scene_export_command(scene_export_args);
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
