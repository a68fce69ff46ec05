// The supervised child process for reading untrusted files.
#include "cli/isolated_read.h"

#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <thread>

#include "core/error.h"
#include "core/interrupt.h"

namespace tarang {
namespace {

// The child's side: the same mapping from exceptions to messages and exit codes as main().
[[noreturn]] void run_child(const std::function<int()>& work) {
  int code = 1;
  try {
    code = work();
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    code = 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: internal failure: {}\n", e.what());
  }
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(code);  // no atexit handlers or static destructors twice (the parent runs those)
}

}  // namespace

int run_isolated_read(const std::string& path, const std::function<int()>& work) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = getpid();
  const pid_t child = fork();
  if (child < 0) throw RuntimeFailure(std::string("fork failed: ") + std::strerror(errno));
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);     // never outlive the CLI (killed by a second Ctrl-C, SIGKILL, ...)
    if (getppid() != parent) _exit(1);  // it died before prctl took effect
    run_child(work);
  }

  int status = 0;
  while (true) {
    const pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0 && errno != EINTR) throw RuntimeFailure(std::string("waitpid failed: ") + std::strerror(errno));
    if (interrupt_signal() != 0) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      throw_if_interrupted();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (WIFSIGNALED(status)) {
    throw InputError(path, std::string("damaged file: the HDF5 library crashed reading it (") +
                               strsignal(WTERMSIG(status)) + ")");
  }
  return WEXITSTATUS(status);
}

}  // namespace tarang
