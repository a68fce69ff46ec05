// `tarang demo`: writes the built-in demo scenario into a folder and runs it end to end.
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "cli/output_path.h"
#include "core/error.h"

namespace tarang {

int run_demo_command(const DemoArgs& args, const std::string& command_line) {
  std::error_code ec;
  std::filesystem::create_directories(args.output_dir, ec);
  if (ec) throw InputError(args.output_dir, "cannot create the demo folder (" + ec.message() + ")");
  const std::string scenario_path = (std::filesystem::path(args.output_dir) / "demo.yaml").string();
  write_text_file_atomic(scenario_path, demo_scenario_yaml());
  fmt::print("wrote {}\n", scenario_path);
  return run_coverage_command(CoverageArgs{scenario_path, "", args.threads, ""}, command_line);
}

}  // namespace tarang
