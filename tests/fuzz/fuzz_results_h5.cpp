// Fuzz target: any file -> read_coverage_result, as `tarang info` (no gain maps) and `tarang export` (everything) read
// it. Only InputError may come out.
#include <cstdint>

#include "core/error.h"
#include "io/results_h5.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = tarang::fuzz::write_input("result.h5", data, size);
  for (const bool gain_maps : {false, true}) {
    try {
      tarang::read_coverage_result(path, tarang::ResultReadOptions{gain_maps});
    } catch (const tarang::InputError&) {
    }
  }
  return 0;
}
