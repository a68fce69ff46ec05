// Best server, SINR and throughput per cell, summing interference in linear milliwatts.
#include "planner/best_server_maps.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/parallel_for.h"
#include "propagation/link_budget.h"

namespace tarang {
namespace {
constexpr double kDbToNeper = 0.23025850929940458;  // ln(10) / 10: 10^(x/10) = exp(x * kDbToNeper)
}  // namespace

LinkBudget link_budget_of(const Scenario& s) {
  LinkBudget b;
  for (const auto& site : s.sites) {
    for (const auto& sector : site.sectors) b.power_dbm.push_back(sector.power_dbm);
  }
  b.n_rb = nr_resource_blocks(s.radio.bandwidth_hz, s.radio.subcarrier_spacing_hz, s.radio.frequency_hz);
  b.noise_per_re_dbm = noise_per_re_dbm(s.radio.subcarrier_spacing_hz, s.radio.noise_figure_db);
  b.load = s.radio.load;
  b.bandwidth_hz = s.radio.bandwidth_hz;
  return b;
}

void compute_best_server_maps(const LinkBudget& budget, std::size_t cells, CoverageMaps& maps, int threads) {
  const std::size_t n_sectors = budget.power_dbm.size();
  if (maps.gain_db.size() != n_sectors * cells) throw std::logic_error("gain map size does not match the sectors");
  const float nan = std::numeric_limits<float>::quiet_NaN();
  maps.rsrp_dbm.assign(cells, nan);
  maps.best_sector.assign(cells, -1);
  maps.sinr_db.assign(cells, nan);
  maps.throughput_mbps.assign(cells, nan);

  std::vector<double> offset_db(n_sectors);  // RSRP per RE = gain + offset
  for (std::size_t k = 0; k < n_sectors; ++k) offset_db[k] = rsrp_per_re_dbm(budget.power_dbm[k], budget.n_rb, 0.0);
  const double noise_mw = std::pow(10.0, budget.noise_per_re_dbm / 10.0);

  parallel_for(
      cells,
      [&](std::size_t c) {
        double total_mw = 0, best_mw = -1, best_dbm = 0;
        int best = -1;
        for (std::size_t k = 0; k < n_sectors; ++k) {
          const float g = maps.gain_db[k * cells + c];
          if (std::isnan(g)) continue;
          const double dbm = g + offset_db[k];
          const double mw = std::exp(dbm * kDbToNeper);
          total_mw += mw;
          if (mw > best_mw) best_mw = mw, best_dbm = dbm, best = static_cast<int>(k);
        }
        if (best < 0) return;  // no sector computed here (inside a building): NaN
        if (best_mw <= 0) {     // computed, but no signal arrives (e.g. no ray reached the cell)
          maps.rsrp_dbm[c] = maps.sinr_db[c] = -std::numeric_limits<float>::infinity();
          maps.throughput_mbps[c] = 0;
          return;
        }
        const double interference_mw = budget.load * (total_mw - best_mw);
        const double sinr_db = 10.0 * std::log10(best_mw / (interference_mw + noise_mw));
        maps.best_sector[c] = best;
        maps.rsrp_dbm[c] = static_cast<float>(best_dbm);
        maps.sinr_db[c] = static_cast<float>(sinr_db);
        maps.throughput_mbps[c] = static_cast<float>(truncated_shannon_bps_per_hz(sinr_db) * budget.bandwidth_hz / 1e6);
      },
      threads);
}

}  // namespace tarang
