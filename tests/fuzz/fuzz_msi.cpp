// Fuzz target: an MSI/Planet antenna file -> load_msi_file. Only InputError may come out.
#include <cstdint>

#include "core/error.h"
#include "propagation/antenna_msi.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = tarang::fuzz::write_input("antenna.msi", data, size);
  try {
    tarang::load_msi_file(path);
  } catch (const tarang::InputError&) {
  }
  return 0;
}
