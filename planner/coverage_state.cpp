// Incremental coverage: per-cell best server and total power in linear milliwatts (double), per-sector load.
#include "planner/coverage_state.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/parallel_for.h"
#include "planner/coverage_kpis.h"
#include "propagation/link_budget.h"

namespace tarang {
namespace {
constexpr double kDbToNeper = 0.23025850929940458;  // ln(10) / 10, as compute_best_server_maps
}  // namespace

CoverageState::CoverageState(const SparseGainMatrix& gains, const SparseGainColumns& columns, const LinkBudget& budget,
                             const TargetSpec& targets, std::span<const float> demand_mbps, CapacityModel capacity)
    : gains_(gains), columns_(columns), budget_(budget), capacity_(capacity) {
  const std::size_t cells = gains.cell_count, sectors = gains.sector_count();
  if (budget.power_dbm.size() != sectors) throw std::invalid_argument("CoverageState: budget and matrix sector counts differ");
  if (columns.offsets.size() != cells + 1) throw std::invalid_argument("CoverageState: columns do not match the matrix");
  if (!demand_mbps.empty() && demand_mbps.size() != cells) throw std::invalid_argument("CoverageState: demand size");
  if (capacity.enabled && (budget.n_rb <= 0 || budget.bandwidth_hz <= 0 || !(capacity.max_utilisation > 0))) {
    throw std::invalid_argument("CoverageState: capacity needs resource blocks, bandwidth and a utilisation > 0");
  }
  noise_mw_ = std::pow(10.0, budget.noise_per_re_dbm / 10.0);
  rsrp_target_mw_ = std::pow(10.0, targets.rsrp_dbm / 10.0);
  sinr_target_linear_ = std::pow(10.0, targets.sinr_db / 10.0);
  prb_capacity_ = capacity.enabled ? budget.n_rb * capacity.max_utilisation : 0.0;
  prb_rate_mbps_ = capacity.enabled ? budget.bandwidth_hz / budget.n_rb / 1e6 : 0.0;
  for (double power_dbm : budget.power_dbm) offset_db_.push_back(rsrp_per_re_dbm(power_dbm, budget.n_rb, 0.0));
  // Linear powers once, so moves never call exp (float: relative error 6e-8, i.e. 3e-7 dB).
  row_mw_.resize(gains.entry_count());
  column_mw_.resize(gains.entry_count());
  parallel_for(sectors, [&](std::size_t k) {
    for (std::uint64_t e = gains.gain_offsets[k]; e < gains.gain_offsets[k + 1]; ++e) {
      row_mw_[e] = static_cast<float>(std::exp((gains.gain_db[e] + offset_db_[k]) * kDbToNeper));
    }
  });
  parallel_for_chunks(columns.sector.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t e = begin; e < end; ++e) {
      column_mw_[e] = static_cast<float>(std::exp((columns.gain_db[e] + offset_db_[columns.sector[e]]) * kDbToNeper));
    }
  });
  ref_count_.assign(sectors, 0);
  demand_.assign(cells, 0.0f);
  for (std::size_t c = 0; c < cells; ++c) {
    if (!gains.computed[c]) continue;
    ++computed_cells_;
    demand_[c] = demand_mbps.empty() ? 1.0f : demand_mbps[c];
    total_demand_ += demand_[c];
  }
  power_.assign(cells, CellPower{});
  covered_.assign(cells, 0);
  load_sector_.assign(cells, -1);
  load_prb_.assign(cells, 0.0);
  sector_demand_.assign(sectors, 0.0);
  sector_prb_.assign(sectors, 0.0);
  sector_served_.assign(sectors, 0.0);
  sector_touched_.assign(sectors, 0);
}

namespace {
// Whether sector a with power a_mw ranks before sector b with b_mw: stronger, or as strong with a lower index (the
// order of compute_best_server_maps, which keeps the first maximum).
bool ranks_before(float a_mw, std::int32_t a, float b_mw, std::int32_t b) {
  return a_mw > b_mw || (a_mw == b_mw && a < b);
}
}  // namespace

