// Per-link path loss of the empirical models (free space, 3GPP TR 38.901, ITU-R P.1411, Hata, COST-231): one TARANG_HD body for CPU loops and GPU kernels.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/model_kinds.h"
#include "core/vec3.h"
#include "propagation/antenna_pattern.h"
#include "propagation/free_space.h"
#include "propagation/hata_pathloss.h"
#include "propagation/itu_p1411_pathloss.h"
#include "propagation/tr38901_pathloss.h"

namespace tarang {

template <typename T>
struct EmpiricalModel {
  PathLossModel model;
  Tr38901Scenario scenario;
  LosMode los;
  Tr38901Params<T> params;
  T frequency_hz;
  P1411Environment p1411_environment;
  P1411Placement p1411_placement;
  HataEnvironment hata_environment;
  HataCitySize hata_city;
  int cost231_metropolitan;
  T excess_loss_db_per_m;  // gases (P.676) + rain (P.838) along the 3D path; 0 when disabled
};

// Path loss in dB over the link `d` = receiver - transmitter position, with both heights above ground (the 38.901
// formulas use the heights, free space the 3D distance). Callers form `d` in double, since scene coordinates
// (UTM, ~1e6 m) lose metres in float.
template <typename T>
TARANG_HD inline T empirical_path_loss_db(const EmpiricalModel<T>& m, Vec3<T> d, T h_bs_m, T h_ut_m) {
  const T d3_m = hd::max(length(d), static_cast<T>(1));  // below 1 m no far-field formula holds
  const T excess_db = m.excess_loss_db_per_m * d3_m;
  const T d2_m = hd::sqrt(d.x * d.x + d.y * d.y);
  switch (m.model) {
    case PathLossModel::FreeSpace: return free_space_path_loss_db(d3_m, m.frequency_hz) + excess_db;
    case PathLossModel::ItuP1411:
      return p1411_site_general_path_loss_db(m.p1411_placement, m.p1411_environment, m.los == LosMode::Los,
                                             hd::max(d3_m, static_cast<T>(5)), m.frequency_hz) +
             excess_db;
    case PathLossModel::OkumuraHata:
    case PathLossModel::Cost231Hata: {
      // Hata is fitted for 1-20 km; nearer distances extrapolate the formula down to a 10 m clamp.
      const HataLink<T> link{hd::max(d2_m, static_cast<T>(10)), m.frequency_hz, h_bs_m, h_ut_m};
      const T loss_db = m.model == PathLossModel::OkumuraHata
                            ? okumura_hata_path_loss_db(link, m.hata_environment, m.hata_city)
                            : cost231_hata_path_loss_db(link, m.cost231_metropolitan != 0);
      return loss_db + excess_db;
    }
    default: break;
  }
  const Tr38901Link<T> link{d2_m, h_bs_m, h_ut_m, m.frequency_hz};
  return tr38901_path_loss_db(m.scenario, m.los, link, m.params) + excess_db;
}

}  // namespace tarang
