// Scene files (.tscene): a SceneMesh and its build statistics as HDF5; the layout is a contract (see scene_h5.cpp).
#pragma once

#include <string>

#include "scene/scene_mesh.h"

namespace tarang {

// What a scene file holds.
struct SceneFile {
  SceneMesh mesh;
  SceneBuildStats stats;
  std::string tarang_version;  // version of the tarang that wrote the file
  std::string created_utc;     // when it was written, "YYYY-MM-DDTHH:MM:SSZ"
};

// Writes mesh and stats to path atomically: to path + ".tmp", then rename(); on any failure the temp file is removed
// and nothing is left at path. Throws InputError(path, "cannot write output file (REASON)") when the file cannot be
// created, RuntimeFailure when HDF5 fails, std::invalid_argument when the mesh is inconsistent (array sizes that do
// not match, an index, material or object id out of range).
void write_scene_file(const std::string& path, const SceneMesh& mesh, const SceneBuildStats& stats = {});

// Reads a file written by write_scene_file. Throws InputError for a missing file, a file that is not HDF5 or not a
// tarang scene, an unsupported format_version, a missing or misshapen dataset or attribute, or ids out of range.
SceneFile read_scene_file(const std::string& path);

}  // namespace tarang
