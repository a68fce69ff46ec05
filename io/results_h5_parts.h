// The /grid group and /sectors table of results files, shared with the work-unit files (io/unit_file_h5.h).
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

#include "core/coverage_result.h"

namespace tarang {

void write_grid_group(hid_t file, const RasterGrid& grid);
void write_sectors_table(hid_t file, const std::vector<SectorRecord>& sectors);
// Throw InputError(path, ...) for a missing or misshapen group, table or attribute.
RasterGrid read_grid_group(const std::string& path, hid_t file);
std::vector<SectorRecord> read_sectors_table(const std::string& path, hid_t file);

}  // namespace tarang
