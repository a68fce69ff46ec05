// SparseGainMatrix: per candidate sector, the cells it reaches above a threshold as runs of (cell, gain dB).
// Header-only plain data (io/gain_matrix_h5 reads and writes it without linking the planner).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tarang {

// Consecutive cells [first_cell, first_cell + cell_count) of one sector; their gains are stored contiguously.
struct GainRun {
  std::uint32_t first_cell = 0;
  std::uint32_t cell_count = 0;
};

// The kept cells of some consecutive sectors (one chunk or work unit) before they join a matrix: per sector its runs
// and their gains, and the cells where some of these sectors' gains was computed (not NaN), as runs.
struct SparseGainRows {
  std::vector<double> rsrp_offset_db;       // per sector
  std::vector<std::vector<GainRun>> runs;   // per sector
  std::vector<std::vector<float>> gain_db;  // per sector
  std::vector<GainRun> computed;            // ascending, disjoint
};

// Compressed rows: sector k owns runs[run_offsets[k] .. run_offsets[k + 1]) and gain_db[gain_offsets[k] ..
// gain_offsets[k + 1]), the gains of its runs' cells in run order. A cell is kept for sector k when its RSRP per RE,
// gain_db + rsrp_offset_db[k], is >= keep_rsrp_dbm; anything weaker (and NaN) is treated as no signal (gain -inf).
struct SparseGainMatrix {
  std::size_t cell_count = 0;                // grid cells, row-major
  double keep_rsrp_dbm = 0;                  // the threshold the entries were selected with
  std::vector<double> rsrp_offset_db;        // per sector: power_dbm - 10 log10(12 N_RB)
  std::vector<std::uint8_t> computed;        // per cell: 1 when some sector's gain there was not NaN
  std::vector<std::uint64_t> run_offsets{0};   // [sectors + 1]
  std::vector<std::uint64_t> gain_offsets{0};  // [sectors + 1]
  std::vector<GainRun> runs;
  std::vector<float> gain_db;

  std::size_t sector_count() const { return rsrp_offset_db.size(); }
  std::size_t entry_count() const { return gain_db.size(); }
  std::size_t entry_count(std::size_t sector) const {
    return static_cast<std::size_t>(gain_offsets[sector + 1] - gain_offsets[sector]);
  }
  std::span<const GainRun> sector_runs(std::size_t sector) const {
    return {runs.data() + run_offsets[sector], static_cast<std::size_t>(run_offsets[sector + 1] - run_offsets[sector])};
  }

  // Calls fn(cell, gain_db) for every kept cell of `sector`, in ascending cell order.
  template <typename Fn>
  void for_each_entry(std::size_t sector, Fn&& fn) const {
    const float* gain = gain_db.data() + gain_offsets[sector];
    for (const GainRun& run : sector_runs(sector)) {
      for (std::uint32_t i = 0; i < run.cell_count; ++i) fn(static_cast<std::size_t>(run.first_cell + i), *gain++);
    }
  }
};

}  // namespace tarang
