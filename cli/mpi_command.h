// Runs a CLI command on every MPI rank (or in the one process) so that a failure on any rank ends them all.
#pragma once

#include <functional>

#include "cli/mpi_world.h"

namespace tarang {

// Calls run_on_rank(world) in a fresh MpiWorld and returns its exit code. With several ranks, a failing rank ends
// every rank (the others would wait for it forever): input errors come from the same inputs on every rank, so rank 0
// reports them and another rank only when rank 0 has not ended the job first (after 5 s); exit 2 for input errors,
// 1 for internal failures. In a single process exceptions pass through to the CLI's handler.
int run_on_all_ranks(const std::function<int(MpiWorld&)>& run_on_rank);

}  // namespace tarang
