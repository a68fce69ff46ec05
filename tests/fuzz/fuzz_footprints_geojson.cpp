// Fuzz target: a GeoJSON file -> build_city_scene (GDAL reading, our CRS choice, footprint repair, extrusion, ground).
// The only acceptable failure is an InputError.
#include <cstdint>

#include "core/error.h"
#include "scene/city_from_gis.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tarang::GisSceneOptions options;
  options.buildings_path = tarang::fuzz::write_input("input.geojson", data, size);
  tarang::SceneBuildStats stats;
  try {
    tarang::build_city_scene(options, stats);
  } catch (const tarang::InputError&) {
  }
  return 0;
}
