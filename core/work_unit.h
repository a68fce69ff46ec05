// WorkUnit: one independent piece of a coverage run (one site's sectors over a band of grid rows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tarang {

// The gain maps of sectors [first_sector, first_sector + sector_count) (all of one site) over grid rows
// [row_begin, row_end) and all columns. Every cell value depends only on its own unit, so any split of the units
// over processes gives bit-identical maps. A unit's values are laid out [sector_count][row_end - row_begin][nx].
struct WorkUnit {
  std::uint32_t site = 0;
  std::uint32_t first_sector = 0, sector_count = 0;
  std::int32_t row_begin = 0, row_end = 0;

  std::size_t value_count(int nx) const {
    return static_cast<std::size_t>(sector_count) * static_cast<std::size_t>(row_end - row_begin) *
           static_cast<std::size_t>(nx);
  }
  bool operator==(const WorkUnit&) const = default;
};

// Copies one unit's values into full [n_sectors][ny][nx] maps.
inline void place_unit_values(const WorkUnit& u, const float* unit_values, int nx, int ny, float* maps) {
  const std::size_t band = static_cast<std::size_t>(u.row_end - u.row_begin) * static_cast<std::size_t>(nx);
  const std::size_t cells = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  for (std::uint32_t k = 0; k < u.sector_count; ++k) {
    const float* from = unit_values + k * band;
    float* to = maps + (u.first_sector + k) * cells + static_cast<std::size_t>(u.row_begin) * nx;
    for (std::size_t i = 0; i < band; ++i) to[i] = from[i];
  }
}

// Copies one unit's values out of full [n_sectors][ny][nx] maps.
inline std::vector<float> extract_unit_values(const WorkUnit& u, const float* maps, int nx, int ny) {
  const std::size_t band = static_cast<std::size_t>(u.row_end - u.row_begin) * static_cast<std::size_t>(nx);
  const std::size_t cells = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  std::vector<float> out(u.value_count(nx));
  for (std::uint32_t k = 0; k < u.sector_count; ++k) {
    const float* from = maps + (u.first_sector + k) * cells + static_cast<std::size_t>(u.row_begin) * nx;
    for (std::size_t i = 0; i < band; ++i) out[k * band + i] = from[i];
  }
  return out;
}

// The first few of a list of unit (or shard) indices for messages: "3, 7, 9" or "1, 2, ..., 8, ... (40 in all)".
inline std::string index_list_text(const std::vector<std::size_t>& values) {
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < kShown; ++i) out += (i ? ", " : "") + std::to_string(values[i]);
  if (values.size() > kShown) out += ", ... (" + std::to_string(values.size()) + " in all)";
  return out;
}

}  // namespace tarang
