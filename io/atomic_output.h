// Atomic output files for the exporters: write to PATH.tmp, then rename over PATH, so a failure leaves nothing.
#pragma once

#include <string>
#include <string_view>

namespace tarang {

// The temporary name an output is written under before it is renamed into place.
inline std::string temp_output_path(const std::string& path) { return path + ".tmp"; }

// Writes `bytes` to temp_output_path(path) and renames it to `path`. Throws InputError(path, "cannot write output
// file (REASON)") when the file cannot be created or written; nothing is left behind then.
void write_file_atomic(const std::string& path, std::string_view bytes);

// Creates an empty temp_output_path(path) for a library (GDAL, minizip) to overwrite, so that a missing folder or
// missing permission is reported with the OS reason: throws InputError(path, "cannot write output file (REASON)").
// Returns the temp path.
std::string create_temp_output(const std::string& path);

// Renames a finished temp file to `path`. On failure removes the temp file and throws InputError(path, ...).
void commit_temp_output(const std::string& temp_path, const std::string& path);

// Removes a temp file left by a failed write, ignoring errors (for catch blocks).
void discard_temp_output(const std::string& temp_path) noexcept;

}  // namespace tarang
