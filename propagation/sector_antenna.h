// SectorAntenna: any sector antenna kind (isotropic, 38.901 element, dipoles, planar array, MSI file) in a form the
// TARANG_HD code evaluates with one switch, plus its construction from a scenario's SectorSpec (host only).
#pragma once

#include "core/hd.h"
#include "core/model_kinds.h"
#include "core/scenario.h"
#include "core/vec3.h"
#include "propagation/antenna_array_38901.h"
#include "propagation/antenna_dipole.h"
#include "propagation/antenna_msi_gain.h"
#include "propagation/antenna_pattern.h"

namespace tarang {

struct SectorAntenna {
  AntennaKind kind;
  AntennaOrientation<float> orientation;  // bearing and mechanical downtilt
  ArrayConfig<float> array;               // kind == Array
  MsiPatternView msi;                     // kind == Msi; cuts_db must stay valid (and be device memory on a GPU)
};

// Gain in dBi towards `direction` (ENU, from the antenna). Dipoles are vertical (axis = the antenna's local zenith).
TARANG_HD inline float sector_antenna_gain_dbi(const SectorAntenna& a, Vec3<float> direction) {
  switch (a.kind) {
    case AntennaKind::Isotropic: return 0.0f;
    case AntennaKind::Tr38901Element: return antenna_gain_dbi(a.kind, direction, a.orientation);
    case AntennaKind::Array: return array_envelope_gain_dbi(a.array, direction, a.orientation);
    default: break;
  }
  const LocalAngles<float> l = local_angles(direction, a.orientation);
  switch (a.kind) {
    case AntennaKind::ShortDipole: return short_dipole_gain_dbi(l.zenith_deg);
    case AntennaKind::HalfWaveDipole: return half_wave_dipole_gain_dbi(l.zenith_deg);
    default: return msi_gain_dbi(a.msi, l.zenith_deg, l.azimuth_deg);
  }
}

// The evaluable form of a sector's antenna; for MSI it points into spec.antenna.msi_cuts_db (keep `spec` alive).
inline SectorAntenna sector_antenna_of(const SectorSpec& spec) {
  SectorAntenna a{};
  const AntennaSpec& s = spec.antenna;
  a.kind = s.kind;
  a.orientation = antenna_orientation(static_cast<float>(spec.azimuth_deg), static_cast<float>(spec.tilt_deg));
  a.array.rows = s.rows, a.array.cols = s.cols;
  a.array.spacing_v_wl = a.array.spacing_h_wl = static_cast<float>(s.spacing_wl);
  a.array.beams = s.beams;
  a.array.beam_azimuth_half_span_deg = static_cast<float>(s.beam_half_span_deg);
  a.array.beam_tilts = s.beam_tilts;
  a.array.beam_tilt_first_deg = static_cast<float>(s.beam_tilt_first_deg);
  a.array.beam_tilt_step_deg = static_cast<float>(s.beam_tilt_step_deg);
  a.array.element = s.element;
  a.msi = MsiPatternView{s.msi_cuts_db.empty() ? nullptr : s.msi_cuts_db.data(), static_cast<float>(s.msi_gain_dbi)};
  return a;
}

}  // namespace tarang
