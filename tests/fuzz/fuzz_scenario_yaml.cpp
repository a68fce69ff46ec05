// Fuzz target: scenario YAML text -> parse_scenario_text. The only acceptable failure is an InputError.
#include <cstdint>
#include <string>

#include "core/error.h"
#include "io/scenario_yaml.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    tarang::parse_scenario_text(text, "fuzz.yaml", tarang::fuzz::scratch_dir().string());
  } catch (const tarang::InputError&) {
  }
  return 0;
}
