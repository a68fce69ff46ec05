// Memory budget: the estimate counts every per-sector map, sizes parse and print as people write them, and an
// over-budget run is refused with the message the CLI prints.
#include "planner/memory_budget.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tarang {
namespace {

TEST(MemoryBudget, EstimateScalesWithSectorsTimesCells) {
  const CoverageMemoryEstimate empirical = estimate_coverage_memory(30, 100'000'000, false, 0);
  EXPECT_EQ(empirical.maps_bytes, 30ull * 100'000'000 * 4);  // one float gain map per sector
  const CoverageMemoryEstimate traced = estimate_coverage_memory(30, 100'000'000, true, 1'000'000);
  EXPECT_EQ(traced.maps_bytes, 30ull * 100'000'000 * 12);  // + the double power accumulators
  EXPECT_GT(traced.scene_bytes, 0u);
  EXPECT_GT(traced.total(), empirical.total());
}

TEST(MemoryBudget, ParsesSizes) {
  EXPECT_EQ(parse_memory_size("8G"), 8ull << 30);
  EXPECT_EQ(parse_memory_size("8GiB"), 8ull << 30);
  EXPECT_EQ(parse_memory_size("8gb"), 8ull << 30);
  EXPECT_EQ(parse_memory_size("512M"), 512ull << 20);
  EXPECT_EQ(parse_memory_size("1.5K"), 1536u);
  EXPECT_EQ(parse_memory_size("1000"), 1000u);
  EXPECT_FALSE(parse_memory_size(""));
  EXPECT_FALSE(parse_memory_size("-1G"));
  EXPECT_FALSE(parse_memory_size("0"));
  EXPECT_FALSE(parse_memory_size("8X"));
  EXPECT_FALSE(parse_memory_size("lots"));
  EXPECT_FALSE(parse_memory_size("1.2.3G"));
}

TEST(MemoryBudget, FormatsBytes) {
  EXPECT_EQ(format_bytes(12), "12 B");
  EXPECT_EQ(format_bytes(8ull << 30), "8 GiB");
  EXPECT_EQ(format_bytes(40'000'000'000ull), "37.3 GiB");
}

TEST(MemoryBudget, AvailableMemoryIsKnownOnLinux) { EXPECT_GT(available_memory_bytes(), 0u); }

TEST(MemoryBudget, RefusesWithTheCliMessage) {
  const CoverageMemoryEstimate e = estimate_coverage_memory(30, 100'000'000, false, 0);
  try {
    check_memory_budget(e, 30, 100'000'000, MemoryLimit{8ull << 30, "--max-memory 8 GiB"}, "city.yaml");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "city.yaml: grid: needs 13.8 GiB for 30 sectors x 1.0e8 cells, more than --max-memory 8 GiB; use a "
                 "coarser grid.cell_m or fewer sectors");
  }
  EXPECT_NO_THROW(check_memory_budget(e, 30, 100'000'000, MemoryLimit{0, ""}, "city.yaml"));         // no limit
  EXPECT_NO_THROW(check_memory_budget(e, 30, 100'000'000, MemoryLimit{1ull << 40, ""}, "city.yaml"));  // 1 TiB fits
}

}  // namespace
}  // namespace tarang
