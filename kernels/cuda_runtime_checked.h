// Host-side view of the CUDA runtime, the one place it is wrapped: device discovery and checked calls.
#pragma once

#include <cstddef>
#include <string>

namespace tarang {

// Number of usable CUDA devices; 0 when there is no driver or no GPU (never throws).
int cuda_device_count();

// Throws RuntimeFailure("CUDA <what>: <error string>") when `status` (a cudaError_t) is not cudaSuccess, except for
// out of memory: InputError "raytrace.engine: gpu: out of GPU memory in <what>; use a coarser grid.cell_m, ...".
void cuda_check(int status, const char* what);

// Free memory of the current device in bytes (cudaMemGetInfo, checked).
std::size_t cuda_free_memory_bytes();

// Makes device `index` current for the calling thread (cudaSetDevice, checked).
void cuda_select_device(int index);

}  // namespace tarang
