// The measurement-calibrated gain correction of a sector (scenario `calibration:`, fitted by `tarang calibrate`).
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Correction in dB added to a sector's gain at 3D distance `distance_m` (clamped to >= 1 m):
// offset_db - slope_db_per_decade * log10(distance_m / reference_m). A positive slope means more path loss with
// distance than the model predicts; at the reference distance only the offset remains.
template <typename T>
TARANG_HD inline T calibration_correction_db(T offset_db, T slope_db_per_decade, T distance_m, T reference_m) {
  const T d = hd::max(distance_m, static_cast<T>(1));
  return offset_db - slope_db_per_decade * hd::log10(d / reference_m);
}

}  // namespace tarang
