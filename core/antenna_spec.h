// AntennaSpec: a sector antenna as the scenario describes it (built-in pattern, planar array, or MSI file).
#pragma once

#include <string>
#include <vector>

#include "core/model_kinds.h"

namespace tarang {

// A sector antenna: a built-in pattern, a uniform planar array with a beam sweep, or an MSI/Planet pattern file.
struct AntennaSpec {
  AntennaSpec() = default;
  AntennaSpec(AntennaKind k) : kind(k) {}  // NOLINT: a plain kind converts, e.g. SectorSpec{..., AntennaKind::Isotropic}

  AntennaKind kind = AntennaKind::Tr38901Element;
  // kind == Array: TR 38.901 uniform planar array; the coverage pattern is the envelope over the beam sweep.
  int rows = 4, cols = 4;
  double spacing_wl = 0.5;
  int beams = 1;                  // azimuth beams, spread over +-beam_half_span_deg
  double beam_half_span_deg = 60;
  int beam_tilts = 1;             // elevation rows of the sweep
  double beam_tilt_first_deg = 0, beam_tilt_step_deg = 0;
  AntennaKind element = AntennaKind::Tr38901Element;  // or Isotropic
  // kind == Msi: the file and its two cuts (horizontal then vertical attenuation, 360 values each).
  std::string msi_path;
  std::string msi_name;
  double msi_gain_dbi = 0;
  std::vector<float> msi_cuts_db;
};

}  // namespace tarang
