// Progress: reports long-running work on stderr (a bar with ETA on a terminal, plain lines otherwise).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace tarang {

class Progress {
 public:
  // Nothing is printed until the work has run for quiet_s seconds, so short jobs stay silent.
  Progress(std::string label, std::size_t total, std::FILE* out = stderr, double quiet_s = 1.0);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::size_t n = 1);  // thread-safe; throws Interrupted after SIGINT/SIGTERM (core/interrupt.h)
  void finish();                    // prints the closing line if anything was printed

 private:
  void print(std::size_t done, bool final_line);

  using Clock = std::chrono::steady_clock;
  std::string label_;
  std::size_t total_;
  std::FILE* out_;
  double quiet_s_;
  bool is_terminal_;
  Clock::time_point start_;
  std::atomic<std::size_t> done_{0};
  std::mutex print_mutex_;
  double last_print_s_ = -1e9;
  bool printed_ = false;
  bool finished_ = false;
};

}  // namespace tarang
