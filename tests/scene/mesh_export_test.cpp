// Tests for mesh export: PLY and OBJ read back by our importer equal the mesh; atomic writes; bad extensions.
#include "scene/mesh_export.h"

#include <gtest/gtest.h>

#include "tests/support/temp_folder_test.h"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "scene/mesh_import.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

namespace fs = std::filesystem;

class MeshExportTest : public test::TempFolderTest {};

// A small city with a material whose name has a space, a thickness that is not 0.1, and an unused material.
SceneMesh sample_mesh() {
  ProceduralCityOptions options;
  options.blocks_per_side = 4;
  options.materials = {"concrete", "brick", "glass", "metal", "wood"};
  SceneMesh mesh = make_procedural_city(options);
  mesh.materials[1] = {"old brick", 0.37};
  mesh.materials.push_back({"unused", 0.2});
  return mesh;
}

std::string head_of(const std::string& file, std::size_t bytes) {
  std::ifstream in(file, std::ios::binary);
  std::string text(bytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(bytes));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

TEST_F(MeshExportTest, PlyReadsBackToTheSameMesh) {
  const SceneMesh mesh = sample_mesh();
  export_mesh(mesh, path("city.ply"));
  EXPECT_EQ(entries(), std::set<std::string>{"city.ply"});
  EXPECT_EQ(head_of(path("city.ply"), 36), "ply\nformat binary_little_endian 1.0\n");

  const SceneMesh back = load_mesh_file(path("city.ply"));
  EXPECT_EQ(back.positions_m, mesh.positions_m);
  EXPECT_EQ(back.indices, mesh.indices);
  EXPECT_EQ(back.triangle_material, mesh.triangle_material);
  EXPECT_EQ(back.triangle_object, mesh.triangle_object);
  EXPECT_EQ(back.object_names, mesh.object_names);
  ASSERT_EQ(back.materials.size(), mesh.materials.size());
  for (std::size_t m = 0; m < mesh.materials.size(); ++m) {
    EXPECT_EQ(back.materials[m].name, canonical_material_name(mesh.materials[m].name));
    EXPECT_EQ(back.materials[m].thickness_m, mesh.materials[m].thickness_m);
  }
}

TEST_F(MeshExportTest, ObjReadsBackToTheSameGeometryObjectsAndMaterials) {
  const SceneMesh mesh = sample_mesh();
  export_mesh(mesh, path("city.OBJ"));
  const SceneMesh back = load_mesh_file(path("city.OBJ"));
  EXPECT_EQ(back.positions_m, mesh.positions_m);
  EXPECT_EQ(back.indices, mesh.indices);
  EXPECT_EQ(back.object_names, mesh.object_names);
  EXPECT_EQ(back.triangle_object, mesh.triangle_object);
  ASSERT_EQ(back.triangle_count(), mesh.triangle_count());
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    ASSERT_EQ(back.materials[back.triangle_material[t]].name,
              canonical_material_name(mesh.materials[mesh.triangle_material[t]].name));
  }
}

TEST_F(MeshExportTest, UnknownExtensionIsAnInputErrorAndWritesNothing) {
  try {
    export_mesh(sample_mesh(), path("city.stl"));
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("city.stl"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("'.stl'"), std::string::npos);
  }
  EXPECT_TRUE(entries().empty());
}

TEST_F(MeshExportTest, FailuresLeaveNothingBehind) {
  EXPECT_THROW(export_mesh(sample_mesh(), path("no/such/folder/city.ply")), InputError);
  SceneMesh broken = sample_mesh();
  broken.indices.back() = 999999;
  EXPECT_THROW(export_mesh(broken, path("broken.ply")), std::invalid_argument);
  EXPECT_TRUE(entries().empty());

  // A failed export keeps the previous file.
  std::ofstream(path("keep.obj")) << "previous";
  EXPECT_THROW(export_mesh(broken, path("keep.obj")), std::invalid_argument);
  EXPECT_EQ(head_of(path("keep.obj"), 100), "previous");
  EXPECT_EQ(entries(), std::set<std::string>{"keep.obj"});
}

}  // namespace
}  // namespace tarang
