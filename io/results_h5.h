// Coverage results as HDF5 files: the on-disk layout is a contract read by other tools (see results_h5.cpp).
#pragma once

#include <string>

#include "core/coverage_result.h"

namespace tarang {

// Writes r to path atomically: to path + ".tmp", then rename(); on any failure the temp file is removed and nothing
// is left at path. Throws InputError(path, "cannot write output file (REASON)") when the file cannot be created
// or written (missing folder, no permission, disk full: "cannot write output file (No space left on device)"),
// RuntimeFailure when HDF5 fails otherwise, std::invalid_argument when r is inconsistent
// (map sizes that do not match the grid and sector count).
void write_coverage_result(const std::string& path, const CoverageResult& r);

struct ResultReadOptions {
  bool gain_maps = true;  // false skips the big per-sector array (for `tarang info`); maps.gain_db is then empty
};

// Reads a file written by write_coverage_result. Throws InputError for a missing file, a file that is not HDF5 or
// not a tarang results file, an unsupported format_version, a missing/misshapen group, dataset or attribute, or a
// damaged (truncated) file.
CoverageResult read_coverage_result(const std::string& path, const ResultReadOptions& options = {});

}  // namespace tarang
