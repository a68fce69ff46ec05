// CoverageState: best server, RSRP, SINR, coverage and sector load of a set of selected sectors, updated in
// O(cells a sector reaches) when one sector is added or removed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/scenario.h"
#include "planner/best_server_maps.h"
#include "planner/gain_matrix.h"

namespace tarang {

// Capacity: a covered cell c with demand d_c (Mbit/s) served at spectral efficiency SE_c (truncated Shannon at its
// SINR) needs d_c / (SE_c x bandwidth / N_RB) resource blocks of its best server; a sector can give
// N_RB x max_utilisation. An overloaded sector serves each of its cells the same share cap / need of its demand.
struct CapacityModel {
  bool enabled = false;
  double max_utilisation = 1.0;
};

// Whole-plan figures, computed over every cell (O(cells)).
struct CoverageSummary {
  double covered_fraction = 0;         // of computed cells with RSRP >= target and SINR >= target
  double covered_demand_fraction = 0;  // covered demand / total demand
  double served_demand_fraction = 0;   // served demand (capacity limits applied) / total demand
  double throughput_p5_mbps = 0;       // 5th percentile over computed cells of SE x bandwidth x sector share
  std::size_t overloaded_sectors = 0;  // sectors whose cells need more resource blocks than they have
};

// One cell's state, in the units of compute_best_server_maps.
struct CellRadio {
  std::int32_t best_sector = -1;  // -1: no selected sector reaches the cell
  double rsrp_dbm = 0;            // -inf when none reaches it
  double sinr_db = 0;             // -inf when none reaches it
};

class CoverageState {
 public:
  // `gains`, `columns` (its transpose) and `demand_mbps` must outlive the state. demand_mbps: per cell (computed
  // cells only count); empty = 1 per computed cell, so demand fractions are cell fractions.
  CoverageState(const SparseGainMatrix& gains, const SparseGainColumns& columns, const LinkBudget& budget,
                const TargetSpec& targets, std::span<const float> demand_mbps = {}, CapacityModel capacity = {});

  // Sectors are reference counted: adding a selected sector again only counts; it leaves when the count drops to 0.
  void add_sector(std::uint32_t sector);
  void remove_sector(std::uint32_t sector);
  bool is_selected(std::uint32_t sector) const { return ref_count_[sector] > 0; }

  // Running totals, exact up to double rounding of the incremental sums.
  std::size_t covered_cells() const { return covered_cells_; }
  std::size_t computed_cells() const { return computed_cells_; }
  double covered_demand() const { return covered_demand_; }
  double served_demand() const { return capacity_.enabled ? served_demand_ : covered_demand_; }
  double total_demand() const { return total_demand_; }
  double served_demand_fraction() const { return total_demand_ > 0 ? served_demand() / total_demand_ : 0.0; }

  CellRadio cell(std::size_t c) const;
  CoverageSummary summary() const;

 private:
  // The strongest and second strongest selected sectors at a cell (ties: lower index first) and the total power.
  // second == kUnknown means "not known" after the second was removed; kNone means there is none.
  struct CellPower {
    double total_mw = 0;
    float best_mw = 0, second_mw = 0;
    std::int32_t best = -1, second = -1;
  };
  static constexpr std::int32_t kNone = -1, kUnknown = -2;

  void touch_cell(std::size_t c);   // recomputes the cell's coverage and load contribution after a change
  void rescan_cell(std::size_t c);  // best, second and total power from the column of selected sectors
  void mark_sector(std::int32_t sector);
  void settle_touched_sectors();
  double sector_share(std::size_t sector) const;  // served share of an overloaded sector's demand, 1 otherwise
  double spectral_efficiency(std::size_t c) const;

  const SparseGainMatrix& gains_;
  const SparseGainColumns& columns_;
  LinkBudget budget_;
  CapacityModel capacity_;
  double noise_mw_ = 0, rsrp_target_mw_ = 0, sinr_target_linear_ = 0, prb_capacity_ = 0, prb_rate_mbps_ = 0;
  std::vector<double> offset_db_;           // per sector: RSRP per RE = gain + offset
  std::vector<float> row_mw_, column_mw_;   // RSRP per RE in mW of every matrix entry, in row and column order
  std::vector<std::uint32_t> ref_count_;    // per sector
  std::vector<float> demand_;               // per cell, 0 outside computed cells
  // Per cell.
  std::vector<CellPower> power_;
  std::vector<std::uint8_t> covered_;
  std::vector<std::int32_t> load_sector_;  // sector whose resource blocks the cell uses (-1: none)
  std::vector<double> load_prb_;           // resource blocks it needs there
  // Per sector.
  std::vector<double> sector_demand_, sector_prb_, sector_served_;
  std::vector<std::uint8_t> sector_touched_;
  std::vector<std::int32_t> touched_;
  // Totals.
  std::size_t covered_cells_ = 0, computed_cells_ = 0;
  double covered_demand_ = 0, served_demand_ = 0, total_demand_ = 0;
};

}  // namespace tarang
