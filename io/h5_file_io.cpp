// Atomic HDF5 writes and the checks before reading.
#include "io/h5_file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/interrupt.h"
#include "io/h5_checked.h"

namespace tarang {
namespace {

// The OS error inside an HDF5 message ("... errno = 28, error message = ..." from the sec2 driver), or 0.
int os_errno_in(const std::string& hdf5_message) {
  const std::string marker = "errno = ";
  const std::size_t at = hdf5_message.find(marker);
  return at == std::string::npos ? 0 : std::atoi(hdf5_message.c_str() + at + marker.size());
}

}  // namespace

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
      // A full disk, quota or `ulimit -f` is the user's to fix: same message as any other unwritable output.
      const int os_errno = os_errno_in(e.what());
      if (os_errno != 0) {
        throw InputError(path, std::string("cannot write output file (") + std::strerror(os_errno) + ")");
      }
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
