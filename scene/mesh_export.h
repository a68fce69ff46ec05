// Exports a SceneMesh for viewing and editing in MeshLab, Blender or CloudCompare (PLY or OBJ).
#pragma once

#include <string>

#include "scene/scene_mesh.h"

namespace tarang {

// Writes `mesh` to `path` in the format its extension names (case-insensitive), atomically (path + ".tmp", then
// rename; nothing is left behind on failure). Coordinates are the local metres of the mesh; the georeference
// (origin, CRS) is noted in a comment only, the .tscene file keeps it.
//   .ply  binary little endian: vertex x, y, z (float); face vertex_indices (uchar count, uint), material_index
//         (ushort), object_index (uint); header comments "tarang_material I NAME THICKNESS_M" and
//         "tarang_object I NAME" give the names, so load_mesh_file reads the file back to the same mesh.
//   .obj  "v" lines, then per run of triangles an "o OBJECT" and "usemtl MATERIAL" line before its "f" lines
//         (no .mtl file: viewers create default materials with those names).
// Throws InputError(path, ...) for an unknown extension or a file that cannot be written, std::invalid_argument for
// an inconsistent mesh.
void export_mesh(const SceneMesh& mesh, const std::string& path);

}  // namespace tarang