void CoverageState::add_sector(std::uint32_t sector) {
  if (ref_count_[sector]++ > 0) return;
  const auto k = static_cast<std::int32_t>(sector);
  const float* mw = row_mw_.data() + gains_.gain_offsets[sector];
  for (const GainRun& run : gains_.sector_runs(sector)) {
    for (std::size_t c = run.first_cell, end = c + run.cell_count; c < end; ++c, ++mw) {
      CellPower& p = power_[c];
      p.total_mw += *mw;
      if (p.best == kNone || ranks_before(*mw, k, p.best_mw, p.best)) {
        p.second = p.best, p.second_mw = p.best_mw;  // the old best was the strongest of the rest
        p.best = k, p.best_mw = *mw;
      } else if (p.second == kNone || (p.second >= 0 && ranks_before(*mw, k, p.second_mw, p.second))) {
        p.second = k, p.second_mw = *mw;
      }
      touch_cell(c);
    }
  }
  settle_touched_sectors();
}

void CoverageState::remove_sector(std::uint32_t sector) {
  if (ref_count_[sector] == 0) throw std::logic_error("CoverageState::remove_sector: sector is not selected");
  if (--ref_count_[sector] > 0) return;
  const auto k = static_cast<std::int32_t>(sector);
  const float* mw = row_mw_.data() + gains_.gain_offsets[sector];
  for (const GainRun& run : gains_.sector_runs(sector)) {
    for (std::size_t c = run.first_cell, end = c + run.cell_count; c < end; ++c, ++mw) {
      CellPower& p = power_[c];
      if (p.best == k && p.second == kUnknown) {
        rescan_cell(c);
      } else {
        if (p.best == k) {
          p.best = p.second, p.best_mw = p.second_mw;
          p.second = p.best == kNone ? kNone : kUnknown;
        } else if (p.second == k) {
          p.second = kUnknown;
        }
        // The last sector leaves exactly 0; otherwise total >= best despite rounding.
        p.total_mw = p.best == kNone ? 0.0 : std::max(p.total_mw - *mw, static_cast<double>(p.best_mw));
      }
      touch_cell(c);
    }
  }
  settle_touched_sectors();
}

void CoverageState::rescan_cell(std::size_t c) {
  CellPower p;
  for (std::uint64_t e = columns_.offsets[c]; e < columns_.offsets[c + 1]; ++e) {
    const auto k = static_cast<std::int32_t>(columns_.sector[e]);
    if (ref_count_[static_cast<std::size_t>(k)] == 0) continue;
    const float mw = column_mw_[e];
    p.total_mw += mw;
    if (p.best == kNone || ranks_before(mw, k, p.best_mw, p.best)) {
      p.second = p.best, p.second_mw = p.best_mw;
      p.best = k, p.best_mw = mw;
    } else if (p.second == kNone || ranks_before(mw, k, p.second_mw, p.second)) {
      p.second = k, p.second_mw = mw;
    }
  }
  power_[c] = p;
}

double CoverageState::spectral_efficiency(std::size_t c) const {
  const CellPower& p = power_[c];
  const double interference_mw = budget_.load * (p.total_mw - p.best_mw);
  const double sinr = p.best_mw / (interference_mw + noise_mw_);
  static const double sinr_min = std::pow(10.0, kShannonSinrMin_db / 10.0);
  if (sinr < sinr_min) return 0.0;
  return std::min(kShannonAttenuation * std::log2(1.0 + sinr), kShannonMaxSpectralEff_bps_per_hz);
}

