// CUDA runtime wrapper: device count and the checked-call helper used by every launcher.
#include <cuda_runtime.h>

#include "core/error.h"
#include "kernels/cuda_runtime_checked.h"

namespace tarang {

int cuda_device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no device" error
    return 0;
  }
  return count;
}

void cuda_check(int status, const char* what) {
  if (status == cudaSuccess) return;
  if (status == cudaErrorMemoryAllocation) {  // the user's to fix, like a grid too big for host memory
    throw InputError("", 0, "raytrace.engine",
                     std::string("gpu: out of GPU memory in ") + what +
                         "; use a coarser grid.cell_m, fewer sectors, or raytrace.engine: cpu");
  }
  throw RuntimeFailure(std::string("CUDA ") + what + ": " + cudaGetErrorString(static_cast<cudaError_t>(status)));
}

std::size_t cuda_free_memory_bytes() {
  std::size_t free_bytes = 0, total_bytes = 0;
  cuda_check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  return free_bytes;
}

void cuda_select_device(int index) { cuda_check(cudaSetDevice(index), "cudaSetDevice"); }

}  // namespace tarang
