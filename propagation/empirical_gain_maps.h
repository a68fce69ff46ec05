// Per-sector gain maps of a scenario under an empirical model (free space or 3GPP TR 38.901), on the CPU.
#pragma once

#include <vector>

#include "core/model_kinds.h"
#include "core/raster_grid.h"
#include "core/scenario.h"
#include "propagation/empirical_link.h"

namespace tarang {

class Progress;

// Specific attenuation in dB/m of the gases (ITU-R P.676, when radio.atmosphere) and rain (ITU-R P.838, when
// radio.rain_mm_h > 0, terrestrial path, polarisation tilt from radio.polarization) at the carrier frequency.
double excess_loss_db_per_m(const RadioSpec& radio);

// The empirical model a scenario selects, in the form the TARANG_HD link functions take.
template <typename T>
EmpiricalModel<T> empirical_model_of(const Scenario& s) {
  EmpiricalModel<T> m{};
  m.model = s.propagation.model;
  m.scenario = s.propagation.scenario;
  m.los = s.propagation.los;
  m.params.rma_building_height_m = static_cast<T>(s.propagation.rma_building_height_m);
  m.params.rma_street_width_m = static_cast<T>(s.propagation.rma_street_width_m);
  m.frequency_hz = static_cast<T>(s.radio.frequency_hz);
  m.p1411_environment = s.propagation.p1411_environment;
  m.p1411_placement = s.propagation.p1411_placement;
  m.hata_environment = s.propagation.hata_environment;
  m.hata_city = s.propagation.hata_city;
  m.cost231_metropolitan = s.propagation.cost231_metropolitan ? 1 : 0;
  m.excess_loss_db_per_m = static_cast<T>(excess_loss_db_per_m(s.radio));
  return m;
}

// Gain in dB (TX antenna gain - path loss; RX isotropic) for every sector of `s` (in scenario order) at every cell
// centre of `grid`, at grid.height_m above flat ground: [n_sectors][ny][nx] float32, evaluated in float (link
// vectors formed in double). One path loss evaluation per site and cell serves all of the site's sectors. `threads` = 0 uses all cores; results do not depend on it.
std::vector<float> compute_empirical_gain_maps(const Scenario& s, const RasterGrid& grid, Progress* progress,
                                               int threads = 0);

// The same values for one site's sectors over grid rows [row_begin, row_end) only: [site sectors][rows][nx],
// bit-identical to the matching part of compute_empirical_gain_maps. Progress advances once per row.
std::vector<float> compute_empirical_site_rows(const Scenario& s, const RasterGrid& grid, std::size_t site_index,
                                               int row_begin, int row_end, Progress* progress, int threads = 0);

}  // namespace tarang
