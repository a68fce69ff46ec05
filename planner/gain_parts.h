// Merging the gain matrix parts of `tarang plan --shard K/N` runs into the complete matrix (the gains cache).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "planner/sparse_gain_matrix.h"

namespace tarang {

struct MergedGains {
  SparseGainMatrix matrix;
  std::uint64_t input_key = 0;
  int shard_count = 0;
  std::size_t positions = 0;
};

// The matrix of the parts at `paths` (any order), identical to the single run's. InputError, naming the file, when a
// file is not a finished part, comes from other inputs or another K/N split, repeats a shard or a position, or when
// shards or positions are missing.
MergedGains merge_gain_parts(const std::vector<std::string>& paths);

}  // namespace tarang
