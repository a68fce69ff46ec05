// Tests for PLY/OBJ/Mitsuba import: every encoding, strict rejection of damaged files, and the Sionna scenes.
#include "scene/mesh_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "scene/mesh_checks.h"

namespace tarang {
namespace {

namespace fs = std::filesystem;

// A unit tetrahedron, outward counter-clockwise faces: volume 1/6.
const std::vector<float> kTetraPositions = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
const std::vector<std::int32_t> kTetraFaces = {0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3};

class MeshImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("tarang_mesh_import_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "meshes");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }

  fs::path dir_;
};

template <class T>
void put(std::string& out, T value, bool big_endian) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if (big_endian != (std::endian::native == std::endian::big)) std::reverse(bytes, bytes + sizeof(T));
  out.append(bytes, sizeof(T));
}

// A binary PLY of triangles with int indices; `extra_vertex_normal` adds nx/ny/nz properties to skip.
std::string binary_ply(const std::vector<float>& positions, const std::vector<std::int32_t>& faces, bool big_endian,
                       bool extra_vertex_normal = false) {
  std::string out = std::string("ply\nformat ") + (big_endian ? "binary_big_endian" : "binary_little_endian") +
                    " 1.0\ncomment made by a test\nelement vertex " + std::to_string(positions.size() / 3) +
                    "\nproperty float x\nproperty float y\nproperty float z\n";
  if (extra_vertex_normal) out += "property float nx\nproperty float ny\nproperty float nz\n";
  out += "element face " + std::to_string(faces.size() / 3) + "\nproperty list uchar int vertex_indices\nend_header\n";
  for (std::size_t v = 0; v < positions.size() / 3; ++v) {
    for (int a = 0; a < 3; ++a) put(out, positions[3 * v + a], big_endian);
    if (extra_vertex_normal) {
      for (int a = 0; a < 3; ++a) put(out, 0.5f, big_endian);
    }
  }
  for (std::size_t f = 0; f < faces.size() / 3; ++f) {
    put(out, std::uint8_t{3}, big_endian);
    for (int c = 0; c < 3; ++c) put(out, faces[3 * f + c], big_endian);
  }
  return out;
}

std::string ascii_tetra_ply() {
  return "ply\r\nformat ascii 1.0\r\nelement vertex 4\r\nproperty float x\r\nproperty float y\r\nproperty float z\r\n"
         "element face 4\r\nproperty list uchar int vertex_indices\r\nend_header\r\n"
         "0 0 0\r\n1 0 0\r\n0 1 0\r\n0 0 1\r\n3 0 2 1\r\n3 0 1 3\r\n3 0 3 2\r\n3 1 2 3\r\n";
}

// Expects `fn` to throw InputError whose text contains every string in `parts`.
template <class Fn>
void expect_input_error(Fn&& fn, const std::vector<std::string>& parts) {
  try {
    fn();
    ADD_FAILURE() << "no InputError thrown";
  } catch (const InputError& e) {
    for (const std::string& part : parts) EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST_F(MeshImportTest, AsciiPlyBecomesOneObjectNamedAfterTheFile) {
  const std::string file = write("tetra.ply", ascii_tetra_ply());
  SceneBuildStats stats;
  const SceneMesh mesh = load_mesh_file(file, {}, &stats);
  EXPECT_EQ(mesh.positions_m, kTetraPositions);
  EXPECT_EQ(mesh.indices, std::vector<std::uint32_t>(kTetraFaces.begin(), kTetraFaces.end()));
  ASSERT_EQ(mesh.object_names, std::vector<std::string>{"tetra"});
  ASSERT_EQ(mesh.materials.size(), 1u);
  EXPECT_EQ(mesh.materials[0].name, "concrete");
  EXPECT_EQ(mesh.triangle_object, std::vector<std::uint32_t>(4, 0));
  EXPECT_EQ(mesh.triangle_material, std::vector<std::uint16_t>(4, 0));
  EXPECT_TRUE(is_watertight(mesh, 0));
  EXPECT_NEAR(signed_volume_m3(mesh, 0), 1.0 / 6.0, 1e-12);
  EXPECT_EQ(mesh.crs_wkt, "");
  EXPECT_EQ(stats.buildings, 1u);
}

TEST_F(MeshImportTest, BinaryLittleAndBigEndianMatchAscii) {
  const SceneMesh ascii = load_mesh_file(write("a.ply", ascii_tetra_ply()));
  for (const bool big : {false, true}) {
    const SceneMesh binary = load_mesh_file(write("b.ply", binary_ply(kTetraPositions, kTetraFaces, big, true)));
    EXPECT_EQ(binary.positions_m, ascii.positions_m) << "big endian " << big;
    EXPECT_EQ(binary.indices, ascii.indices) << "big endian " << big;
  }
}

TEST_F(MeshImportTest, PolygonsAreFannedAndOtherElementsSkipped) {
  // A quad and a pentagon with double coordinates, a ushort-count list, and an "edge" element to skip.
  const std::string file =
      write("poly.PLY",
            "ply\nformat ascii 1.0\nobj_info generated\nelement vertex 5\nproperty double x\nproperty double y\n"
            "property double z\nproperty uchar red\nelement face 2\nproperty ushort flags\n"
            "property list ushort uint vertex_index\nproperty list uchar float texcoord\nelement edge 1\n"
            "property int vertex1\nproperty int vertex2\nend_header\n"
            "0 0 0 255\n1 0 0 0\n1 1 0 0\n0 1 0 0\n0.5 1.5 0 0\n"
            "7 4 0 1 2 3 2 0.5 0.5\n0 5 0 1 2 4 3 0\n0 1\n");
  const SceneMesh mesh = load_mesh_file(file);
  EXPECT_EQ(mesh.indices, (std::vector<std::uint32_t>{0, 1, 2, 0, 2, 3, 0, 1, 2, 0, 2, 4, 0, 4, 3}));
  EXPECT_EQ(mesh.object_names, std::vector<std::string>{"poly"});
}

TEST_F(MeshImportTest, FacesWithFewerThanThreeCornersAreSkippedAndCounted) {
  const std::string file = write(
      "short.ply",
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 2\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n3 0 1 2\n");
  SceneBuildStats stats;
  const SceneMesh mesh = load_mesh_file(file, {}, &stats);
  EXPECT_EQ(mesh.triangle_count(), 1u);
  EXPECT_EQ(stats.skipped, 1u);
  ASSERT_EQ(stats.warnings.size(), 1u);
  EXPECT_NE(stats.warnings[0].find("short.ply"), std::string::npos);
}

TEST_F(MeshImportTest, TruncatedBinaryPlyIsRejectedWithTheFileName) {
  const std::string whole = binary_ply(kTetraPositions, kTetraFaces, false);
  const std::size_t header = whole.find("end_header\n") + 11;
  for (const std::size_t cut : {std::size_t{1}, std::size_t{7}, std::size_t{40}, whole.size() - header}) {
    const std::string file = write("cut.ply", whole.substr(0, whole.size() - cut));
    expect_input_error([&] { load_mesh_file(file); }, {file, "truncated"});
  }
}

TEST_F(MeshImportTest, TrailingBytesAreRejected) {
  const std::string file = write("long.ply", binary_ply(kTetraPositions, kTetraFaces, false) + "\x01\x02\x03");
  expect_input_error([&] { load_mesh_file(file); }, {file, "unexpected bytes"});
}

TEST_F(MeshImportTest, OutOfRangeIndicesAreRejectedWithTheFileName) {
  for (const std::int32_t bad : {4, 9, -1}) {
    std::vector<std::int32_t> faces = kTetraFaces;
    faces[5] = bad;
    const std::string file = write("bad_index.ply", binary_ply(kTetraPositions, faces, false));
    expect_input_error([&] { load_mesh_file(file); },
                       {file, "face 1", "vertex index " + std::to_string(bad), "out of range"});
  }
  std::string ascii = ascii_tetra_ply();
  ascii.replace(ascii.find("3 1 2 3"), 7, "3 1 2 4");
  const std::string file = write("bad_index_ascii.ply", ascii);
  expect_input_error([&] { load_mesh_file(file); }, {file + ":17:", "out of range"});
}

TEST_F(MeshImportTest, MalformedFilesAreRejected) {
  expect_input_error([&] { load_mesh_file(path("missing.ply")); }, {"missing.ply", "file not found"});
  const std::string not_ply = write("text.ply", "hello\n");
  expect_input_error([&] { load_mesh_file(not_ply); }, {not_ply, "not a PLY file"});
  const std::string no_end = write("noend.ply", "ply\nformat ascii 1.0\nelement vertex 0\n");
  expect_input_error([&] { load_mesh_file(no_end); }, {no_end, "end_header"});
  const std::string bad_type =
      write("type.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty quad x\nend_header\n");
  expect_input_error([&] { load_mesh_file(bad_type); }, {bad_type + ":4:", "unknown property type"});
  const std::string points = write("points.ply",
                                   "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\n"
                                   "property float z\nend_header\n0 0 0\n");
  expect_input_error([&] { load_mesh_file(points); }, {points, "no face element"});
  std::string ascii = ascii_tetra_ply();
  ascii.replace(ascii.find("0 0 1\r\n"), 5, "0 0 x");
  const std::string bad_value = write("value.ply", ascii);
  expect_input_error([&] { load_mesh_file(bad_value); }, {bad_value + ":13:", "\"x\""});
  const std::string unknown = write("mesh.stl", "solid");
  expect_input_error([&] { load_mesh_file(unknown); }, {unknown, "unknown mesh format '.stl'"});
}

TEST_F(MeshImportTest, ObjObjectsMaterialsAndIndexForms) {
  const std::string file = write("block.obj",
                                 "# a quad and two triangles\nmtllib block.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
                                 "vn 0 0 1\nvt 0 0\nf 1/1/1 2/1/1 3/1/1 4/1/1\no roof\nusemtl mat-itu_metal\n"
                                 "v 0 0 5\nf -4//1 -3//1 -1//1\ns off\nusemtl itu_glass\nf 1 3 4\n");
  SceneBuildStats stats;
  const SceneMesh mesh = load_mesh_file(file, {}, &stats);
  EXPECT_EQ(mesh.indices, (std::vector<std::uint32_t>{0, 1, 2, 0, 2, 3, 1, 2, 4, 0, 2, 3}));
  EXPECT_EQ(mesh.object_names, (std::vector<std::string>{"block", "roof"}));
  EXPECT_EQ(mesh.triangle_object, (std::vector<std::uint32_t>{0, 0, 1, 1}));
  ASSERT_EQ(mesh.materials.size(), 3u);
  EXPECT_EQ(mesh.materials[0].name, "concrete");
  EXPECT_EQ(mesh.materials[1].name, "metal");
  EXPECT_EQ(mesh.materials[2].name, "glass");
  EXPECT_EQ(mesh.triangle_material, (std::vector<std::uint16_t>{0, 0, 1, 2}));
  EXPECT_EQ(stats.buildings, 2u);
}

TEST_F(MeshImportTest, ObjErrorsNameTheLine) {
  const std::string range = write("range.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n");
  expect_input_error([&] { load_mesh_file(range); }, {range + ":4:", "out of range"});
  const std::string zero = write("zero.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n");
  expect_input_error([&] { load_mesh_file(zero); }, {zero + ":4:", "out of range"});
  const std::string number = write("number.obj", "v 0 0\n");
  expect_input_error([&] { load_mesh_file(number); }, {number + ":1:", "three numbers"});
}

TEST_F(MeshImportTest, OptionsSetDefaultsAndGeoreference) {
  MeshImportOptions options;
  options.material = "ITU_Brick";
  options.thickness_m = 0.3;
  options.crs_wkt = "some wkt";
  options.origin_x_m = 500000;
  options.origin_y_m = 4000000;
  const SceneMesh mesh = load_mesh_file(write("t.ply", ascii_tetra_ply()), options);
  ASSERT_EQ(mesh.materials.size(), 1u);
  EXPECT_EQ(mesh.materials[0].name, "brick");
  EXPECT_EQ(mesh.materials[0].thickness_m, 0.3);
  EXPECT_EQ(mesh.crs_wkt, "some wkt");
  EXPECT_EQ(mesh.origin_x_m, 500000);
  EXPECT_EQ(mesh.origin_y_m, 4000000);
}

TEST(CanonicalMaterialName, StripsExporterPrefixes) {
  for (const char* name : {"concrete", "itu_concrete", "mat-itu_concrete", "itu-concrete", "ITU-Concrete",
                           "mat-itu_concrete.001", " concrete "}) {
    EXPECT_EQ(canonical_material_name(name), "concrete") << name;
  }
  EXPECT_EQ(canonical_material_name("itu_medium_dry_ground"), "medium_dry_ground");
  EXPECT_EQ(canonical_material_name("Medium-dry ground"), "medium_dry_ground");
  EXPECT_EQ(canonical_material_name("my_paint"), "my_paint");
  EXPECT_EQ(canonical_material_name("itu"), "itu");
  EXPECT_EQ(canonical_material_name(""), "");
}

// ---- Mitsuba / Sionna scenes ---------------------------------------------------------------------------------------

std::string scene_xml(const std::string& shapes) {
  return "<scene version=\"2.1.0\">\n"
         "  <bsdf type=\"itu-radio-material\" id=\"wallstuff\">\n"
         "    <string name=\"type\" value=\"concrete\"/>\n"
         "    <float name=\"thickness\" value=\"0.25\"/>\n"
         "  </bsdf>\n"
         "  <bsdf type=\"twosided\" id=\"mat-itu_glass\">\n"
         "    <bsdf type=\"diffuse\"><rgb value=\"0.1 0.2 0.3\" name=\"reflectance\"/></bsdf>\n"
         "  </bsdf>\n"
         "  <integrator type=\"path\"/>\n" +
         shapes + "</scene>\n";
}

TEST_F(MeshImportTest, MitsubaSceneMaterialsObjectsAndWinding) {
  write("meshes/tower-itu_concrete.ply", binary_ply(kTetraPositions, kTetraFaces, false));
  write("meshes/glass.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  const std::string xml =
      write("scene.xml", scene_xml("  <shape type=\"ply\" id=\"mesh-tower\">\n"
                                   "    <string name=\"filename\" value=\"meshes/tower-itu_concrete.ply\"/>\n"
                                   "    <boolean name=\"face_normals\" value=\"true\"/>\n"
                                   "    <ref id=\"wallstuff\" name=\"bsdf\"/>\n  </shape>\n"
                                   "  <shape type=\"obj\" id=\"mesh-glass\">\n"
                                   "    <string name=\"filename\" value=\"meshes/glass.obj\"/>\n"
                                   "    <boolean name=\"flip_normals\" value=\"true\"/>\n"
                                   "    <ref id=\"mat-itu_glass\"/>\n  </shape>\n"));
  SceneBuildStats stats;
  const SceneMesh mesh = load_mitsuba_scene(xml, {}, &stats);
  EXPECT_EQ(mesh.triangle_count(), 5u);
  EXPECT_EQ(mesh.vertex_count(), 7u);
  EXPECT_EQ(mesh.object_names, (std::vector<std::string>{"tower-itu_concrete", "glass"}));
  ASSERT_EQ(mesh.materials.size(), 2u);
  EXPECT_EQ(mesh.materials[0].name, "concrete");
  EXPECT_EQ(mesh.materials[0].thickness_m, 0.25);
  EXPECT_EQ(mesh.materials[1].name, "glass");
  EXPECT_EQ(mesh.materials[1].thickness_m, 0.1);
  EXPECT_EQ(mesh.triangle_material, (std::vector<std::uint16_t>{0, 0, 0, 0, 1}));
  // The flipped OBJ triangle (1 2 3 -> 1 3 2), offset past the 4 PLY vertices.
  EXPECT_EQ(std::vector<std::uint32_t>(mesh.indices.end() - 3, mesh.indices.end()),
            (std::vector<std::uint32_t>{4, 6, 5}));
  EXPECT_TRUE(is_watertight(mesh, 0));
  EXPECT_EQ(stats.buildings, 2u);
  EXPECT_EQ(load_mesh_file(xml).triangle_count(), 5u);  // .xml goes to the Mitsuba reader
}

TEST_F(MeshImportTest, MitsubaMissingMeshNamesXmlShapeAndPath) {
  const std::string xml = write("scene.xml", scene_xml("  <shape type=\"ply\" id=\"mesh-gone\">\n"
                                                       "    <string name=\"filename\" value=\"meshes/gone.ply\"/>\n"
                                                       "    <ref id=\"wallstuff\" name=\"bsdf\"/>\n  </shape>\n"));
  SceneBuildStats stats;
  stats.buildings = 7;
  expect_input_error([&] { load_mitsuba_scene(xml, {}, &stats); },
                     {xml + ":10:", "shape 'mesh-gone'", "meshes/gone.ply", "not found"});
  EXPECT_EQ(stats.buildings, 7u);  // untouched by the failed load
}

TEST_F(MeshImportTest, MitsubaBadMeshNamesBothFiles) {
  std::vector<std::int32_t> faces = kTetraFaces;
  faces[0] = 17;
  const std::string ply = write("meshes/bad.ply", binary_ply(kTetraPositions, faces, false));
  const std::string xml = write("scene.xml", scene_xml("  <shape type=\"ply\" id=\"mesh-bad\">\n"
                                                       "    <string name=\"filename\" value=\"meshes/bad.ply\"/>\n"
                                                       "  </shape>\n"));
  expect_input_error([&] { load_mitsuba_scene(xml); }, {xml, "shape 'mesh-bad'", ply, "out of range"});
}

TEST_F(MeshImportTest, MitsubaStructuralErrors) {
  write("meshes/t.ply", ascii_tetra_ply());
  const std::string unknown_ref = write("ref.xml", scene_xml("  <shape type=\"ply\" id=\"s1\">\n"
                                                             "    <string name=\"filename\" value=\"meshes/t.ply\"/>\n"
                                                             "    <ref id=\"itu_unobtainium\"/>\n  </shape>\n"));
  expect_input_error([&] { load_mitsuba_scene(unknown_ref); }, {unknown_ref + ":12:", "shape 's1'", "itu_unobtainium"});
  const std::string sphere = write("sphere.xml", scene_xml("  <shape type=\"sphere\" id=\"ball\"/>\n"));
  expect_input_error([&] { load_mitsuba_scene(sphere); },
                     {sphere + ":10:", "shape 'ball'", "'sphere' is not supported"});
  const std::string transform =
      write("transform.xml", scene_xml("  <shape type=\"ply\" id=\"moved\">\n"
                                       "    <string name=\"filename\" value=\"meshes/t.ply\"/>\n"
                                       "    <transform name=\"to_world\"/>\n  </shape>\n"));
  expect_input_error([&] { load_mitsuba_scene(transform); }, {transform, "shape 'moved'", "transform"});
  const std::string no_file = write("nofile.xml", scene_xml("  <shape type=\"ply\" id=\"empty\"/>\n"));
  expect_input_error([&] { load_mitsuba_scene(no_file); }, {no_file, "shape 'empty'", "filename"});
  const std::string broken = write("broken.xml", "<scene>\n  <shape type=\"ply\">\n</scene>\n");
  expect_input_error([&] { load_mitsuba_scene(broken); }, {broken + ":3:", "invalid XML"});
  const std::string not_scene = write("other.xml", "<html/>\n");
  expect_input_error([&] { load_mitsuba_scene(not_scene); }, {not_scene, "no <scene> root"});
  expect_input_error([&] { load_mitsuba_scene(path("absent.xml")); }, {"absent.xml", "file not found"});
}

// ---- The Sionna RT scenes in ../shared/data ----------------------------------------------------------------------

std::string shared_scene(const std::string& name) {
  return std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/" + name + "/" + name + ".xml";
}

TEST(SionnaScenes, MunichHas38938TrianglesInLocalMetresZUp) {
  const std::string xml = shared_scene("munich");
  if (!fs::exists(xml)) GTEST_SKIP() << "../shared/data not present";
  SceneBuildStats stats;
  const SceneMesh mesh = load_mitsuba_scene(xml, {}, &stats);
  EXPECT_EQ(mesh.triangle_count(), 38938u);
  EXPECT_EQ(mesh.object_names.size(), 2367u);
  EXPECT_EQ(stats.buildings, 2367u);
  std::vector<std::string> names;
  for (const SceneMaterial& m : mesh.materials) names.push_back(m.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"brick", "concrete", "marble", "metal", "wood"}));
  const auto b = mesh.local_bounds();
  EXPECT_NEAR(b[2], 0.0, 0.01);  // ground at z = 0
  EXPECT_GT(b[5], 90.0);         // Frauenkirche towers, ~99 m
  EXPECT_LT(b[5], 110.0);
  EXPECT_LT(b[0], -500.0);  // about 1.5 km x 1.2 km around the origin
  EXPECT_GT(b[3], 500.0);
  EXPECT_EQ(degenerate_triangle_count(mesh), 0u);
}

TEST(SionnaScenes, EtoileLoads) {
  const std::string xml = shared_scene("etoile");
  if (!fs::exists(xml)) GTEST_SKIP() << "../shared/data not present";
  const SceneMesh mesh = load_mitsuba_scene(xml);
  EXPECT_EQ(mesh.triangle_count(), 13058u);
  EXPECT_EQ(mesh.vertex_count(), 14193u);
  EXPECT_EQ(mesh.object_names.size(), 563u);
  EXPECT_EQ(mesh.materials.size(), 4u);
}

}  // namespace
}  // namespace tarang
