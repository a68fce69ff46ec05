// Coverage KPIs: percentiles over served cells and the covered fraction against the scenario targets.
#include "planner/coverage_kpis.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tarang {

double percentile(std::vector<float>& values, double p) {
  // Linear interpolation between the order statistics around rank p/100 x (n - 1), as numpy.percentile.
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double v_lo = values[lo];
  if (hi == lo) return v_lo;
  const double v_hi = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  const double fraction = rank - static_cast<double>(lo);
  if (fraction == 0 || v_lo == v_hi) return v_lo;
  if (std::isinf(v_lo) || std::isinf(v_hi)) return fraction < 0.5 ? v_lo : v_hi;  // no interpolation across -inf
  return v_lo + fraction * (v_hi - v_lo);
}

CoverageKpis compute_coverage_kpis(const CoverageMaps& maps, const TargetSpec& targets) {
  std::vector<float> rsrp, sinr, throughput;
  std::size_t covered = 0;
  for (std::size_t c = 0; c < maps.best_sector.size(); ++c) {
    if (std::isnan(maps.rsrp_dbm[c])) continue;  // not computed (inside a building)
    rsrp.push_back(maps.rsrp_dbm[c]);
    sinr.push_back(maps.sinr_db[c]);
    throughput.push_back(maps.throughput_mbps[c]);
    if (maps.rsrp_dbm[c] >= targets.rsrp_dbm && maps.sinr_db[c] >= targets.sinr_db) ++covered;
  }
  CoverageKpis k;
  k.target_rsrp_dbm = targets.rsrp_dbm;
  k.target_sinr_db = targets.sinr_db;
  k.covered_fraction = rsrp.empty() ? 0.0 : static_cast<double>(covered) / static_cast<double>(rsrp.size());
  k.rsrp_p5_dbm = percentile(rsrp, 5), k.rsrp_p50_dbm = percentile(rsrp, 50), k.rsrp_p95_dbm = percentile(rsrp, 95);
  k.sinr_p5_db = percentile(sinr, 5), k.sinr_p50_db = percentile(sinr, 50), k.sinr_p95_db = percentile(sinr, 95);
  k.throughput_p5_mbps = percentile(throughput, 5);
  k.throughput_p50_mbps = percentile(throughput, 50);
  k.throughput_p95_mbps = percentile(throughput, 95);
  return k;
}

}  // namespace tarang
