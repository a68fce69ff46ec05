// ZipWriter: the one place tarang uses minizip (Debian libminizip-dev), to write zip archives such as KMZ files.
#pragma once

#include <string>
#include <string_view>

namespace tarang {

class ZipWriter {
 public:
  // Creates (replaces) the archive at `path`. Throws RuntimeFailure when it cannot be created.
  explicit ZipWriter(const std::string& path);
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;
  // Closes the archive if close() was not called (errors ignored; the archive may then be incomplete).
  ~ZipWriter();

  // Adds one file, deflate-compressed; entries keep their order. Throws RuntimeFailure on failure.
  void add(const std::string& name, std::string_view bytes);
  // Writes the central directory and closes the file. Throws RuntimeFailure on failure.
  void close();

 private:
  std::string path_;
  void* zip_ = nullptr;  // minizip's zipFile
};

}  // namespace tarang
