// The tarang subcommands: each takes its parsed arguments and returns the process exit code.
#pragma once

#include <string>

namespace tarang {

struct CoverageArgs {
  std::string scenario_path;
  std::string output_path;  // "" = the scenario's `output` key
  int threads = 0;
};

struct DemoArgs {
  std::string output_dir = "tarang-demo";
  int threads = 0;
};

struct InfoArgs {
  std::string result_path;
};

// Each throws InputError for problems the user can fix; main() turns that into "error: ..." and exit code 2.
int run_coverage_command(const CoverageArgs& args, const std::string& command_line);
int run_demo_command(const DemoArgs& args, const std::string& command_line);
int run_info_command(const InfoArgs& args);

// Text of the built-in demo scenario (scenarios/demo.yaml).
const char* demo_scenario_yaml();

}  // namespace tarang
