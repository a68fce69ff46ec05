// Reading files a user hands us with libraries that can crash or hang on damaged input (libhdf5 1.10 does, on some
// corrupt global heaps: docs/reliability.md): the reading runs in a child process that the CLI supervises.
#pragma once

#include <functional>
#include <string>

namespace tarang {

// Runs `work` in a forked child and returns its exit code. Inside the child, InputError becomes "error: ..." and
// exit code 2, other exceptions "error: internal failure: ..." and 1, as in main(). When the child dies by a signal
// (SIGSEGV, SIGABRT, ...), throws InputError(path, "damaged file: the HDF5 library crashed reading it (SIGNAL)").
// On SIGINT/SIGTERM to this process the child is killed and Interrupted is thrown, so a read stuck in the library
// still stops at once. `work` should print nothing before its reading is done.
int run_isolated_read(const std::string& path, const std::function<int()>& work);

}  // namespace tarang
