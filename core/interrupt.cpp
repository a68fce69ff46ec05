// The process-wide stop flag and the signal handlers that set it.
#include "core/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>

namespace tarang {
namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the flag is written from a signal handler");
unsigned g_grace_s = 10;

extern "C" void on_stop_signal(int signal_number) {
  if (g_signal.load(std::memory_order_relaxed) != 0) return;  // a repeat (`timeout` signals the pid and its group)
  g_signal.store(signal_number, std::memory_order_relaxed);
  if (signal_number == SIGINT) std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process the hard way
  alarm(g_grace_s);  // and so does a step that never polls the flag (on_stuck_stop)
}

// The run did not reach a check of the flag within the grace period (stuck inside a library call, e.g. libhdf5
// looping over a corrupt file): leave at once with the same exit code. Only async-signal-safe calls here.
extern "C" void on_stuck_stop(int) {
  const int signal_number = g_signal.load(std::memory_order_relaxed);
  static const char kSigint[] = "error: interrupted by SIGINT; still busy inside a library call, exiting at once\n";
  static const char kSigterm[] = "error: interrupted by SIGTERM; still busy inside a library call, exiting at once\n";
  const bool is_int = signal_number == SIGINT;
  const std::size_t length = (is_int ? sizeof kSigint : sizeof kSigterm) - 1;
  const ssize_t ignored = write(STDERR_FILENO, is_int ? kSigint : kSigterm, length);
  (void)ignored;
  _exit(128 + signal_number);
}

std::string signal_name(int signal_number) {
  if (signal_number == SIGINT) return "SIGINT";
  if (signal_number == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal_number);
}

}  // namespace

Interrupted::Interrupted(int signal_number)
    : std::runtime_error("interrupted by " + signal_name(signal_number)), signal_number_(signal_number) {}

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGALRM, on_stuck_stop);
  std::signal(SIGXFSZ, SIG_IGN);
  if (const char* grace = std::getenv("TARANG_STOP_GRACE_S")) {
    const long seconds = std::strtol(grace, nullptr, 10);
    if (seconds > 0) g_grace_s = static_cast<unsigned>(seconds);
  }
}

int interrupt_signal() noexcept { return g_signal.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  const int signal_number = interrupt_signal();
  if (signal_number != 0) throw Interrupted(signal_number);
}

void set_interrupt_signal_for_testing(int signal_number) noexcept {
  g_signal.store(signal_number);
  if (signal_number == 0) alarm(0);  // a raise() in a test armed the grace period
}

}  // namespace tarang
