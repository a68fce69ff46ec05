// The tarang subcommands: each takes its parsed arguments and returns the process exit code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/export_args.h"
#include "cli/report_args.h"

namespace tarang {

struct CoverageArgs {
  std::string scenario_path;
  std::string output_path;  // "" = the scenario's `output` key
  int threads = 0;
  std::string shard;            // "K/N": compute every N-th work unit from K into a partial file; "" = all
  std::string checkpoint_path;  // "" = OUTPUT.checkpoint
  bool restart = false;         // discard an existing checkpoint instead of resuming it
  std::string max_memory;  // "8G" etc.; "" = the available physical memory
};

struct MergeArgs {
  std::vector<std::string> part_paths;  // partial files of `tarang coverage --shard K/N`
  std::string output_path;
  int threads = 0;
};

struct PlanArgs {
  std::string scenario_path;
  std::string output_path;  // "" = NAME-plan.h5 beside the scenario's output
  std::size_t max_sites = 0;  // 0 = plan.max_sites
  std::int64_t seed = -1;     // < 0 = plan.search.seed
  std::string time_limit;     // "" = plan.search.time_limit_s; else 60s, 5m, 1h
  int threads = 0;
  std::string checkpoint_path;  // gain matrix checkpoint; "" = GAINS_CACHE.checkpoint
  bool restart = false;         // discard an existing checkpoint instead of resuming it
  std::string shard;            // "K/N": compute every N-th candidate position from K into a gains part; "" = plan
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

struct CalibrateArgs {
  std::string scenario_path;
  std::string measurements_path;
  std::string measurements_crs;  // CRS of x/y columns; "" = the scenario's
  std::string output_path;       // calibration fragment YAML
  std::string report_path;       // report HDF5; "" = none
  std::string demand_path;       // demand GeoTIFF; "" = none
  std::string epsilon = "1";     // a number > 0, or "inf" (no noise: checks only)
  double delta = 1e-6;
  std::string mechanism = "laplace";
  int k_min_devices = 20;
  int max_cells_per_device = 1;
  double clip_min_dbm = -140, clip_max_dbm = -60;
  std::string seed;              // "" = std::random_device
  int cell_factor = 1;
  double users_per_device = 1;
  int threads = 0;
};

// Each throws InputError for problems the user can fix; main() turns that into "error: ..." and exit code 2.
int run_coverage_command(const CoverageArgs& args, const std::string& command_line);
int run_plan_command(const PlanArgs& args, const std::string& command_line);
int run_calibrate_command(const CalibrateArgs& args, const std::string& command_line);
int run_demo_command(const DemoArgs& args, const std::string& command_line);
int run_info_command(const InfoArgs& args);
int run_link_command(const LinkArgs& args, const std::string& command_line);
int run_merge_command(const MergeArgs& args, const std::string& command_line);
int run_scene_build_command(const SceneBuildArgs& args);
int run_scene_info_command(const SceneInfoArgs& args);
int run_scene_export_command(const SceneExportArgs& args);

// Prints warnings on stderr ("warning: ..."), the first few and then how many more there were.
void print_warnings(const std::vector<std::string>& warnings);

// Text of the built-in demo scenario (scenarios/demo.yaml).
const char* demo_scenario_yaml();

}  // namespace tarang
