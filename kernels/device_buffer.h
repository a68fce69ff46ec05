// DeviceBuffer: device memory for n elements of T, allocated and copied through checked CUDA calls, freed on scope
// exit. CUDA translation units only (kernels/).
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <vector>

#include "kernels/cuda_runtime_checked.h"

namespace tarang {

template <typename T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t n) : n_(n) { cuda_check(cudaMalloc(&ptr_, (n ? n : 1) * sizeof(T)), "cudaMalloc"); }
  // A device copy of `host`.
  explicit DeviceBuffer(const std::vector<T>& host) : DeviceBuffer(host.size()) { upload(host); }
  ~DeviceBuffer() { cudaFree(ptr_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  T* get() const { return ptr_; }

  // Copies host.size() (<= n) elements from the host to the start of the buffer.
  void upload(const std::vector<T>& host) {
    if (host.empty()) return;
    cuda_check(cudaMemcpy(ptr_, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice), "upload");
  }
  // Fills host (host.size() <= n elements) from the start of the buffer.
  void download(std::vector<T>& host) const {
    if (host.empty()) return;
    cuda_check(cudaMemcpy(host.data(), ptr_, host.size() * sizeof(T), cudaMemcpyDeviceToHost), "download");
  }

 private:
  T* ptr_ = nullptr;
  std::size_t n_;
};

}  // namespace tarang
