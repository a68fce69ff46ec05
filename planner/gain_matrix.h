// Building sparse gain matrices from dense per-sector gain maps chunk by chunk (or site by site as work units that
// other processes may compute), their cell-major transpose, and the HDF5 cache keyed by a hash of the inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/raster_grid.h"
#include "core/scenario.h"
#include "planner/sparse_gain_matrix.h"

namespace tarang {

class Progress;

// Appends sectors to a SparseGainMatrix from their dense maps, so only one chunk of dense maps exists at a time.
class SparseGainMatrixBuilder {
 public:
  SparseGainMatrixBuilder(std::size_t cell_count, double keep_rsrp_dbm);

  // The kept cells of some sectors, sparsified but not yet appended.
  using Chunk = SparseGainRows;

  // Appends rsrp_offset_db.size() sectors whose dense maps are `gain_db` ([sectors][cells], NaN = not computed).
  // Parallel over the chunk's sectors; the result does not depend on `threads`. Same as append(sparsify(...)).
  void append(std::span<const float> gain_db, std::span<const double> rsrp_offset_db, int threads = 0);

  // Sparsifies dense maps as append does; append the chunk later, in sector order (chunks may be sparsified in any
  // order, or stored and read back: the matrix is the same).
  Chunk sparsify(std::span<const float> gain_db, std::span<const double> rsrp_offset_db, int threads = 0) const;
  void append(Chunk chunk);

  std::size_t sector_count() const { return matrix_.sector_count(); }

  // The matrix built so far; the builder is empty afterwards.
  SparseGainMatrix finish();

 private:
  SparseGainMatrix matrix_;
};

// The RSRP offset of each sector of `s`, in scenario order: power_dbm - 10 log10(12 N_RB).
std::vector<double> rsrp_offsets_db(const Scenario& s);

struct GainMatrixOptions {
  double keep_rsrp_dbm = -130;                    // cells weaker than this are dropped (also as interferers)
  std::size_t max_chunk_bytes = std::size_t{256} << 20;  // dense maps held at once (at least one site's)
  int threads = 0;                                // 0 = all cores
};

// Dense gain maps ([sectors][cells], dB, NaN = not computed) of every sector of a scenario's sites.
using DenseGainMapsFn = std::function<std::vector<float>(const Scenario& sites)>;

// The sparse matrix of every sector of `candidates` (its sites, in order): dense_maps is called on chunks of whole
// sites that fit in max_chunk_bytes, each chunk sparsified, then freed.
SparseGainMatrix build_gain_matrix(const Scenario& candidates, const RasterGrid& grid, const GainMatrixOptions& options,
                                   const DenseGainMapsFn& dense_maps);

// A way to compute work units 0..n-1, possibly on other processes (MPI ranks): compute(unit) is called once per unit
// somewhere, and deliver(unit, values) with its result here, in any order (never, on a process that only computes).
using UnitComputeFn = std::function<std::vector<float>(std::uint32_t unit)>;
using UnitDeliverFn = std::function<void(std::uint32_t unit, std::vector<float> values)>;
using UnitRunner =
    std::function<void(const std::vector<std::uint32_t>& units, const UnitComputeFn&, const UnitDeliverFn&)>;

// Computes and delivers every unit in order, in this process.
void run_units_here(const std::vector<std::uint32_t>& units, const UnitComputeFn& compute,
                    const UnitDeliverFn& deliver);

// The matrix of build_gain_matrix, with one work unit per site of `candidates`: site_maps(i) returns the dense maps
// of site i's sectors ([sectors][cells]). Units are sparsified as they are delivered and appended in site order, so
// the matrix is identical whatever computed them in whatever order; a process that is delivered no unit gets an
// empty matrix. With a `store`, run_units gets only the units it does not hold.
// Units kept from an earlier run (a checkpoint): units flagged in `done` are read instead of computed (rows without
// rsrp_offset_db), and every unit computed now is passed to write() as soon as it is sparsified.
struct SparseUnitStore {
  std::vector<std::uint8_t> done;  // per unit
  std::function<SparseGainRows(std::uint32_t unit)> read;
  std::function<void(std::uint32_t unit, const SparseGainRows& rows)> write;
};

SparseGainMatrix build_gain_matrix_of_sites(const Scenario& candidates, const RasterGrid& grid,
                                            const GainMatrixOptions& options, const UnitComputeFn& site_maps,
                                            const UnitRunner& run_units = run_units_here,
                                            const SparseUnitStore* store = nullptr);

// The sparse matrix of every sector of `candidates` (its sites, in order) under the scenario's empirical model on
// `grid`: dense maps are computed for as many whole sites as fit in max_chunk_bytes, sparsified, then freed.
SparseGainMatrix build_empirical_gain_matrix(const Scenario& candidates, const RasterGrid& grid,
                                             const GainMatrixOptions& options, Progress* progress = nullptr);

// Cell-major copy of a matrix: the sectors reaching cell c are sector[offsets[c] .. offsets[c + 1]), ascending, with
// their gains.
struct SparseGainColumns {
  std::vector<std::uint64_t> offsets;  // [cells + 1]
  std::vector<std::uint32_t> sector;
  std::vector<float> gain_db;
};
SparseGainColumns transpose_gain_matrix(const SparseGainMatrix& m);

// 64-bit FNV-1a hash of everything the matrix of build_empirical_gain_matrix depends on: radio, propagation and
// raytrace settings, materials, scene source (file paths with their size and modification time), every site and
// sector (antenna patterns included), the grid and keep_rsrp_dbm, the calibration, and a format salt. Equal inputs
// give equal keys.
std::uint64_t gain_matrix_input_key(const Scenario& candidates, const RasterGrid& grid, double keep_rsrp_dbm);

// Reads the matrix cached at `cache_path` when it was stored under `input_key`; otherwise calls build() and writes
// the cache (atomically). `cache_path` "" disables the cache. *reused tells which happened; *note says why a cache
// file present was not used ("" otherwise).
SparseGainMatrix load_or_build_gain_matrix(const std::string& cache_path, std::uint64_t input_key,
                                           const std::function<SparseGainMatrix()>& build, bool* reused = nullptr,
                                           std::string* note = nullptr);

}  // namespace tarang
