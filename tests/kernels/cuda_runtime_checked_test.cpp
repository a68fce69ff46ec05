// cuda_check: GPU out of memory is a one-line user error (exit 2), other CUDA failures are internal. Needs no device.
#include "kernels/cuda_runtime_checked.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tarang {
namespace {

constexpr int kCudaSuccess = 0, kCudaErrorInvalidValue = 1, kCudaErrorMemoryAllocation = 2;  // cudaError_t values

TEST(CudaCheck, OutOfMemoryIsAnInputErrorNamingTheEngine) {
  EXPECT_NO_THROW(cuda_check(kCudaSuccess, "cudaMalloc"));
  try {
    cuda_check(kCudaErrorMemoryAllocation, "cudaMalloc");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "raytrace.engine: gpu: out of GPU memory in cudaMalloc; use a coarser grid.cell_m, fewer sectors, or "
                 "raytrace.engine: cpu");
  }
  EXPECT_THROW(cuda_check(kCudaErrorInvalidValue, "cudaMemcpy"), RuntimeFailure);
}

}  // namespace
}  // namespace tarang
