// MpiWorld: MPI initialisation, broadcast and dynamic work distribution; a one-process world without TARANG_HAVE_MPI.
#include "cli/mpi_world.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <list>
#include <stdexcept>
#include <thread>

#include "core/error.h"

#if TARANG_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace tarang {
namespace {

// Whether a process manager started this process as an MPI rank (mpirun, mpiexec, srun with PMI/PMIx).
bool launched_as_mpi_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

#if !TARANG_HAVE_MPI
// The number of ranks the launcher announces (1 when it does not say).
int announced_world_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return 1;
}
#endif

#if TARANG_HAVE_MPI
constexpr int kTagUnit = 1;    // a finished unit's index (or kNoUnit: the sender is done)
constexpr int kTagValues = 2;  // the values of the unit announced just before by the same rank
constexpr std::uint32_t kNoUnit = 0xffffffffu;

void check(int status, const char* what) {
  if (status != MPI_SUCCESS) throw std::runtime_error(std::string("MPI ") + what + " failed");
}

// Waits for `request` by testing it every millisecond: blocking MPI calls spin, which on a node with more ranks than
// cores takes the CPU from the ranks still computing.
void wait_politely(MPI_Request* request, const char* what) {
  for (;;) {
    int done = 0;
    check(MPI_Test(request, &done, MPI_STATUS_IGNORE), what);
    if (done) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void barrier_politely() {
  MPI_Request request;
  check(MPI_Ibarrier(MPI_COMM_WORLD, &request), "Ibarrier");
  wait_politely(&request, "Ibarrier");
}

// The shared "next entry" counter, held by rank 0 and advanced with MPI_Fetch_and_op.
class SharedCounter {
 public:
  explicit SharedCounter(int rank) {
    const MPI_Aint bytes = rank == 0 ? static_cast<MPI_Aint>(sizeof(std::int64_t)) : 0;
    check(MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &base_, &window_),
          "Win_allocate");
    if (rank == 0) {
      check(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_), "Win_lock");
      *base_ = 0;
      check(MPI_Win_unlock(0, window_), "Win_unlock");
    }
    barrier_politely();
  }
  ~SharedCounter() { MPI_Win_free(&window_); }
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;

  std::int64_t next() {
    const std::int64_t one = 1;
    std::int64_t previous = 0;
    check(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_), "Win_lock");
    check(MPI_Fetch_and_op(&one, &previous, MPI_INT64_T, 0, 0, MPI_SUM, window_), "Fetch_and_op");
    check(MPI_Win_unlock(0, window_), "Win_unlock");
    return previous;
  }

 private:
  std::int64_t* base_ = nullptr;
  MPI_Win window_ = MPI_WIN_NULL;
};

// A non-zero rank's results on their way to rank 0. Sends never block the computation: finished sends are reaped
// before each new one, and only the end waits for all of them.
class ResultSender {
 public:
  void send(std::uint32_t unit, std::vector<float> values) {
    reap();
    Pending& p = pending_.emplace_back();
    p.unit = unit;
    p.values = std::move(values);
    check(MPI_Isend(&p.unit, 1, MPI_UINT32_T, 0, kTagUnit, MPI_COMM_WORLD, &p.requests[0]), "Isend");
    if (unit != kNoUnit) {
      check(MPI_Isend(p.values.data(), static_cast<int>(p.values.size()), MPI_FLOAT, 0, kTagValues, MPI_COMM_WORLD,
                      &p.requests[1]),
            "Isend");
    }
  }
  void wait_all() {
    for (Pending& p : pending_) {
      for (MPI_Request& request : p.requests) wait_politely(&request, "Isend");
    }
    pending_.clear();
  }

