// Progress reporting on stderr: throttled, thread-safe, terminal-aware.
#include "core/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "core/interrupt.h"

namespace tarang {

Progress::Progress(std::string label, std::size_t total, std::FILE* out, double quiet_s)
    : label_(std::move(label)),
      total_(std::max<std::size_t>(total, 1)),
      out_(out),
      quiet_s_(quiet_s),
      is_terminal_(out != nullptr && isatty(fileno(out)) == 1),
      start_(Clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::advance(std::size_t n) {
  throw_if_interrupted();
  const std::size_t done = done_.fetch_add(n) + n;
  if (out_ == nullptr) return;
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  if (elapsed < quiet_s_) return;
  // Terminals get a bar refreshed 5 times a second; logs get a line every 5 seconds.
  const double interval = is_terminal_ ? 0.2 : 5.0;
  std::unique_lock<std::mutex> lock(print_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_ || elapsed - last_print_s_ < interval) return;
  last_print_s_ = elapsed;
  print(done, false);
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(print_mutex_);
  if (finished_) return;
  finished_ = true;
  if (printed_) print(done_.load(), true);
}

void Progress::print(std::size_t done, bool final_line) {
  done = std::min(done, total_);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double fraction = static_cast<double>(done) / static_cast<double>(total_);
  const double eta = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  if (is_terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(std::lround(fraction * kWidth));
    std::string bar(static_cast<std::size_t>(filled), '=');
    bar.resize(kWidth, ' ');
    std::fprintf(out_, "\r%s [%s] %3.0f%%  %.1fs elapsed, ETA %.0fs  ", label_.c_str(), bar.c_str(), fraction * 100,
                 elapsed, eta);
    if (final_line) std::fputc('\n', out_);
  } else if (final_line && interrupt_signal() != 0) {
    std::fprintf(out_, "%s: stopped at %.0f%% after %.1f s\n", label_.c_str(), fraction * 100, elapsed);
  } else if (final_line) {
    std::fprintf(out_, "%s: done in %.1f s\n", label_.c_str(), elapsed);
  } else {
    std::fprintf(out_, "%s: %.0f%% (%zu/%zu), %.1f s elapsed, ETA %.0f s\n", label_.c_str(), fraction * 100, done,
                 total_, elapsed, eta);
  }
  std::fflush(out_);
  printed_ = true;
}

}  // namespace tarang
