// Fuzz target: a Sionna/Mitsuba XML scene -> load_mitsuba_scene, with a valid PLY and OBJ mesh beside it for the
// shapes to name (wall.ply, wall.obj). Only InputError may come out.
#include <cstdint>
#include <cstring>

#include "core/error.h"
#include "scene/mesh_import.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void write_text(const char* name, const char* text) {
  tarang::fuzz::write_input(name, reinterpret_cast<const std::uint8_t*>(text), std::strlen(text));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool meshes = [] {
    write_text("wall.ply",
               "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
               "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 0 1\n3 0 1 2\n");
    write_text("wall.obj", "v 0 0 0\nv 1 0 0\nv 0 0 1\nf 1 2 3\n");
    return true;
  }();
  (void)meshes;
  const std::string path = tarang::fuzz::write_input("scene.xml", data, size);
  try {
    tarang::load_mitsuba_scene(path);
  } catch (const tarang::InputError&) {
  }
  return 0;
}
