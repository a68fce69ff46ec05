// parallel_for: a CPU loop over [0, n) split into fixed contiguous chunks on std::threads (deterministic split).
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tarang {

// Number of worker threads used when the caller passes 0: all hardware threads.
inline int default_thread_count() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// Calls fn(begin, end) on disjoint chunks covering [0, n). Chunk k always covers the same indices for a given
// (n, threads), so results that depend only on the index are independent of scheduling. Rethrows the first
// exception thrown by any chunk.
template <typename ChunkFn>
void parallel_for_chunks(std::size_t n, ChunkFn&& fn, int threads = 0) {
  if (n == 0) return;
  if (threads <= 0) threads = default_thread_count();
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(threads), n);
  if (workers == 1) {
    fn(std::size_t{0}, n);
    return;
  }
  std::exception_ptr first_error;
  std::mutex error_mutex;
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    const std::size_t begin = n * w / workers;
    const std::size_t end = n * (w + 1) / workers;
    pool.emplace_back([&, begin, end] {
      try {
        fn(begin, end);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
      }
    });
  }
  for (auto& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

// Calls fn(i) for every i in [0, n) across threads.
template <typename IndexFn>
void parallel_for(std::size_t n, IndexFn&& fn, int threads = 0) {
  parallel_for_chunks(
      n, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) fn(i);
      },
      threads);
}

}  // namespace tarang
