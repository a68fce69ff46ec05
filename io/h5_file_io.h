// File-level steps every HDF5 writer and reader shares: atomic writes (temp file + rename) and pre-open checks.
#pragma once

#include <functional>
#include <string>

namespace tarang {

// Calls write(path + ".tmp"), then renames the temp file to `path`. The temp file is first created with stdio, so a
// missing folder or a permission problem is an InputError with the OS reason; on any failure the temp file is
// removed and nothing is left at `path`. RuntimeFailures from `write` are prefixed with "writing PATH: ".
void write_atomically(const std::string& path, const std::function<void(const std::string& temp_path)>& write);

// Throws InputError unless `path` exists, is not a folder, can be read and is an HDF5 file; `not_hdf5` is the message
// for a readable file that is not HDF5.
void check_readable_hdf5(const std::string& path, const std::string& not_hdf5 = "not an HDF5 file");

}  // namespace tarang
