// `--gpus all|0,1`: which CUDA devices a run uses, and which device computes each work unit. Host code (tested
// without a GPU); the launch per device stays in kernels/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tarang {

// Device indices named by `text` ("all": 0..device_count-1; otherwise a comma-separated list of distinct indices
// below device_count, in the order given). Throws InputError (key --gpus) for an empty list, a non-integer, a
// repeated or missing device, or "all" with no device present.
std::vector<int> parse_gpu_list(const std::string& text, int device_count);

// Device slot (index into the parsed list) of each of unit_count work units: unit u goes to slot u mod gpu_count.
// The assignment depends only on the counts, and each unit's values are placed by unit index, so the assembled
// maps are those of a one-device run whatever the devices' speeds.
std::vector<std::uint32_t> assign_units_to_gpus(std::size_t unit_count, std::size_t gpu_count);

}  // namespace tarang
