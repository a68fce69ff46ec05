// Typed errors: InputError for anything the user can fix (bad file, key, value), reported by cli/ with exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace tarang {

// A problem with user input. what() is "FILE:LINE: KEY: MESSAGE", omitting the parts that are unknown.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string key, std::string message)
      : std::runtime_error(format(file, line, key, message)),
        file_(std::move(file)),
        line_(line),
        key_(std::move(key)),
        message_(std::move(message)) {}

  // An error about a whole file (missing, unreadable, wrong format).
  InputError(std::string file, std::string message) : InputError(std::move(file), 0, "", std::move(message)) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }  // 1-based; 0 when not known
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  static std::string format(const std::string& file, int line, const std::string& key, const std::string& message) {
    std::string out = file;
    if (line > 0) out.append(":").append(std::to_string(line));
    if (!key.empty()) {
      if (!out.empty()) out.append(": ");
      out.append(key);
    }
    if (!out.empty()) out.append(": ");
    return out.append(message);
  }

  std::string file_;
  int line_;
  std::string key_;
  std::string message_;
};

// A failure of a library or the system that is not the user's fault (HDF5 internal error, out of memory, ...).
class RuntimeFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tarang
