// Text tables printed by the CLI: the KPI summary of a coverage result and its sector list.
#pragma once

#include <string>

#include "core/coverage_result.h"

namespace tarang {

// "KPI  p5  p50  p95" rows for RSRP, SINR and throughput, then the covered fraction line.
std::string format_kpi_table(const CoverageKpis& kpis);

// The covered-fraction line with the targets it was measured against.
std::string format_coverage_line(const CoverageKpis& kpis);

// One row per sector: id, site, position, azimuth, tilt, power, frequency.
std::string format_sector_table(const CoverageResult& result);

}  // namespace tarang
