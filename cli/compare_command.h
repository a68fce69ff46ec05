// `tarang compare`: a side-by-side KPI table of coverage and plan results on one grid, and their difference maps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "io/difference_maps_h5.h"
#include "planner/plan_result.h"

namespace tarang {

struct CompareArgs {
  std::vector<std::string> result_paths;  // two or more result files (coverage or plan, in any mix)
  std::string diff_output_path;           // "" = no difference maps
};

// Prints the table (and writes the difference maps). Throws InputError for unreadable files and differing grids.
int run_compare_command(const CompareArgs& args);

// One result as compare reads it (maps without the per-sector gains).
struct ComparedResult {
  std::string path;
  CoverageResult coverage;
  std::optional<PlanResult> plan;  // set for plan results
};

std::vector<ComparedResult> read_compared_results(const std::vector<std::string>& paths);

// Throws InputError(path, "grid differs from FIRST: ...") naming what differs (size, cell, origin, receiver
// height, CRS) for the first result whose grid is not the first result's.
void check_same_grid(const std::vector<ComparedResult>& results);

// KPI rows, one column per result (plan rows show "-" for coverage results).
std::string format_comparison_table(const std::vector<ComparedResult>& results);

// Every result after the first minus the first, per cell (0 where both are equal, including both without signal).
DifferenceMaps difference_maps(const std::vector<ComparedResult>& results);

}  // namespace tarang
