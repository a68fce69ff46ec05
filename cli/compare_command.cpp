// `tarang compare`: reads results, checks they share one grid, prints their KPIs side by side, writes differences.
#include "cli/compare_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "cli/output_path.h"
#include "core/error.h"
#include "io/plan_h5.h"
#include "io/results_h5.h"

namespace tarang {
namespace {

// Column headings: file names, or whole paths when two results share a file name.
std::vector<std::string> column_labels(const std::vector<ComparedResult>& results) {
  std::vector<std::string> names;
  for (const ComparedResult& r : results) names.push_back(std::filesystem::path(r.path).filename().string());
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (std::count(names.begin(), names.end(), names[i]) > 1) {
      for (std::size_t j = 0; j < names.size(); ++j) names[j] = results[j].path;
      break;
    }
  }
  return names;
}

std::string number(double v, int decimals) {
  if (std::isnan(v)) return "-";
  return fmt::format("{:.{}f}", v, decimals);
}

bool is_covered(float rsrp_dbm, float sinr_db, const CoverageKpis& k) {
  return rsrp_dbm >= k.target_rsrp_dbm && sinr_db >= k.target_sinr_db;
}

// b - a, with 0 where both are equal (so two cells without signal, -inf each, show no change).
float difference(float a, float b) { return a == b ? 0.0f : b - a; }

}  // namespace

std::vector<ComparedResult> read_compared_results(const std::vector<std::string>& paths) {
  std::vector<ComparedResult> results;
  for (const std::string& path : paths) {
    ComparedResult r;
    r.path = path;
    r.coverage = read_coverage_result(path, ResultReadOptions{false});
    r.plan = read_plan_result(path);
    results.push_back(std::move(r));
  }
  return results;
}

void check_same_grid(const std::vector<ComparedResult>& results) {
  if (results.empty()) return;
  const RasterGrid& a = results.front().coverage.grid;
  for (std::size_t i = 1; i < results.size(); ++i) {
    const RasterGrid& b = results[i].coverage.grid;
    const double tolerance_m = 1e-6 * std::max(a.cell_m, 1.0);
    std::string what;
    if (a.nx != b.nx || a.ny != b.ny) {
      what = fmt::format("{} x {} cells vs {} x {}", b.nx, b.ny, a.nx, a.ny);
    } else if (std::fabs(a.cell_m - b.cell_m) > tolerance_m) {
      what = fmt::format("cells of {:g} m vs {:g} m", b.cell_m, a.cell_m);
    } else if (std::fabs(a.west_m - b.west_m) > tolerance_m || std::fabs(a.north_m - b.north_m) > tolerance_m) {
      what = fmt::format("north-west corner ({:.3f}, {:.3f}) m vs ({:.3f}, {:.3f}) m", b.west_m, b.north_m, a.west_m,
                         a.north_m);
    } else if (std::fabs(a.height_m - b.height_m) > 1e-9) {
      what = fmt::format("receivers at {:g} m vs {:g} m", b.height_m, a.height_m);
    } else if (a.crs_wkt != b.crs_wkt) {
      what = "another CRS";
    }
    if (!what.empty()) {
      throw InputError(results[i].path, "grid differs from " + results.front().path + ": " + what +
                                            "; compare needs results on the same grid");
    }
  }
}

