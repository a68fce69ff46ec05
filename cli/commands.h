// The tarang subcommands: each takes its parsed arguments and returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "cli/export_args.h"
#include "cli/report_args.h"

namespace tarang {

struct CoverageArgs {
  std::string scenario_path;
  std::string output_path;  // "" = the scenario's `output` key
  int threads = 0;
  std::string max_memory;  // "8G" etc.; "" = the available physical memory
};

struct DemoArgs {
  std::string output_dir = "tarang-demo";
  int threads = 0;
};

struct InfoArgs {
  std::string result_path;
};

struct LinkArgs {
  std::string scenario_path;
  std::vector<std::string> receivers;  // "x_m,y_m,height_m" in the scene CRS, height above ground
  std::string receiver_file;           // CSV of the same
  std::string output_path;             // paths HDF5; "" = table only
};

struct SceneBuildArgs {
  std::string scenario_path;  // "" = build from the flags below
  std::string output_path;
  std::string buildings_path, dem_path, mesh_path;
  std::string crs = "auto";
  double default_height_m = 10, level_height_m = 3;
  std::string building_material = "concrete";
};

struct SceneInfoArgs {
  std::string scene_path;
};

struct SceneExportArgs {
  std::string scene_path;
  std::string output_path;  // .ply or .obj
};

// Each throws InputError for problems the user can fix; main() turns that into "error: ..." and exit code 2.
int run_coverage_command(const CoverageArgs& args, const std::string& command_line);
int run_demo_command(const DemoArgs& args, const std::string& command_line);
int run_info_command(const InfoArgs& args);
int run_link_command(const LinkArgs& args, const std::string& command_line);
int run_scene_build_command(const SceneBuildArgs& args);
int run_scene_info_command(const SceneInfoArgs& args);
int run_scene_export_command(const SceneExportArgs& args);

// Prints warnings on stderr ("warning: ..."), the first few and then how many more there were.
void print_warnings(const std::vector<std::string>& warnings);

// Text of the built-in demo scenario (scenarios/demo.yaml).
const char* demo_scenario_yaml();

}  // namespace tarang
