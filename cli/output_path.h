// Checks on output paths done before any work starts, so a run never computes for minutes and then fails to write.
#pragma once

#include <string>

namespace tarang {

// Throws InputError(path, ...) unless `path` can be created: its folder exists and is writable, and it is not a folder.
void check_output_writable(const std::string& path);

// Writes `text` to `path` atomically (temp file + rename); throws InputError when it cannot.
void write_text_file_atomic(const std::string& path, const std::string& text);

// Current UTC time as ISO 8601 ("2026-11-29T05:00:00Z").
std::string utc_timestamp_now();

}  // namespace tarang
