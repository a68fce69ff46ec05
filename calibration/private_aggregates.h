// The privacy step: per-device grid aggregation, contribution bounding, calibrated noise, k-threshold (docs/privacy.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "calibration/measurements.h"
#include "core/raster_grid.h"

namespace tarang {

enum class NoiseMechanism { Laplace, Gaussian };

struct PrivacyOptions {
  double epsilon = 1.0;  // total budget of the whole release; +infinity = no noise (for checks only)
  double delta = 1e-6;   // Gaussian only
  NoiseMechanism mechanism = NoiseMechanism::Laplace;
  int k_min_devices = 20;          // (sector, cell) aggregates and demand cells below this noisy count are dropped
  int max_cells_per_device = 1;    // contribution bound L: (sector, cell) pairs one device may contribute to
  double clip_min_dbm = -140, clip_max_dbm = -60;  // each device's per-cell mean RSRP is clipped to this range
  std::optional<std::uint64_t> seed;  // reproducible studies only; none = std::random_device
};

// Noise scale per released query: the Laplace b or the Gaussian sigma of each noisy value.
struct NoiseScales {
  double count = 0;   // device count of a (sector, cell)
  double sum = 0;     // sum of centred clipped device means of a (sector, cell), dB
  double demand = 0;  // device count of a cell (all sectors)
};

// The scales PrivacyOptions imply (budget split in three equal parts; docs/privacy.md derives them).
// Throws std::invalid_argument for epsilon <= 0, delta outside (0, 1) with Gaussian, L < 1 or an empty clip range.
NoiseScales noise_scales(const PrivacyOptions& options);

// A released (sector, cell) aggregate: only noisy values, never raw rows.
struct AggregateCell {
  int sector = 0;
  std::size_t cell = 0;        // row * nx + col of the aggregation grid
  double devices = 0;          // noisy device count (>= k)
  double mean_rsrp_dbm = 0;    // noisy mean of the devices' clipped means, clamped to the clip range
};

struct PrivateAggregates {
  std::vector<AggregateCell> cells;
  std::vector<double> demand_devices;  // [ny][nx] noisy distinct devices per cell; 0 where suppressed (< k)
  std::size_t suppressed = 0;          // (sector, cell) pairs with data whose noisy count fell below k
  std::size_t bounded_pairs = 0;       // device (sector, cell) pairs dropped by the contribution bound
  NoiseScales scales;
};

// Aggregates `rows` onto `grid` (each row in the cell containing it) and privatises: per device and (sector, cell)
// the mean clipped RSRP; at most L pairs per device (a random subset); noise on every (sector, cell) count and sum
// and every cell's device count of the whole grid (empty ones too, so that which cells hold data is protected);
// then the k threshold on the noisy counts. Deterministic for a given seed.
PrivateAggregates privatize_measurements(const std::vector<Measurement>& rows, const RasterGrid& grid, int sectors,
                                         const PrivacyOptions& options);

// The aggregation grid: `grid` with cells `factor` times larger (same north-west corner, covering all of it).
RasterGrid coarsened_grid(const RasterGrid& grid, int factor);

}  // namespace tarang