 private:
  struct Pending {
    std::uint32_t unit = kNoUnit;
    std::vector<float> values;
    MPI_Request requests[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
  };
  void reap() {
    for (auto it = pending_.begin(); it != pending_.end();) {
      int done = 0;
      check(MPI_Testall(2, it->requests, &done, MPI_STATUSES_IGNORE), "Testall");
      it = done ? pending_.erase(it) : std::next(it);
    }
  }
  std::list<Pending> pending_;  // a list: the buffers of pending sends must not move
};

// Rank 0's own computation on a thread, so that its main thread (the only one calling MPI) keeps receiving the
// other ranks' units and answering the counter while it runs.
class BackgroundUnit {
 public:
  ~BackgroundUnit() {
    if (thread_.joinable()) thread_.join();
  }
  bool busy() const { return thread_.joinable(); }
  bool finished() const { return finished_.load(); }
  void start(std::uint32_t unit, const MpiWorld::ComputeFn& compute) {
    unit_ = unit;
    finished_ = false;
    thread_ = std::thread([this, unit, &compute] {
      try {
        values_ = compute(unit);
      } catch (...) {
        error_ = std::current_exception();
      }
      finished_ = true;
    });
  }
  // Joins the finished thread; returns the unit and its values (rethrows what the computation threw).
  std::uint32_t collect(std::vector<float>* values) {
    thread_.join();
    if (error_) std::rethrow_exception(error_);
    *values = std::move(values_);
    return unit_;
  }

 private:
  std::thread thread_;
  std::atomic<bool> finished_{false};
  std::uint32_t unit_ = 0;
  std::vector<float> values_;
  std::exception_ptr error_;
};

// Rank 0: receives one announced unit from `source` and delivers it.
void receive_unit(int source, std::uint32_t unit, const MpiWorld::DeliverFn& deliver) {
  MPI_Status status;
  check(MPI_Probe(source, kTagValues, MPI_COMM_WORLD, &status), "Probe");
  int count = 0;
  check(MPI_Get_count(&status, MPI_FLOAT, &count), "Get_count");
  std::vector<float> values(static_cast<std::size_t>(count));
  check(MPI_Recv(values.data(), count, MPI_FLOAT, source, kTagValues, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "Recv");
  deliver(unit, std::move(values));
}

// Rank 0: handles one pending announcement; returns false when there was none. Counts finished ranks.
bool receive_one(int* finished_ranks, const MpiWorld::DeliverFn& deliver) {
  int pending = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, kTagUnit, MPI_COMM_WORLD, &pending, &status), "Iprobe");
  if (!pending) return false;
  std::uint32_t unit = 0;
  check(MPI_Recv(&unit, 1, MPI_UINT32_T, status.MPI_SOURCE, kTagUnit, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "Recv");
  if (unit == kNoUnit) {
    ++*finished_ranks;
  } else {
    receive_unit(status.MPI_SOURCE, unit, deliver);
  }
  return true;
}
#endif

}  // namespace

bool MpiWorld::built_with_mpi() { return TARANG_HAVE_MPI != 0; }

MpiWorld::MpiWorld() {
#if TARANG_HAVE_MPI
  if (!launched_as_mpi_rank()) return;
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "Init_thread");
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node), "Comm_split_type");
  MPI_Comm_rank(node, &local_rank_);
  MPI_Comm_size(node, &local_size_);
  MPI_Comm_free(&node);
#else
  // Several copies of a binary without MPI would each compute and write the whole job.
  if (launched_as_mpi_rank() && announced_world_size() > 1) {
    throw InputError("mpirun", "this tarang was built without MPI (TARANG_MPI=OFF or no MPI found); run it as one "
                               "process, use --shard K/N, or rebuild with libopenmpi-dev installed");
  }
#endif
}

