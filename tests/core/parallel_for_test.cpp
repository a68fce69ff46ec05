// parallel_for: every index exactly once, fixed chunking, exceptions propagate.
#include "core/parallel_for.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace tarang {
namespace {

TEST(ParallelFor, VisitsEveryIndexExactlyOnce) {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<std::atomic<int>> hits(1001);
    parallel_for(hits.size(), [&](std::size_t i) { hits[i].fetch_add(1); }, threads);
    for (const auto& h : hits) ASSERT_EQ(h.load(), 1) << threads << " threads";
  }
}

TEST(ParallelFor, ChunksAreContiguousAndCoverTheRange) {
  std::vector<std::pair<std::size_t, std::size_t>> chunks(3);
  std::atomic<int> next{0};
  parallel_for_chunks(10, [&](std::size_t b, std::size_t e) { chunks[static_cast<std::size_t>(next++)] = {b, e}; }, 3);
  std::sort(chunks.begin(), chunks.end());
  EXPECT_EQ(chunks, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}, {3, 6}, {6, 10}}));
}

TEST(ParallelFor, RethrowsAWorkerException) {
  EXPECT_THROW(parallel_for(100, [](std::size_t i) { if (i == 77) throw std::runtime_error("boom"); }, 4),
               std::runtime_error);
}

TEST(ParallelFor, EmptyRangeCallsNothing) {
  bool called = false;
  parallel_for(0, [&](std::size_t) { called = true; }, 4);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace tarang
