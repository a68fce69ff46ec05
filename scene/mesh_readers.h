// Strict readers for the mesh files users already have (PLY, OBJ); mesh_import.h turns their output into a SceneMesh.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tarang {

// One file's triangles before they join a SceneMesh. Polygons are split into triangle fans.
struct RawMesh {
  std::vector<float> positions_m;                // x, y, z per vertex, as in the file
  std::vector<std::uint32_t> indices;            // 3 per triangle, all < vertex count
  std::vector<std::uint32_t> triangle_material;  // index into material_names; empty = the file names no material
  std::vector<std::uint32_t> triangle_object;    // index into object_names; empty = the whole file is one object
  std::vector<std::string> material_names;       // as spelled in the file ("" = none given for those faces)
  std::vector<double> material_thickness_m;      // one per material name, or empty when the file gives none
  std::vector<std::string> object_names;
  std::size_t skipped_faces = 0;  // faces with fewer than 3 vertices
  bool declared_tables = false;   // the names come from a header table (tarang PLY): keep them all, in order
};

// Reads a PLY file (ascii, binary_little_endian or binary_big_endian 1.0) with a "vertex" element (x, y, z of any
// numeric type) and a "face" element (list "vertex_indices" or "vertex_index" of an integer type); other elements and
// properties are skipped. Faces carry material/object ids when the file has the "material_index"/"object_index" face
// properties together with "comment tarang_material I NAME THICKNESS_M" / "comment tarang_object I NAME" header lines
// (what mesh_export.h writes). Throws InputError(path, ...) for a missing or unreadable file, a malformed header,
// a truncated body, an unparsable ASCII value (with its line), a vertex index out of range, or trailing data.
RawMesh read_ply_file(const std::string& path);

// Reads a Wavefront OBJ file: "v" (x y z), "f" (1-based or negative indices, "v/vt/vn" forms), "usemtl" (material
// name) and "o" (object name; faces before the first "o" belong to no named object, object_names[0] == "").
// Other statements (vt, vn, g, s, mtllib, l, ...) are ignored. Throws InputError(path, line, ...) for a missing
// file, a malformed number, or an index out of range.
RawMesh read_obj_file(const std::string& path);

// The whole file as bytes; InputError(path, "file not found" / "cannot read file (REASON)") otherwise.
std::string read_whole_file(const std::string& path);

}  // namespace tarang
