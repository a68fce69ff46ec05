// Per-sector gain maps of a scenario under an empirical model (free space or 3GPP TR 38.901), on the CPU.
#pragma once

#include <vector>

#include "core/model_kinds.h"
#include "core/raster_grid.h"
#include "core/scenario.h"
#include "propagation/empirical_link.h"

namespace tarang {

class Progress;

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
  return m;
}

// Gain in dB (TX antenna gain - path loss; RX isotropic) for every sector of `s` (in scenario order) at every cell
// centre of `grid`, at grid.height_m above flat ground: [n_sectors][ny][nx] float32, evaluated in float (link
// vectors formed in double). One path loss evaluation per site and cell serves all of the site's sectors. `threads` = 0 uses all cores; results do not depend on it.
std::vector<float> compute_empirical_gain_maps(const Scenario& s, const RasterGrid& grid, Progress* progress,
                                               int threads = 0);

}  // namespace tarang
