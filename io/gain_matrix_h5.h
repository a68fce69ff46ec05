// The gain matrix cache: a SparseGainMatrix in HDF5 under the hash of the inputs it was built from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "planner/sparse_gain_matrix.h"

namespace tarang {

// Writes `m` to `path` atomically, stamped with `input_key`. Throws InputError when the file cannot be created,
// RuntimeFailure when HDF5 fails.
void write_gain_matrix_cache(const std::string& path, const SparseGainMatrix& m, std::uint64_t input_key);

// The matrix cached at `path` when that file is a gain matrix cache stored under `input_key`; std::nullopt otherwise,
// with the reason in *why ("" when there is no file at `path`). Never throws for a bad or foreign file.
std::optional<SparseGainMatrix> read_gain_matrix_cache(const std::string& path, std::uint64_t input_key,
                                                       std::string* why = nullptr);

// The key as it is stored: 16 lowercase hex digits.
std::string gain_matrix_key_text(std::uint64_t input_key);

}  // namespace tarang
