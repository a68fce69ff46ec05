// Plan result files: the coverage result of the final plan (io/results_h5 layout) plus a /plan group (layout in
// plan_h5.cpp), so every tool that reads coverage results also reads plans.
#pragma once

#include <optional>
#include <string>

#include "core/coverage_result.h"
#include "planner/plan_result.h"

namespace tarang {

// Writes `coverage` and `plan` to `path` atomically (temp file + rename; nothing is left on failure). Throws like
// write_coverage_result.
void write_plan_result(const std::string& path, const CoverageResult& coverage, const PlanResult& plan);

// The /plan group of a result file, or std::nullopt when the file holds no plan (a coverage result). Throws
// InputError for a missing or non-HDF5 file and for a /plan group with missing or misshapen parts.
std::optional<PlanResult> read_plan_result(const std::string& path);

}  // namespace tarang
