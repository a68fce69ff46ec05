// Per-link gain of the empirical models (free space, 3GPP TR 38.901): one TARANG_HD body for CPU loops and GPU kernels.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/model_kinds.h"
#include "core/vec3.h"
#include "propagation/antenna_pattern.h"
#include "propagation/free_space.h"
#include "propagation/tr38901_pathloss.h"

namespace tarang {

template <typename T>
struct EmpiricalModel {
  PathLossModel model;
  Tr38901Scenario scenario;
  LosMode los;
  Tr38901Params<T> params;
  T frequency_hz;
};

// Path loss in dB over the link `d` = receiver - transmitter position, with both heights above ground (the 38.901
// formulas use the heights, free space the 3D distance). Callers form `d` in double, since scene coordinates
// (UTM, ~1e6 m) lose metres in float.
template <typename T>
TARANG_HD inline T empirical_path_loss_db(const EmpiricalModel<T>& m, Vec3<T> d, T h_bs_m, T h_ut_m) {
  if (m.model == PathLossModel::FreeSpace) {
    // Below 1 m the far-field formula is meaningless; clamp like the 38.901 minimum distances.
    return free_space_path_loss_db(hd::max(length(d), static_cast<T>(1)), m.frequency_hz);
  }
  const Tr38901Link<T> link{hd::sqrt(d.x * d.x + d.y * d.y), h_bs_m, h_ut_m, m.frequency_hz};
  return tr38901_path_loss_db(m.scenario, m.los, link, m.params);
}

}  // namespace tarang
