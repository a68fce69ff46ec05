// MpiWorld: the one place that calls MPI. In a build without MPI, or a process not started by mpirun/srun, it is a
// world of one process and every call is local.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tarang {

class MpiWorld {
 public:
  // Initialises MPI when this process was launched as an MPI rank (Open MPI, MPICH/PMI or PMIx environment).
  // Without MPI, being launched as one of several ranks is an InputError (each would write the whole result).
  MpiWorld();
  ~MpiWorld();  // MPI_Finalize
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  bool launched() const { return initialised_; }  // started by mpirun/srun (a world of 1 rank included)
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Rank and rank count on this node (for GPU choice and threads per rank); 0 and 1 outside MPI.
  int local_rank() const { return local_rank_; }
  int local_size() const { return local_size_; }

  // Rank 0's `values`, on every rank.
  std::vector<std::uint32_t> broadcast(std::vector<std::uint32_t> values) const;

  // Element-wise sums of every rank's `values` (same length on all ranks), on rank 0; other ranks get theirs back.
  std::vector<std::uint64_t> sum_to_rank0(std::vector<std::uint64_t> values) const;

  // Every rank's `lines` on rank 0, rank by rank, without repeats (e.g. warnings each rank found); other ranks get
  // theirs back. Lines must not contain '\n'.
  std::vector<std::string> gather_unique_to_rank0(std::vector<std::string> lines) const;

  // Computes every entry of `units` exactly once across the ranks: each rank takes the next entry from a shared
  // counter (MPI one-sided fetch-and-add on rank 0) until none is left. Rank 0 receives every result, its own and
  // the other ranks', through `deliver` (in arrival order); other ranks' `deliver` is never called. On rank 0 with
  // other ranks, `compute` runs on a second thread while the main thread (the only one calling MPI, which also
  // calls `deliver`) keeps receiving; other ranks never wait for rank 0 before their next unit.
  using ComputeFn = std::function<std::vector<float>(std::uint32_t unit)>;
  using DeliverFn = std::function<void(std::uint32_t unit, std::vector<float> values)>;
  void run_units(const std::vector<std::uint32_t>& units, const ComputeFn& compute, const DeliverFn& deliver);

  // Ends every rank with `code` (a failed rank cannot leave the others waiting). Outside MPI: std::exit(code).
  [[noreturn]] void abort(int code) const;

  // Whether this binary was built with MPI (TARANG_MPI), for messages.
  static bool built_with_mpi();

 private:
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
  bool initialised_ = false;
};

}  // namespace tarang
