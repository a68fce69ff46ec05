// Reading and writing MSI / Planet antenna pattern files (.msi, .pln); host only.
#pragma once

#include <array>
#include <optional>
#include <string>

namespace tarang {

constexpr double kDbdToDbi_db = 2.15;  // gain of a half-wave dipole over isotropic: dBi = dBd + 2.15

enum class MsiTiltKind { Unspecified, Electrical, Mechanical };

// Contents of an MSI / Planet antenna file. Attenuations are in dB below gain_dbi, indexed by the angle in whole
// degrees, with the angle conventions of propagation/antenna_msi_gain.h (horizontal: 0 = boresight, clockwise seen
// from above; vertical: 0 = horizon in front, 90 = down, 270 = up).
struct AntennaPatternTable {
  std::string name;
  std::string make;
  std::optional<double> frequency_hz;
  std::optional<double> h_width_deg;       // horizontal 3 dB beamwidth
  std::optional<double> v_width_deg;       // vertical 3 dB beamwidth
  std::optional<double> front_to_back_db;
  double gain_dbi = 0.0;                   // maximum gain; files in dBd are converted (dBi = dBd + 2.15)
  MsiTiltKind tilt_kind = MsiTiltKind::Unspecified;
  std::optional<double> tilt_deg;          // the TILT value, when the file gives one
  std::string polarization;
  std::string comment;                     // COMMENT lines joined with '\n'
  std::array<float, 360> horizontal_db{};
  std::array<float, 360> vertical_db{};

  bool operator==(const AntennaPatternTable&) const = default;
};

// The electrical downtilt in degrees (TILT ELECTRICAL <deg>), 0 when the file gives none. It is informational:
// the vertical cut already contains it.
double msi_electrical_tilt_deg(const AntennaPatternTable& table);

// Reads an MSI / Planet file. Format: header lines `KEY value...` (keys case-insensitive; NAME, MAKE, FREQUENCY
// [MHz default, or Hz/kHz/GHz], H_WIDTH, V_WIDTH, FRONT_TO_BACK (first value; trailing units ignored), GAIN value
// [dBd default | dBi] (required), TILT [ELECTRICAL | MECHANICAL] [deg], POLARIZATION, COMMENT; unknown keys are
// ignored), then `HORIZONTAL 360` and `VERTICAL 360`, each followed by exactly 360 lines `angle attenuation_dB`
// with every whole angle 0..359 once, in any order. Blank lines are skipped; CRLF endings accepted. Throws
// InputError(path, line, key, message) for a missing or unreadable file, a missing section or GAIN, a section
// with other than 360 rows, non-numeric values, and non-integer, out-of-range or duplicate angles.
AntennaPatternTable load_msi_file(const std::string& path);

// Writes `table` in the format load_msi_file reads (GAIN in dBi, FREQUENCY in MHz, values in shortest round-trip
// form, so that reading it back gives an equal table). Throws InputError when the file cannot be written.
void write_msi_file(const AntennaPatternTable& table, const std::string& path);

// The two cuts packed as MsiPatternView::cuts_db expects them: horizontal[0..359] then vertical[0..359].
std::array<float, 720> msi_packed_cuts(const AntennaPatternTable& table);

}  // namespace tarang
