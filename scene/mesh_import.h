// Meshes users already have: plain PLY/OBJ files and Sionna RT (Mitsuba 2/3 XML) scenes, loaded as a SceneMesh.
#pragma once

#include <string>

#include "scene/material_names.h"
#include "scene/scene_mesh.h"

namespace tarang {

struct MeshImportOptions {
  std::string material = "concrete";  // material of faces the file does not name one for (canonicalised)
  double thickness_m = 0.1;           // slab thickness of materials whose file gives none
  // Georeference of the file's coordinates: CRS coordinate = origin + file coordinate. Files carry none, so the
  // default is an unreferenced local frame (Sionna scenes: local metres, z up).
  std::string crs_wkt;
  double origin_x_m = 0, origin_y_m = 0;
};

// Loads one .ply (ascii or binary, either endianness) or .obj file (by extension, case-insensitive).
// A PLY file is one object named after the file stem, unless it carries tarang's per-face object table (files written
// by export_mesh); an OBJ file has one object per "o" name (faces before the first "o": the file stem) and takes
// materials from "usemtl". Faces with fewer than 3 vertices are skipped and counted in stats->skipped; stats->buildings
// counts the objects. Throws InputError naming the file (and line where known) for anything wrong; nothing is
// returned half-built.
SceneMesh load_mesh_file(const std::string& path, const MeshImportOptions& options = {},
                         SceneBuildStats* stats = nullptr);

// Loads a Sionna RT scene: Mitsuba 2/3 XML whose <shape type="ply|obj"> elements name mesh files (relative to the
// XML's folder) and reference <bsdf> materials (<ref id=.../> or a nested <bsdf>). Material names come from an
// "itu-radio-material" bsdf's <string name="type"> (else from the bsdf id), canonicalised; thickness from its
// <float name="thickness"> (else options.thickness_m). Each mesh file becomes one object named after its stem;
// <boolean name="flip_normals" value="true"/> reverses the winding. Other top-level elements (sensors, emitters,
// integrators) are ignored. Throws InputError naming the XML file, line and shape id for: an unparsable XML, a missing
// mesh file, a bad mesh file, an unknown bsdf reference, a shape with no mesh file, a shape type other than ply/obj
// (tarang does not silently drop geometry), a to_world transform, or an <include>.
SceneMesh load_mitsuba_scene(const std::string& xml_path, const MeshImportOptions& options = {},
                             SceneBuildStats* stats = nullptr);

}  // namespace tarang
