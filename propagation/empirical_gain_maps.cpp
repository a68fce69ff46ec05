// CPU evaluation of empirical gain maps over a raster grid, parallel over rows.
#include "propagation/empirical_gain_maps.h"

#include "core/parallel_for.h"
#include "core/progress.h"

namespace tarang {

EmpiricalModel<double> empirical_model_of(const Scenario& s) {
  EmpiricalModel<double> m{};
  m.model = s.propagation.model;
  m.scenario = s.propagation.scenario;
  m.los = s.propagation.los;
  m.params.rma_building_height_m = s.propagation.rma_building_height_m;
  m.params.rma_street_width_m = s.propagation.rma_street_width_m;
  m.frequency_hz = s.radio.frequency_hz;
  return m;
}

std::vector<float> compute_empirical_gain_maps(const Scenario& s, const RasterGrid& grid, Progress* progress,
                                               int threads) {
  const EmpiricalModel<double> model = empirical_model_of(s);
  const std::size_t cells = grid.cell_count();
  std::vector<float> gain(s.sector_count() * cells);

  // Work unit: one grid row of one site (all its sectors).
  const std::size_t rows = static_cast<std::size_t>(grid.ny);
  std::vector<std::size_t> first_sector(s.sites.size());
  for (std::size_t i = 0, k = 0; i < s.sites.size(); k += s.sites[i].sectors.size(), ++i) first_sector[i] = k;

  parallel_for(
      s.sites.size() * rows,
      [&](std::size_t unit) {
        const SiteSpec& site = s.sites[unit / rows];
        const int row = static_cast<int>(unit % rows);
        const Vec3<double> tx{site.x_m, site.y_m, site.height_m};
        const double y = grid.y_center_m(row);
        for (int col = 0; col < grid.nx; ++col) {
          const Vec3<double> rx{grid.x_center_m(col), y, grid.height_m};
          const double loss_db = empirical_path_loss_db(model, tx, rx, site.height_m, grid.height_m);
          std::size_t k = first_sector[unit / rows];
          for (const SectorSpec& sector : site.sectors) {
            const double g = antenna_gain_dbi(sector.antenna, rx - tx, sector.azimuth_deg, sector.tilt_deg) - loss_db;
            gain[k * cells + static_cast<std::size_t>(row) * grid.nx + col] = static_cast<float>(g);
            ++k;
          }
        }
        if (progress != nullptr) progress->advance();
      },
      threads);
  return gain;
}

}  // namespace tarang
