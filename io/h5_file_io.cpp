// Atomic HDF5 writes and the checks before reading.
#include "io/h5_file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/interrupt.h"
#include "io/h5_checked.h"

namespace tarang {

void write_atomically(const std::string& path, const std::function<void(const std::string& temp_path)>& write) {
  const std::string temp = path + ".tmp";
  {
    std::FILE* probe = std::fopen(temp.c_str(), "wb");
    if (probe == nullptr) {
      throw InputError(path, std::string("cannot write output file (") + std::strerror(errno) + ")");
    }
    std::fclose(probe);
  }
  try {
    try {
      write(temp);
    } catch (const RuntimeFailure& e) {
      throw RuntimeFailure("writing " + path + ": " + e.what());
    }
    throw_if_interrupted();  // a Ctrl-C during the write: the temp file goes, nothing is committed
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
      throw InputError(path, std::string("cannot write output file (") + std::strerror(errno) + ")");
    }
  } catch (...) {
    std::remove(temp.c_str());
    throw;
  }
}

void check_readable_hdf5(const std::string& path, const std::string& not_hdf5) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(path, "file not found");
  if (fs::is_directory(status)) throw InputError(path, "not an HDF5 file (it is a folder)");
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw InputError(path, std::string("cannot read file (") + std::strerror(errno) + ")");
  }
  if (!h5::is_hdf5_file(path)) throw InputError(path, not_hdf5);
}

}  // namespace tarang
