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

namespace {

// One site's antenna per sector, with the sector's index in scenario order.
struct IndexedAntenna {
  std::size_t index;
  SectorAntenna antenna;
};

std::vector<IndexedAntenna> site_antennas(const Scenario& s, std::size_t site_index) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < site_index; ++i) k += s.sites[i].sectors.size();
  std::vector<IndexedAntenna> out;
  for (const SectorSpec& sector : s.sites[site_index].sectors) out.push_back({k++, sector_antenna_of(sector)});
  return out;
}

// Gains of one grid row for all sectors of one site: value of sector a, column col goes to
// out[(a.index - index_base) * sector_stride + col].
void evaluate_site_row(const EmpiricalModel<float>& model, const SiteSpec& site,
                       const std::vector<IndexedAntenna>& antennas, const RasterGrid& grid, int row,
                       std::size_t index_base, std::size_t sector_stride, float* out) {
  const float dy = static_cast<float>(grid.y_center_m(row) - site.y_m);
  const float dz = static_cast<float>(grid.height_m - site.height_m);
  const float h_bs = static_cast<float>(site.height_m), h_ut = static_cast<float>(grid.height_m);
  for (int col = 0; col < grid.nx; ++col) {
    const Vec3<float> d{static_cast<float>(grid.x_center_m(col) - site.x_m), dy, dz};
    const float loss_db = empirical_path_loss_db(model, d, h_bs, h_ut);
    for (const IndexedAntenna& a : antennas) {
      out[(a.index - index_base) * sector_stride + col] = sector_antenna_gain_dbi(a.antenna, d) - loss_db;
    }
  }
}

}  // namespace

std::vector<float> compute_empirical_gain_maps(const Scenario& s, const RasterGrid& grid, Progress* progress,
                                               int threads) {
  const EmpiricalModel<float> model = empirical_model_of<float>(s);
  const std::size_t cells = grid.cell_count();
  std::vector<float> gain(s.sector_count() * cells);
  std::vector<std::vector<IndexedAntenna>> antennas(s.sites.size());
  for (std::size_t i = 0; i < s.sites.size(); ++i) antennas[i] = site_antennas(s, i);

  // Work unit: one grid row of one site (all its sectors).
  const std::size_t rows = static_cast<std::size_t>(grid.ny);
  parallel_for(
      s.sites.size() * rows,
      [&](std::size_t unit) {
        throw_if_interrupted();
        const std::size_t site_index = unit / rows;
        const int row = static_cast<int>(unit % rows);
        evaluate_site_row(model, s.sites[site_index], antennas[site_index], grid, row, 0, cells,
                          gain.data() + static_cast<std::size_t>(row) * grid.nx);
        if (progress != nullptr) progress->advance();
      },
      threads);
  return gain;
}

std::vector<float> compute_empirical_site_rows(const Scenario& s, const RasterGrid& grid, std::size_t site_index,
                                               int row_begin, int row_end, Progress* progress, int threads) {
  const EmpiricalModel<float> model = empirical_model_of<float>(s);
  const std::vector<IndexedAntenna> antennas = site_antennas(s, site_index);
  const std::size_t rows = static_cast<std::size_t>(row_end - row_begin);
  const std::size_t band = rows * static_cast<std::size_t>(grid.nx);
  const std::size_t index_base = antennas.empty() ? 0 : antennas.front().index;
  std::vector<float> gain(antennas.size() * band);
  parallel_for(
      rows,
      [&](std::size_t r) {
        throw_if_interrupted();
        evaluate_site_row(model, s.sites[site_index], antennas, grid, row_begin + static_cast<int>(r), index_base,
                          band, gain.data() + r * grid.nx);
        if (progress != nullptr) progress->advance();
      },
      threads);
  return gain;
}

}  // namespace tarang
