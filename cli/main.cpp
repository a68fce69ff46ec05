// tarang command line: parses arguments with CLI11, runs one subcommand, maps errors to messages and exit codes.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <string>

#include "cli/commands.h"
#include "core/error.h"
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
             "  tarang info demo.h5\n\nRun 'tarang COMMAND --help' for the options of a command.");

  CoverageArgs coverage_args;
  CLI::App* coverage = app.add_subcommand("coverage", "Compute coverage maps for all sites and sectors of a scenario");
  coverage->add_option("scenario", coverage_args.scenario_path, "Scenario YAML file")->required();
  coverage->add_option("-o,--output", coverage_args.output_path,
                       "Result HDF5 file (default: the scenario's `output` key, else NAME.h5 beside it)");
  coverage->add_option("--threads", coverage_args.threads, "CPU threads (0 = all cores)")->check(CLI::NonNegativeNumber);
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  const std::string command_line = joined_command_line(argc, argv);
  try {
    if (*coverage) return run_coverage_command(coverage_args, command_line);
    if (*demo) return run_demo_command(demo_args, command_line);
    if (*info) return run_info_command(info_args);
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: internal failure: {}\n", e.what());
    return 1;
  }
  return 2;
}
