// Temp-file-and-rename output writing with the OS reason in errors.
#include "io/atomic_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "core/interrupt.h"

namespace tarang {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::string create_temp_output(const std::string& path) {
  const std::string temp = temp_output_path(path);
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) throw InputError(path, std::string("cannot write output file (") + std::strerror(errno) + ")");
  std::fclose(file);
  return temp;
}

void write_file_atomic(const std::string& path, std::string_view bytes) {
  const std::string temp = temp_output_path(path);
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(temp.c_str(), "wb"));
  if (!file) throw InputError(path, std::string("cannot write output file (") + std::strerror(errno) + ")");
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file.get()) == bytes.size();
  const int write_errno = errno;
  const bool closed = std::fclose(file.release()) == 0;
  if (!written || !closed) {
    discard_temp_output(temp);
    throw InputError(path,
                     std::string("cannot write output file (") + std::strerror(written ? errno : write_errno) + ")");
  }
  commit_temp_output(temp, path);
}

void commit_temp_output(const std::string& temp_path, const std::string& path) {
  std::error_code ec;
  if (interrupt_signal() != 0) {  // a Ctrl-C during the write: the temp file goes, nothing is committed
    discard_temp_output(temp_path);
    throw_if_interrupted();
  }
  std::filesystem::rename(temp_path, path, ec);
  if (ec) {
    discard_temp_output(temp_path);
    throw InputError(path, "cannot write output file (" + ec.message() + ")");
  }
}

void discard_temp_output(const std::string& temp_path) noexcept {
  std::error_code ec;
  std::filesystem::remove(temp_path, ec);
}

}  // namespace tarang
