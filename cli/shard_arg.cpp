// --shard K/N: parsed and checked once for every command that shards.
#include "cli/shard_arg.h"

#include <stdexcept>

#include "core/error.h"

namespace tarang {

Shard parse_shard(const std::string& text) {
  if (text.empty()) return {};
  const auto bad = [&] { return InputError("--shard", "expected K/N with 1 <= K <= N, e.g. 2/8 (got \"" + text + "\")"); };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) throw bad();
  Shard s;
  try {
    std::size_t used_k = 0, used_n = 0;
    s.index = std::stoi(text.substr(0, slash), &used_k);
    s.count = std::stoi(text.substr(slash + 1), &used_n);
    if (used_k != slash || used_n != text.size() - slash - 1) throw bad();
  } catch (const std::logic_error&) {
    throw bad();
  }
  if (s.count < 1 || s.index < 1 || s.index > s.count) throw bad();
  return s;
}

}  // namespace tarang
