// One self-contained HTML report comparing coverage results: summary, KPIs side by side, maps, CDF plots.
#pragma once

#include <string>
#include <vector>

#include "core/coverage_result.h"

namespace tarang {

struct ReportSource {
  std::string path;
  CoverageResult result;  // read without the per-sector gain maps
  bool has_plan = false;  // the file holds a /plan group (site-placement planner output)
};

// Reads one result file for a report. Throws InputError for a missing file, a file that is not a tarang result, or
// a damaged one (as read_coverage_result).
ReportSource load_report_source(const std::string& path);

// The report as one HTML5 document that is also well-formed XML, with no external resources: images are PNG data:
// URIs and plots inline SVG. Sections: scenarios (one column per result), KPIs (one column per result), maps (per
// layer rsrp, sinr, throughput, best_sector one image per result; continuous layers share one colour scale across
// results), CDFs of RSRP, SINR and throughput (one line per result), a plan trade-off placeholder only when some
// result has a /plan group, and the scenario files. Throws std::invalid_argument when `sources` is empty.
std::string render_html_report(const std::vector<ReportSource>& sources);

}  // namespace tarang
