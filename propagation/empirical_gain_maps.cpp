// CPU evaluation of empirical gain maps over a raster grid, parallel over rows.
#include "propagation/empirical_gain_maps.h"

#include "core/parallel_for.h"
#include "core/progress.h"
#include "propagation/sector_antenna.h"

namespace tarang {

std::vector<float> compute_empirical_gain_maps(const Scenario& s, const RasterGrid& grid, Progress* progress,
                                               int threads) {
  const EmpiricalModel<float> model = empirical_model_of<float>(s);
  const std::size_t cells = grid.cell_count();
  std::vector<float> gain(s.sector_count() * cells);

  struct IndexedAntenna {
    std::size_t index;  // sector index in scenario order
    SectorAntenna antenna;
  };
  std::vector<std::vector<IndexedAntenna>> antennas(s.sites.size());
  for (std::size_t i = 0, k = 0; i < s.sites.size(); ++i) {
    for (const SectorSpec& sector : s.sites[i].sectors) antennas[i].push_back({k++, sector_antenna_of(sector)});
  }

  // Work unit: one grid row of one site (all its sectors).
  const std::size_t rows = static_cast<std::size_t>(grid.ny);
  parallel_for(
      s.sites.size() * rows,
      [&](std::size_t unit) {
        const std::size_t site_index = unit / rows;
        const SiteSpec& site = s.sites[site_index];
        const int row = static_cast<int>(unit % rows);
        const float dy = static_cast<float>(grid.y_center_m(row) - site.y_m);
        const float dz = static_cast<float>(grid.height_m - site.height_m);
        const float h_bs = static_cast<float>(site.height_m), h_ut = static_cast<float>(grid.height_m);
        float* row_gain = gain.data() + static_cast<std::size_t>(row) * grid.nx;
        for (int col = 0; col < grid.nx; ++col) {
          const Vec3<float> d{static_cast<float>(grid.x_center_m(col) - site.x_m), dy, dz};
          const float loss_db = empirical_path_loss_db(model, d, h_bs, h_ut);
          for (const IndexedAntenna& a : antennas[site_index]) {
            row_gain[a.index * cells + col] = sector_antenna_gain_dbi(a.antenna, d) - loss_db;
          }
        }
        if (progress != nullptr) progress->advance();
      },
      threads);
  return gain;
}

}  // namespace tarang
