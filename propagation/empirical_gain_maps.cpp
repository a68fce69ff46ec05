// CPU evaluation of empirical gain maps over a raster grid, parallel over rows.
#include "propagation/empirical_gain_maps.h"

#include "core/interrupt.h"
#include "core/parallel_for.h"
#include "core/progress.h"
#include "propagation/gaseous_attenuation_itu_p676.h"
#include "propagation/rain_attenuation_itu_p838.h"
#include "propagation/sector_antenna.h"

namespace tarang {

double excess_loss_db_per_m(const RadioSpec& radio) {
  double db_per_km = 0;
  if (radio.atmosphere) {
    P676Atmosphere<double> air;
    air.temperature_c = radio.temperature_c;
    air.water_vapour_density_g_per_m3 = radio.water_vapour_g_m3;
    // P.676 Annex 1 takes the dry-air pressure: total minus the water-vapour partial pressure.
    air.dry_pressure_hpa = radio.pressure_hpa - p676_water_vapour_pressure_hpa(radio.water_vapour_g_m3, radio.temperature_c);
    db_per_km += p676_specific_attenuation_db_per_km(radio.frequency_hz, air);
  }
  if (radio.rain_mm_h > 0) {
    // Polarisation tilt tau: 90 deg vertical, 0 horizontal, 45 for slanted and dual-slant antennas.
    const double tilt_deg = radio.polarization == SectorPolarization::V   ? 90.0
                            : radio.polarization == SectorPolarization::H ? 0.0
                                                                          : 45.0;
    db_per_km += p838_rain_specific_attenuation_db_per_km(radio.rain_mm_h, radio.frequency_hz, 0.0, tilt_deg);
  }
  return db_per_km / 1000.0;
}

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
        throw_if_interrupted();
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
