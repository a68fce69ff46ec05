// How the GPU SBR engine fits into device memory: the scene stays resident, each site's sector maps are traced in
// passes of as many sectors as fit. Host code, so that the arithmetic and the message are tested without a GPU.
#pragma once

#include <cstddef>

namespace tarang {

// GPU memory the engine leaves unused for the CUDA context, kernel stacks and CUB scratch: 256 MiB or 5 % of the
// free memory, whichever is larger.
std::size_t sbr_gpu_memory_reserve_bytes(std::size_t free_bytes);

// Sectors of one site traced per pass (1..sectors) when the resident scene takes scene_bytes and one sector's map
// map_bytes_per_sector, with free_bytes free on the device. Each pass retraces the site's rays for its sectors, so
// fewer passes are better: all sectors in one pass whenever they fit. Throws InputError (key raytrace.engine)
// "gpu: the scene needs X GiB of GPU memory (Y GiB with one sector map), the device has Z GiB free; ..." when not
// even one sector fits.
std::size_t plan_sbr_gpu_sectors_per_pass(std::size_t scene_bytes, std::size_t map_bytes_per_sector,
                                          std::size_t sectors, std::size_t free_bytes);

}  // namespace tarang
