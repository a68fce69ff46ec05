// Fuzz target: a PLY file -> load_mesh_file (the strict PLY reader and the scene assembler). Only InputError may
// come out.
#include <cstdint>

#include "core/error.h"
#include "scene/mesh_import.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = tarang::fuzz::write_input("input.ply", data, size);
  try {
    tarang::load_mesh_file(path);
  } catch (const tarang::InputError&) {
  }
  return 0;
}
