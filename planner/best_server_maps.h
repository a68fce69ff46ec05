// Best-server maps: RSRP, serving sector, SINR and downlink throughput per cell from per-sector gain maps.
#pragma once

#include <cstddef>
#include <vector>

#include "core/coverage_result.h"
#include "core/scenario.h"

namespace tarang {

// The link-budget constants shared by all cells.
struct LinkBudget {
  std::vector<double> power_dbm;  // per sector, total carrier power
  int n_rb = 0;                   // NR resource blocks in the carrier
  double noise_per_re_dbm = 0;    // thermal noise + noise figure in one subcarrier
  double load = 1;                // fraction of interfering resources in use
  double bandwidth_hz = 0;        // throughput = spectral efficiency x bandwidth
};

// The link budget a scenario defines (N_RB from TS 38.101 tables, noise -174 dBm/Hz + NF over one subcarrier).
LinkBudget link_budget_of(const Scenario& s);

// Fills rsrp_dbm, best_sector, sinr_db and throughput_mbps of `maps` from maps.gain_db ([n_sectors][cells]).
// RSRP per RE = power - 10 log10(12 N_RB) + gain; SINR = best / (load x sum of the others + noise); cells where
// every sector's gain is NaN get NaN and best_sector -1; cells where no sector's signal arrives (gains -inf) get
// RSRP and SINR -inf, throughput 0 and best_sector -1. Parallel over cells; results do not depend on `threads`.
void compute_best_server_maps(const LinkBudget& budget, std::size_t cells, CoverageMaps& maps, int threads = 0);

}  // namespace tarang
