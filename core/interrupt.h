// Interrupts: SIGINT/SIGTERM set a process-wide flag that long loops poll, so a run stops through normal code
// (destructors run, temp files are removed, a checkpoint written by the caller survives) instead of being killed.
#pragma once

#include <stdexcept>
#include <string>

namespace tarang {

// Thrown by throw_if_interrupted() once SIGINT or SIGTERM arrived; the CLI maps it to exit code 128 + signal.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number);
  int signal_number() const { return signal_number_; }
  int exit_code() const { return 128 + signal_number_; }  // 130 for SIGINT, 143 for SIGTERM

 private:
  int signal_number_;
};

// Installs the SIGINT/SIGTERM handlers and ignores SIGXFSZ, so that exceeding `ulimit -f` makes write() fail with
// EFBIG instead of killing the process. A second SIGINT kills at once (the default action; repeated SIGTERMs, as
// `timeout` sends them to the process and its group, are ignored); a run
// that has not stopped TARANG_STOP_GRACE_S seconds (default 10) after the first, because it is stuck in a library
// call that never returns to a check, exits with 128 + signal and a one-line message (SIGALRM).
void install_interrupt_handlers();

// The signal that asked us to stop (SIGINT, SIGTERM), or 0.
int interrupt_signal() noexcept;

// Throws Interrupted when a stop was requested. Cheap (one relaxed atomic load): call it in every long loop.
void throw_if_interrupted();

// Sets or clears the flag as a signal would (for tests); clearing it also cancels a pending grace-period alarm.
void set_interrupt_signal_for_testing(int signal_number) noexcept;

}  // namespace tarang
