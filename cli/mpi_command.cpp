// run_on_all_ranks: the error handling shared by the commands that run under mpirun (coverage, plan).
#include "cli/mpi_command.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <thread>

#include "core/error.h"

namespace tarang {

int run_on_all_ranks(const std::function<int(MpiWorld&)>& run_on_rank) {
  MpiWorld world;
  if (world.size() == 1) return run_on_rank(world);
  try {
    return run_on_rank(world);
  } catch (const InputError& e) {
    if (world.rank() != 0) std::this_thread::sleep_for(std::chrono::seconds(5));
    fmt::print(stderr, "error: {}{}\n", world.rank() == 0 ? "" : fmt::format("rank {}: ", world.rank()), e.what());
    std::fflush(stderr);
    world.abort(2);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: rank {}: internal failure: {}\n", world.rank(), e.what());
    std::fflush(stderr);
    world.abort(1);
  }
}

}  // namespace tarang
