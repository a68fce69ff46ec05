// The calibration report file (HDF5): privacy parameters, fitted parameters, before/after errors, privatised
// aggregates and the demand raster. Holds only differentially private values (docs/privacy.md); no raw rows.
#pragma once

#include <string>

#include "calibration/calibration_run.h"

namespace tarang {

struct CalibrationReportMeta {
  std::string tarang_version;
  std::string created_utc;
  std::string command_line;
};

// Writes /calibration (see docs/calibration.md for the layout) to `path` atomically. InputError when the file
// cannot be written.
void write_calibration_report(const std::string& path, const CalibrationRun& run, const PrivacyOptions& privacy,
                              const CalibrationReportMeta& meta);

}  // namespace tarang
