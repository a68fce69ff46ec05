// `tarang info`: a summary of a result file (scenario, grid, sectors, KPIs) without loading the gain maps.
#include <fmt/format.h>

#include <stdexcept>

#include "cli/commands.h"
#include "cli/isolated_read.h"
#include "cli/kpi_table.h"
#include "io/results_h5.h"
#include "scene/crs.h"

namespace tarang {
namespace {

std::string crs_name(const std::string& wkt) {
  try {
    return resolve_projected_crs(wkt).name;
  } catch (const std::exception&) {
    return "(unrecognised CRS)";
  }
}

// Prints the summary; runs in the child of run_isolated_read.
int print_info(const InfoArgs& args) {
  const CoverageResult r = read_coverage_result(args.result_path, ResultReadOptions{false});
  const RasterGrid& g = r.grid;
  fmt::print("file:      {}\n", args.result_path);
  fmt::print("scenario:  {}\n", r.meta.scenario_name);
  if (!r.meta.scenario_hash.empty()) fmt::print("hash:      {} (scenario and inputs; docs/batch.md)\n", r.meta.scenario_hash);
  fmt::print("written:   {} by tarang {}\n", r.meta.created_utc, r.meta.tarang_version);
  fmt::print("command:   {}\n", r.meta.command_line);
  fmt::print("grid:      {} x {} cells of {:g} m, west {:.1f} m, north {:.1f} m, receivers at {:g} m\n", g.nx, g.ny,
             g.cell_m, g.west_m, g.north_m, g.height_m);
  fmt::print("crs:       {}\n", crs_name(g.crs_wkt));
  fmt::print("sectors:   {}\n\n{}\n", r.sectors.size(), format_sector_table(r));
  fmt::print("{}", format_kpi_table(r.kpis));
  fmt::print("{}", format_coverage_line(r.kpis));
  return 0;
}

}  // namespace

int run_info_command(const InfoArgs& args) {
  return run_isolated_read(args.result_path, [&] { return print_info(args); });
}

}  // namespace tarang