MpiWorld::~MpiWorld() {
#if TARANG_HAVE_MPI
  if (!initialised_) return;
  // Ranks done early wait here, sleeping, while rank 0 writes the result (MPI_Finalize alone would spin).
  MPI_Request request;
  if (MPI_Ibarrier(MPI_COMM_WORLD, &request) == MPI_SUCCESS) {
    int done = 0;
    while (MPI_Test(&request, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  MPI_Finalize();
#endif
}

std::vector<std::uint32_t> MpiWorld::broadcast(std::vector<std::uint32_t> values) const {
#if TARANG_HAVE_MPI
  if (size_ > 1) {
    std::uint64_t n = values.size();
    MPI_Request request;
    check(MPI_Ibcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD, &request), "Ibcast");
    wait_politely(&request, "Ibcast");
    values.resize(n);
    check(MPI_Ibcast(values.data(), static_cast<int>(n), MPI_UINT32_T, 0, MPI_COMM_WORLD, &request), "Ibcast");
    wait_politely(&request, "Ibcast");
  }
#endif
  return values;
}

std::vector<std::uint64_t> MpiWorld::sum_to_rank0(std::vector<std::uint64_t> values) const {
#if TARANG_HAVE_MPI
  if (size_ > 1) {
    std::vector<std::uint64_t> sums(values.size(), 0);
    MPI_Request request;
    check(MPI_Ireduce(values.data(), sums.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM, 0,
                      MPI_COMM_WORLD, &request),
          "Ireduce");
    wait_politely(&request, "Ireduce");
    if (rank_ == 0) values = std::move(sums);
  }
#endif
  return values;
}

std::vector<std::string> MpiWorld::gather_unique_to_rank0(std::vector<std::string> lines) const {
#if TARANG_HAVE_MPI
  if (size_ > 1) {
    std::string joined;
    for (const std::string& line : lines) joined += line + '\n';
    int length = static_cast<int>(joined.size());
    std::vector<int> lengths(static_cast<std::size_t>(size_), 0), offsets(static_cast<std::size_t>(size_), 0);
    MPI_Request request;
    check(MPI_Igather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD, &request), "Igather");
    wait_politely(&request, "Igather");
    for (std::size_t r = 1; r < lengths.size(); ++r) offsets[r] = offsets[r - 1] + lengths[r - 1];
    std::string all(rank_ == 0 ? static_cast<std::size_t>(offsets.back() + lengths.back()) : 0, '\0');
    check(MPI_Igatherv(joined.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
                       MPI_COMM_WORLD, &request),
          "Igatherv");
    wait_politely(&request, "Igatherv");
    if (rank_ == 0) {
      lines.clear();
      for (std::size_t begin = 0, end; (end = all.find('\n', begin)) != std::string::npos; begin = end + 1) {
        std::string line = all.substr(begin, end - begin);
        if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
      }
    }
  }
#endif
  return lines;
}

void MpiWorld::run_units(const std::vector<std::uint32_t>& units, const ComputeFn& compute,
                         const DeliverFn& deliver) {
  if (size_ == 1) {
    for (const std::uint32_t unit : units) deliver(unit, compute(unit));
    return;
  }
#if TARANG_HAVE_MPI
  SharedCounter counter(rank_);
  const auto total = static_cast<std::int64_t>(units.size());
  if (rank_ == 0) {
    int finished_ranks = 0;
    BackgroundUnit own;
    const auto start_next = [&] {
      const std::int64_t next = counter.next();
      if (next < total) own.start(units[static_cast<std::size_t>(next)], compute);
    };
    start_next();
    while (own.busy() || finished_ranks < size_ - 1) {
      bool progressed = false;
      while (receive_one(&finished_ranks, deliver)) progressed = true;
      if (own.busy() && own.finished()) {
        std::vector<float> values;
        const std::uint32_t unit = own.collect(&values);
        deliver(unit, std::move(values));
        start_next();
        progressed = true;
      }
      if (!progressed) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // poll, not spin
    }
  } else {
    ResultSender sender;
    for (std::int64_t next = counter.next(); next < total; next = counter.next()) {
      const std::uint32_t unit = units[static_cast<std::size_t>(next)];
      sender.send(unit, compute(unit));
    }
    sender.send(kNoUnit, {});
    sender.wait_all();
  }
  barrier_politely();
#endif
}

void MpiWorld::abort(int code) const {
#if TARANG_HAVE_MPI
  if (initialised_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

}  // namespace tarang
