// Formatting of the coverage run summary.
#include "cli/coverage_report.h"

#include <fmt/format.h>

#include "cli/kpi_table.h"

namespace tarang {

std::string describe_propagation(const PropagationSpec& p) {
  if (p.model == PathLossModel::FreeSpace) return "free space";
  if (p.model == PathLossModel::Raytrace) return "ray tracing (SBR)";
  static const char* scenarios[] = {"UMa", "UMi street canyon", "RMa", "InH office"};
  static const char* los[] = {"LOS", "NLOS", "probabilistic LOS"};
  return fmt::format("3GPP TR 38.901 {}, {}", scenarios[static_cast<int>(p.scenario)], los[static_cast<int>(p.los)]);
}

std::string format_coverage_report(const Scenario& s, const CoverageResult& r) {
  std::string out = fmt::format("scenario {}: {} sites, {} sectors, {:.3f} GHz, {:g} MHz, {}\n", s.name, s.sites.size(),
                                r.sectors.size(), s.radio.frequency_hz / 1e9, s.radio.bandwidth_hz / 1e6,
                                describe_propagation(s.propagation));
  out += fmt::format("grid: {} x {} cells of {:g} m ({:.2f} km^2), receivers at {:g} m\n\n", r.grid.nx, r.grid.ny,
                     r.grid.cell_m, r.grid.cell_count() * r.grid.cell_m * r.grid.cell_m / 1e6, r.grid.height_m);
  out += format_kpi_table(r.kpis);
  out += format_coverage_line(r.kpis);
  return out;
}

}  // namespace tarang
