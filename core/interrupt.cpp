// The process-wide stop flag and the signal handlers that set it.
#include "core/interrupt.h"

#include <atomic>
#include <csignal>

namespace tarang {
namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the flag is written from a signal handler");

extern "C" void on_stop_signal(int signal_number) {
  g_signal.store(signal_number, std::memory_order_relaxed);
  std::signal(signal_number, SIG_DFL);  // a second Ctrl-C ends the process the hard way
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
  std::signal(SIGXFSZ, SIG_IGN);
}

int interrupt_signal() noexcept { return g_signal.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  const int signal_number = interrupt_signal();
  if (signal_number != 0) throw Interrupted(signal_number);
}

void set_interrupt_signal_for_testing(int signal_number) noexcept { g_signal.store(signal_number); }

}  // namespace tarang
