// Memory estimates, the available-memory probe and the --max-memory size parser.
#include "planner/memory_budget.h"

#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace tarang {
namespace {

constexpr std::uint64_t kBestServerBytesPerCell = 16;  // rsrp, sinr, throughput (float) and best sector (int32)
constexpr std::uint64_t kKpiBytesPerCell = 12;         // the KPI percentiles copy rsrp, sinr and throughput
constexpr std::uint64_t kBytesPerTriangle = 160;       // mesh (positions, indices, ids) plus Embree's BVH
constexpr std::uint64_t kBaseBytes = 64ull << 20;      // code, libraries, ray batches, HDF5 buffers

// 1.0e8 style: one decimal of mantissa, exponent without padding or plus sign.
std::string scientific(double value) {
  if (value < 1e4) return std::to_string(static_cast<std::uint64_t>(value));
  int exponent = static_cast<int>(std::floor(std::log10(value)));
  double mantissa = value / std::pow(10.0, exponent);
  if (mantissa >= 9.95) mantissa /= 10, ++exponent;  // 9.96e7 prints as 1.0e8, not 10.0e7
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fe%d", mantissa, exponent);
  return buffer;
}

}  // namespace

CoverageMemoryEstimate estimate_coverage_memory(std::uint64_t sectors, std::uint64_t cells, bool raytrace,
                                                std::uint64_t scene_triangles) {
  CoverageMemoryEstimate e;
  const std::uint64_t bytes_per_sector_cell = raytrace ? 12 : 4;
  e.maps_bytes = sectors * cells * bytes_per_sector_cell;
  e.scene_bytes = scene_triangles * kBytesPerTriangle;
  e.overhead_bytes = cells * (kBestServerBytesPerCell + kKpiBytesPerCell + (raytrace ? 1 : 0)) + kBaseBytes;
  return e;
}

std::uint64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    std::istringstream words(line);
    std::string key;
    std::uint64_t kib = 0;
    if (words >> key >> kib && key == "MemAvailable:") return kib * 1024;
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) : 0;
}

std::optional<std::uint64_t> parse_memory_size(const std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.')) ++pos;
  const std::string number = text.substr(0, pos);
  std::string suffix = text.substr(pos);
  if (number.empty() || number == ".") return std::nullopt;
  for (char& c : suffix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (suffix.size() == 3 && suffix.substr(1) == "IB") suffix.resize(1);
  if (suffix.size() == 2 && suffix[1] == 'B') suffix.resize(1);
  double scale = 1;
  if (suffix == "K") scale = 1024.0;
  else if (suffix == "M") scale = 1024.0 * 1024;
  else if (suffix == "G") scale = 1024.0 * 1024 * 1024;
  else if (suffix == "T") scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!suffix.empty() && suffix != "B") return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
  const double bytes = value * scale;
  if (!(bytes >= 1) || bytes > 1.8e19) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::string format_bytes(std::uint64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 6) value /= 1024, ++unit;
  char buffer[32];
  if (unit == 0 || value == std::floor(value)) {
    std::snprintf(buffer, sizeof buffer, "%.0f %s", value, kUnits[unit]);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
  }
  return buffer;
}

void check_memory_budget(const CoverageMemoryEstimate& estimate, std::uint64_t sectors, std::uint64_t cells,
                         const MemoryLimit& limit, const std::string& scenario_path) {
  if (limit.bytes == 0 || estimate.total() <= limit.bytes) return;
  throw InputError(scenario_path, 0, "grid",
                   "needs " + format_bytes(estimate.total()) + " for " + std::to_string(sectors) + " sectors x " +
                       scientific(static_cast<double>(cells)) + " cells, more than " + limit.name +
                       "; use a coarser grid.cell_m or fewer sectors");
}

}  // namespace tarang
