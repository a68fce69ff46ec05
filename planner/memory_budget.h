// Memory budget of a coverage run: estimate the bytes the maps need before allocating them, and refuse a run that
// would not fit (instead of being killed by the OOM killer halfway through).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tarang {

// What a coverage run holds at its peak, in bytes.
struct CoverageMemoryEstimate {
  std::uint64_t maps_bytes = 0;     // per-sector gain maps (+ the ray tracer's double accumulators)
  std::uint64_t scene_bytes = 0;    // mesh and BVH
  std::uint64_t overhead_bytes = 0; // best-server maps, KPI scratch, per-cell flags
  std::uint64_t total() const { return maps_bytes + scene_bytes + overhead_bytes; }
};

// Peak memory of a run with `sectors` sectors over `cells` grid cells. The ray tracer keeps a double power
// accumulator per sector and cell next to the float gain maps it turns into (12 bytes per sector-cell instead of 4)
// and an Embree BVH over `scene_triangles` triangles.
CoverageMemoryEstimate estimate_coverage_memory(std::uint64_t sectors, std::uint64_t cells, bool raytrace,
                                                std::uint64_t scene_triangles);

// A limit on a run's estimated memory and how messages name it ("--max-memory 8 GiB"); 0 bytes = no limit.
struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string name;
};

// Memory this process may use by default: MemAvailable from /proc/meminfo, else physical memory (sysconf);
// 0 when neither is known.
std::uint64_t available_memory_bytes();

// Parses a size such as "8G", "8GiB", "512M", "1.5T" or "1000000" (bytes); K/M/G/T are powers of 1024 with or
// without a trailing "B"/"iB". Returns nullopt for anything else (empty, negative, unknown suffix, zero).
std::optional<std::uint64_t> parse_memory_size(const std::string& text);

// "37.3 GiB", "512 MiB", "100 KiB", "12 B".
std::string format_bytes(std::uint64_t bytes);

// Throws InputError(scenario_path, 0, "grid", "needs 37.3 GiB for 30 sectors x 1.0e8 cells, more than
// --max-memory 8 GiB; use a coarser grid.cell_m or fewer sectors") when `estimate` exceeds the limit.
void check_memory_budget(const CoverageMemoryEstimate& estimate, std::uint64_t sectors, std::uint64_t cells,
                         const MemoryLimit& limit, const std::string& scenario_path);

}  // namespace tarang
