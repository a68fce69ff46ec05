// Privatisation of measurements: every step before the noise works on per-device aggregates, never row by row output.
#include "calibration/private_aggregates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "calibration/noise_source.h"

namespace tarang {
namespace {

// Number of released query families sharing the budget: pair counts, pair sums, cell demand counts.
constexpr double kQueries = 3;

struct PairTotals {
  double devices = 0;
  double sum_db = 0;  // of centred clipped device means
};

}  // namespace

NoiseScales noise_scales(const PrivacyOptions& o) {
  if (!(o.epsilon > 0)) throw std::invalid_argument("epsilon must be > 0");
  if (o.max_cells_per_device < 1) throw std::invalid_argument("the contribution bound must be >= 1");
  if (!(o.clip_max_dbm > o.clip_min_dbm)) throw std::invalid_argument("the clip range is empty");
  if (o.mechanism == NoiseMechanism::Gaussian && !(o.delta > 0 && o.delta < 1)) {
    throw std::invalid_argument("delta must be in (0, 1) for the Gaussian mechanism");
  }
  if (std::isinf(o.epsilon)) return NoiseScales{};
  const double bound = o.max_cells_per_device, half_range_db = 0.5 * (o.clip_max_dbm - o.clip_min_dbm);
  if (o.mechanism == NoiseMechanism::Laplace) {
    // L1 sensitivities: L pairs (or cells) change by 1 each; sums by at most half_range each.
    const double eps = o.epsilon / kQueries;
    return NoiseScales{bound / eps, bound * half_range_db / eps, bound / eps};
  }
  // zCDP (Bun & Steinke 2016): rho total from (epsilon, delta), split evenly; sigma = L2 sensitivity / sqrt(2 rho_i).
  const double log_inv_delta = std::log(1.0 / o.delta);
  const double sqrt_rho = std::sqrt(log_inv_delta + o.epsilon) - std::sqrt(log_inv_delta);
  const double rho_each = sqrt_rho * sqrt_rho / kQueries;
  const double l2 = std::sqrt(bound);
  const double scale = 1.0 / std::sqrt(2.0 * rho_each);
  return NoiseScales{l2 * scale, l2 * half_range_db * scale, l2 * scale};
}

RasterGrid coarsened_grid(const RasterGrid& grid, int factor) {
  RasterGrid g = grid;
  g.cell_m = grid.cell_m * factor;
  g.nx = (grid.nx + factor - 1) / factor;
  g.ny = (grid.ny + factor - 1) / factor;
  return g;
}

PrivateAggregates privatize_measurements(const std::vector<Measurement>& rows, const RasterGrid& grid, int sectors,
                                         const PrivacyOptions& options) {
  PrivateAggregates out;
  out.scales = noise_scales(options);
  NoiseSource noise(options.seed);
  const std::size_t cells = grid.cell_count();
  const double mid_dbm = 0.5 * (options.clip_min_dbm + options.clip_max_dbm);

  // 1. Per device and (sector, cell): the mean of its clipped RSRP values (a device counts once per pair).
  struct DevicePair {
    double sum_dbm = 0;
    int n = 0;
  };
  std::map<std::pair<int, std::size_t>, DevicePair> per_device_pair;  // key (device, sector * cells + cell)
  for (const Measurement& m : rows) {
    const int col = std::clamp(static_cast<int>(std::floor((m.x_m - grid.west_m) / grid.cell_m)), 0, grid.nx - 1);
    const int row = std::clamp(static_cast<int>(std::floor((grid.north_m - m.y_m) / grid.cell_m)), 0, grid.ny - 1);
    const std::size_t pair = static_cast<std::size_t>(m.sector) * cells + static_cast<std::size_t>(row) * grid.nx + col;
    DevicePair& p = per_device_pair[{m.device, pair}];
    p.sum_dbm += std::clamp(m.rsrp_dbm, options.clip_min_dbm, options.clip_max_dbm);
    ++p.n;
  }

  // 2. Contribution bounding: a device keeps at most L of its pairs (a uniformly random subset).
  std::unordered_map<std::size_t, PairTotals> totals;
  std::unordered_map<std::size_t, double> demand;
  const std::size_t bound = static_cast<std::size_t>(options.max_cells_per_device);
  for (auto it = per_device_pair.begin(); it != per_device_pair.end();) {
    auto end = it;
    std::vector<decltype(it)> pairs;
    for (; end != per_device_pair.end() && end->first.first == it->first.first; ++end) pairs.push_back(end);
    for (std::size_t i = 0; i < pairs.size() && i < bound; ++i) {  // partial Fisher-Yates shuffle
      std::swap(pairs[i], pairs[i + noise.below(pairs.size() - i)]);
    }
    if (pairs.size() > bound) out.bounded_pairs += pairs.size() - bound;
    pairs.resize(std::min(pairs.size(), bound));
    std::vector<std::size_t> device_cells;
    for (const auto& p : pairs) {
      PairTotals& t = totals[p->first.second];
      t.devices += 1;
      t.sum_db += p->second.sum_dbm / p->second.n - mid_dbm;
      device_cells.push_back(p->first.second % cells);
    }
    std::sort(device_cells.begin(), device_cells.end());
    device_cells.erase(std::unique(device_cells.begin(), device_cells.end()), device_cells.end());
    for (std::size_t c : device_cells) demand[c] += 1;
    it = end;
  }

  // 3. Noise on every (sector, cell) of the grid, then the k threshold on the noisy count (post-processing).
  const auto draw = [&](double scale) {
    return options.mechanism == NoiseMechanism::Laplace ? noise.laplace(scale) : noise.gaussian(scale);
  };
  for (std::size_t pair = 0; pair < static_cast<std::size_t>(sectors) * cells; ++pair) {
    const auto found = totals.find(pair);
    const PairTotals t = found == totals.end() ? PairTotals{} : found->second;
    const double devices = t.devices + draw(out.scales.count);
    const double sum_db = t.sum_db + draw(out.scales.sum);
    if (devices < options.k_min_devices) {
      if (t.devices > 0) ++out.suppressed;
      continue;
    }
    const double mean = std::clamp(mid_dbm + sum_db / devices, options.clip_min_dbm, options.clip_max_dbm);
    out.cells.push_back(AggregateCell{static_cast<int>(pair / cells), pair % cells, devices, mean});
  }
  out.demand_devices.assign(cells, 0.0);
  for (std::size_t c = 0; c < cells; ++c) {
    const auto found = demand.find(c);
    const double devices = (found == demand.end() ? 0.0 : found->second) + draw(out.scales.demand);
    out.demand_devices[c] = devices >= options.k_min_devices ? devices : 0.0;
  }
  return out;
}

}  // namespace tarang
