// Running a command line (usually the tarang executable) with its exit code, stdout and stderr captured.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tarang::test {

struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};

// The whole content of a file ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command` through the shell; stdout and stderr go to two scratch files in `scratch_dir`, removed afterwards.
inline RunResult run_captured(const std::string& command, const std::filesystem::path& scratch_dir) {
  const std::filesystem::path out = scratch_dir / ".captured_stdout", err = scratch_dir / ".captured_stderr";
  const std::string cmd = command + " > " + out.string() + " 2> " + err.string();
  const int status = std::system(cmd.c_str());
  RunResult r{WEXITSTATUS(status), slurp(out), slurp(err)};
  std::error_code ec;
  std::filesystem::remove(out, ec), std::filesystem::remove(err, ec);
  return r;
}

}  // namespace tarang::test
