// The text a coverage run prints: what was computed, then the KPI table.
#pragma once

#include <string>

#include "core/coverage_result.h"
#include "core/scenario.h"

namespace tarang {

std::string format_coverage_report(const Scenario& scenario, const CoverageResult& result);

// "3GPP TR 38.901 UMa, probabilistic LOS" or "free space".
std::string describe_propagation(const PropagationSpec& p);

}  // namespace tarang
