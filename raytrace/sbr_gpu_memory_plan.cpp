// GPU memory plan of the SBR engine: sectors per pass, or the one-line error when the scene cannot fit.
#include "raytrace/sbr_gpu_memory_plan.h"

#include <algorithm>
#include <cstdio>

#include "core/error.h"

namespace tarang {

std::size_t sbr_gpu_memory_reserve_bytes(std::size_t free_bytes) {
  return std::max<std::size_t>(std::size_t{256} << 20, free_bytes / 20);
}

std::size_t plan_sbr_gpu_sectors_per_pass(std::size_t scene_bytes, std::size_t map_bytes_per_sector,
                                          std::size_t sectors, std::size_t free_bytes) {
  const std::size_t reserve = sbr_gpu_memory_reserve_bytes(free_bytes);
  const std::size_t usable = free_bytes > reserve ? free_bytes - reserve : 0;
  const std::size_t one_sector = scene_bytes + map_bytes_per_sector;
  if (one_sector > usable) {
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    char message[320];
    std::snprintf(message, sizeof message,
                  "gpu: the scene needs %.2f GiB of GPU memory (%.2f GiB with one sector map, %.2f GiB kept for "
                  "CUDA), the device has %.2f GiB free; use raytrace.engine: cpu, a smaller scene area or a coarser "
                  "grid.cell_m",
                  scene_bytes / kGiB, one_sector / kGiB, reserve / kGiB, free_bytes / kGiB);
    throw InputError("", 0, "raytrace.engine", message);
  }
  if (sectors <= 1 || map_bytes_per_sector == 0) return std::max<std::size_t>(sectors, 1);
  return std::min(sectors, (usable - scene_bytes) / map_bytes_per_sector);
}

}  // namespace tarang