std::string format_comparison_table(const std::vector<ComparedResult>& results) {
  const std::vector<std::string> labels = column_labels(results);
  std::size_t width = 10;
  for (const std::string& l : labels) width = std::max(width, l.size() + 2);
  auto row = [&](const std::string& name, auto&& cell) {
    std::string line = fmt::format("{:<24}", name);
    for (const ComparedResult& r : results) line += fmt::format("{:>{}}", cell(r), width);
    return line + "\n";
  };
  auto plan_row = [&](const std::string& name, auto&& value) {
    return row(name, [&](const ComparedResult& r) { return r.plan ? value(*r.plan) : std::string("-"); });
  };
  auto kpi_row = [&](const std::string& name, double CoverageKpis::*field, int decimals) {
    return row(name, [&](const ComparedResult& r) { return number(r.coverage.kpis.*field, decimals); });
  };
  std::string out = fmt::format("{:<24}", "");
  for (const std::string& l : labels) out += fmt::format("{:>{}}", l, width);
  out += "\n";
  out += row("kind", [](const ComparedResult& r) { return std::string(r.plan ? "plan" : "coverage"); });
  out += row("sectors", [](const ComparedResult& r) { return std::to_string(r.coverage.sectors.size()); });
  out += plan_row("sites", [](const PlanResult& p) { return std::to_string(p.selected.size()); });
  out += plan_row("cost", [](const PlanResult& p) { return number(p.cost, 1); });
  out += plan_row("bound", [](const PlanResult& p) { return number(p.bound, p.objective == PlanObjective::MinCost ? 1 : 3); });
  out += plan_row("gap (%)", [](const PlanResult& p) { return number(100.0 * p.gap, 1); });
  out += plan_row("target met", [](const PlanResult& p) { return std::string(p.target_met ? "yes" : "no"); });
  out += row("covered (%)", [](const ComparedResult& r) { return number(100.0 * r.coverage.kpis.covered_fraction, 1); });
  out += kpi_row("RSRP p5 (dBm)", &CoverageKpis::rsrp_p5_dbm, 1);
  out += kpi_row("RSRP p50 (dBm)", &CoverageKpis::rsrp_p50_dbm, 1);
  out += kpi_row("RSRP p95 (dBm)", &CoverageKpis::rsrp_p95_dbm, 1);
  out += kpi_row("SINR p5 (dB)", &CoverageKpis::sinr_p5_db, 1);
  out += kpi_row("SINR p50 (dB)", &CoverageKpis::sinr_p50_db, 1);
  out += kpi_row("SINR p95 (dB)", &CoverageKpis::sinr_p95_db, 1);
  out += kpi_row("Throughput p5 (Mbit/s)", &CoverageKpis::throughput_p5_mbps, 1);
  out += kpi_row("Throughput p50", &CoverageKpis::throughput_p50_mbps, 1);
  out += kpi_row("Throughput p95", &CoverageKpis::throughput_p95_mbps, 1);
  out += row("targets (dBm / dB)", [](const ComparedResult& r) {
    return fmt::format("{:g}/{:g}", r.coverage.kpis.target_rsrp_dbm, r.coverage.kpis.target_sinr_db);
  });
  return out;
}

DifferenceMaps difference_maps(const std::vector<ComparedResult>& results) {
  DifferenceMaps d;
  const CoverageResult& reference = results.front().coverage;
  d.grid = reference.grid;
  d.reference_path = results.front().path;
  const std::size_t cells = d.grid.cell_count();
  for (std::size_t i = 1; i < results.size(); ++i) {
    const CoverageResult& r = results[i].coverage;
    d.compared_paths.push_back(results[i].path);
    for (std::size_t c = 0; c < cells; ++c) {
      d.rsrp_db.push_back(difference(reference.maps.rsrp_dbm[c], r.maps.rsrp_dbm[c]));
      d.sinr_db.push_back(difference(reference.maps.sinr_db[c], r.maps.sinr_db[c]));
      d.throughput_mbps.push_back(difference(reference.maps.throughput_mbps[c], r.maps.throughput_mbps[c]));
      const bool computed = !std::isnan(reference.maps.rsrp_dbm[c]) && !std::isnan(r.maps.rsrp_dbm[c]);
      const int before = is_covered(reference.maps.rsrp_dbm[c], reference.maps.sinr_db[c], reference.kpis) ? 1 : 0;
      const int after = is_covered(r.maps.rsrp_dbm[c], r.maps.sinr_db[c], r.kpis) ? 1 : 0;
      d.coverage_change.push_back(computed ? after - before : 0);
    }
  }
  return d;
}

int run_compare_command(const CompareArgs& args) {
  if (args.result_paths.size() < 2) throw InputError("", "compare needs at least two result files");
  if (!args.diff_output_path.empty()) check_output_writable(args.diff_output_path);
  const std::vector<ComparedResult> results = read_compared_results(args.result_paths);
  check_same_grid(results);
  fmt::print("{}", format_comparison_table(results));
  const CoverageKpis& first = results.front().coverage.kpis;
  for (const ComparedResult& r : results) {
    if (r.coverage.kpis.target_rsrp_dbm != first.target_rsrp_dbm || r.coverage.kpis.target_sinr_db != first.target_sinr_db) {
      fmt::print("note: the results use different coverage targets; each covered % is against its own targets\n");
      break;
    }
  }
  if (!args.diff_output_path.empty()) {
    write_difference_maps(args.diff_output_path, difference_maps(results));
    fmt::print("wrote {} ({} difference layer{} against {})\n", args.diff_output_path, results.size() - 1,
               results.size() > 2 ? "s" : "", args.result_paths.front());
  }
  return 0;
}

}  // namespace tarang
