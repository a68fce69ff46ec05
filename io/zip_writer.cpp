// minizip (zlib's contrib zip writer) behind ZipWriter, with checked calls.
#include "io/zip_writer.h"

#include <zip.h>

#include <algorithm>
#include <ctime>

#include "core/error.h"

namespace tarang {
namespace {

[[noreturn]] void fail(const std::string& operation, const std::string& path, int code) {
  throw RuntimeFailure("zip: " + operation + " " + path + " failed (minizip error " + std::to_string(code) + ")");
}

// Entry time stamp: the current local time, as zip's DOS date fields want it.
zip_fileinfo entry_info() {
  zip_fileinfo info{};
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  info.tmz_date.tm_sec = static_cast<uInt>(local.tm_sec);
  info.tmz_date.tm_min = static_cast<uInt>(local.tm_min);
  info.tmz_date.tm_hour = static_cast<uInt>(local.tm_hour);
  info.tmz_date.tm_mday = static_cast<uInt>(local.tm_mday);
  info.tmz_date.tm_mon = static_cast<uInt>(local.tm_mon);
  info.tmz_date.tm_year = static_cast<uInt>(local.tm_year + 1900);
  return info;
}

}  // namespace

ZipWriter::ZipWriter(const std::string& path) : path_(path), zip_(zipOpen64(path.c_str(), APPEND_STATUS_CREATE)) {
  if (zip_ == nullptr) fail("creating", path_, ZIP_ERRNO);
}

ZipWriter::~ZipWriter() {
  if (zip_ != nullptr) zipClose(static_cast<zipFile>(zip_), nullptr);
}

void ZipWriter::add(const std::string& name, std::string_view bytes) {
  if (zip_ == nullptr) throw RuntimeFailure("zip: adding " + name + " to a closed archive " + path_);
  auto* zip = static_cast<zipFile>(zip_);
  const zip_fileinfo info = entry_info();
  const int zip64 = bytes.size() >= 0xffffffffu ? 1 : 0;
  if (int e = zipOpenNewFileInZip64(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                    Z_DEFAULT_COMPRESSION, zip64);
      e != ZIP_OK) {
    fail("adding " + name + " to", path_, e);
  }
  constexpr std::size_t kChunk = 1u << 30;  // zipWriteInFileInZip takes an unsigned int length
  for (std::size_t offset = 0; offset < bytes.size(); offset += kChunk) {
    const auto length = static_cast<unsigned>(std::min(kChunk, bytes.size() - offset));
    if (int e = zipWriteInFileInZip(zip, bytes.data() + offset, length); e != ZIP_OK) {
      fail("writing " + name + " to", path_, e);
    }
  }
  if (int e = zipCloseFileInZip(zip); e != ZIP_OK) fail("finishing " + name + " in", path_, e);
}

void ZipWriter::close() {
  if (zip_ == nullptr) return;
  const int e = zipClose(static_cast<zipFile>(zip_), nullptr);
  zip_ = nullptr;
  if (e != ZIP_OK) fail("closing", path_, e);
}

}  // namespace tarang