void CoverageState::touch_cell(std::size_t c) {
  const CellPower& p = power_[c];
  bool covered = false;
  if (p.best >= 0 && p.best_mw >= rsrp_target_mw_) {
    const double interference_mw = budget_.load * (p.total_mw - p.best_mw);
    covered = p.best_mw >= sinr_target_linear_ * (interference_mw + noise_mw_);
  }
  const double demand = demand_[c];
  if (covered != static_cast<bool>(covered_[c])) {
    covered_[c] = covered ? 1 : 0;
    if (covered) {
      ++covered_cells_, covered_demand_ += demand;
    } else {
      --covered_cells_, covered_demand_ -= demand;
    }
  }
  if (!capacity_.enabled) return;
  std::int32_t sector = -1;
  double prb = 0;
  if (covered && demand > 0) {
    const double se = spectral_efficiency(c);
    if (se > 0) sector = p.best, prb = demand / (se * prb_rate_mbps_);
  }
  if (sector == load_sector_[c] && prb == load_prb_[c]) return;
  if (load_sector_[c] >= 0) {
    sector_demand_[load_sector_[c]] -= demand, sector_prb_[load_sector_[c]] -= load_prb_[c];
    mark_sector(load_sector_[c]);
  }
  if (sector >= 0) sector_demand_[sector] += demand, sector_prb_[sector] += prb, mark_sector(sector);
  load_sector_[c] = sector, load_prb_[c] = prb;
}

void CoverageState::mark_sector(std::int32_t sector) {
  if (sector_touched_[sector]) return;
  sector_touched_[sector] = 1;
  touched_.push_back(sector);
}

double CoverageState::sector_share(std::size_t sector) const {
  return sector_prb_[sector] > prb_capacity_ ? prb_capacity_ / sector_prb_[sector] : 1.0;
}

void CoverageState::settle_touched_sectors() {
  for (std::int32_t k : touched_) {
    const double served = sector_demand_[k] * sector_share(k);
    served_demand_ += served - sector_served_[k];
    sector_served_[k] = served;
    sector_touched_[k] = 0;
  }
  touched_.clear();
}

CellRadio CoverageState::cell(std::size_t c) const {
  CellRadio r;
  const CellPower& p = power_[c];
  if (p.best < 0) {
    r.rsrp_dbm = r.sinr_db = -std::numeric_limits<double>::infinity();
    return r;
  }
  r.best_sector = p.best;
  r.rsrp_dbm = 10.0 * std::log10(p.best_mw);
  r.sinr_db = 10.0 * std::log10(p.best_mw / (budget_.load * (p.total_mw - p.best_mw) + noise_mw_));
  return r;
}

CoverageSummary CoverageState::summary() const {
  CoverageSummary s;
  std::vector<float> throughput;
  throughput.reserve(computed_cells_);
  std::size_t covered = 0;
  double covered_demand = 0, served_demand = 0;
  for (std::size_t c = 0; c < gains_.cell_count; ++c) {
    if (!gains_.computed[c]) continue;
    const bool loads = capacity_.enabled && load_sector_[c] >= 0;
    const double share = loads ? sector_share(static_cast<std::size_t>(load_sector_[c])) : 1.0;
    if (covered_[c]) {
      ++covered;
      covered_demand += demand_[c];
      served_demand += capacity_.enabled ? (loads ? demand_[c] * share : 0.0) : demand_[c];
    }
    const double se = power_[c].best < 0 ? 0.0 : spectral_efficiency(c);
    throughput.push_back(static_cast<float>(se * budget_.bandwidth_hz / 1e6 * share));
  }
  if (computed_cells_ > 0) s.covered_fraction = static_cast<double>(covered) / static_cast<double>(computed_cells_);
  if (total_demand_ > 0) {
    s.covered_demand_fraction = covered_demand / total_demand_;
    s.served_demand_fraction = served_demand / total_demand_;
  }
  s.throughput_p5_mbps = throughput.empty() ? 0.0 : percentile(throughput, 5);
  if (capacity_.enabled) {
    for (std::size_t k = 0; k < sector_prb_.size(); ++k) s.overloaded_sectors += sector_prb_[k] > prb_capacity_ ? 1 : 0;
  }
  return s;
}

}  // namespace tarang
