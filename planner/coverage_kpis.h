// Coverage KPIs of a set of best-server maps: covered fraction and RSRP/SINR/throughput percentiles.
#pragma once

#include <vector>

#include "core/coverage_result.h"
#include "core/scenario.h"

namespace tarang {

// Percentile p in [0, 100] of `values` with linear interpolation between order statistics (numpy's default);
// NaN for an empty input; next to an infinite value the nearer order statistic is returned. Reorders `values`.
double percentile(std::vector<float>& values, double p);

// KPIs over the computed cells (RSRP not NaN; cells no signal reaches count, with RSRP -inf); a cell is covered when
// its RSRP >= the target and its SINR >= the target. With no computed cell all KPIs are NaN except
// covered_fraction = 0.
CoverageKpis compute_coverage_kpis(const CoverageMaps& maps, const TargetSpec& targets);

}  // namespace tarang
