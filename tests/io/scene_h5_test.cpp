// Tests for scene files (.tscene): exact round trips, the documented layout, atomic writes, and reader errors.
#include "io/scene_h5.h"

#include <gtest/gtest.h>

#include "tests/support/temp_folder_test.h"
#include <hdf5.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <cctype>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/version.h"
#include "io/h5_checked.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

// "YYYY-MM-DDTHH:MM:SSZ" (not std::regex: GCC 12 warns inside <regex> in sanitizer builds).
bool is_utc_timestamp(const std::string& t) {
  const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != shape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != shape[i]) return false;
  }
  return true;
}

namespace fs = std::filesystem;

class SceneH5Test : public test::TempFolderTest {};

SceneMesh sample_mesh() {
  ProceduralCityOptions options;
  options.blocks_per_side = 30;  // 9,002 triangles: more than one chunk of nothing, several of deflate work
  SceneMesh mesh = make_procedural_city(options);
  mesh.materials[0].name = "béton";  // UTF-8 survives
  mesh.object_names[3] = "way/1234 – Hauptstraße";
  return mesh;
}

SceneBuildStats sample_stats() {
  SceneBuildStats stats;
  stats.buildings = 900;
  stats.repaired = 3;
  stats.skipped = 2;
  stats.warnings = {"way 1234: height -3 m, skipped", "way 99: self-intersecting footprint repaired"};
  return stats;
}

void expect_same_mesh(const SceneMesh& a, const SceneMesh& b) {
  EXPECT_EQ(a.crs_wkt, b.crs_wkt);
  EXPECT_EQ(a.origin_x_m, b.origin_x_m);
  EXPECT_EQ(a.origin_y_m, b.origin_y_m);
  ASSERT_EQ(a.positions_m.size(), b.positions_m.size());
  if (!a.positions_m.empty()) {  // memcmp of an empty vector's data() (null) is undefined (UBSan)
    EXPECT_EQ(std::memcmp(a.positions_m.data(), b.positions_m.data(), a.positions_m.size() * sizeof(float)), 0);
  }
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.triangle_material, b.triangle_material);
  EXPECT_EQ(a.triangle_object, b.triangle_object);
  ASSERT_EQ(a.materials.size(), b.materials.size());
  for (std::size_t m = 0; m < a.materials.size(); ++m) {
    EXPECT_EQ(a.materials[m].name, b.materials[m].name);
    EXPECT_EQ(a.materials[m].thickness_m, b.materials[m].thickness_m);
  }
  EXPECT_EQ(a.object_names, b.object_names);
}

// Opens an existing file read-write with the raw HDF5 API, for tests that damage files on purpose.
struct RawFile {
  explicit RawFile(const std::string& file) : id(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {}
  ~RawFile() { H5Fclose(id); }
  hid_t id;
};

void expect_read_error(const std::string& file, const std::string& part) {
  try {
    read_scene_file(file);
    ADD_FAILURE() << "no InputError for " << part;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST_F(SceneH5Test, RoundTripIsExact) {
  const SceneMesh mesh = sample_mesh();
  write_scene_file(path("city.tscene"), mesh, sample_stats());
  EXPECT_EQ(entries(), std::set<std::string>{"city.tscene"});
  const SceneFile file = read_scene_file(path("city.tscene"));
  expect_same_mesh(file.mesh, mesh);
  EXPECT_EQ(file.stats.buildings, 900u);
  EXPECT_EQ(file.stats.repaired, 3u);
  EXPECT_EQ(file.stats.skipped, 2u);
  EXPECT_EQ(file.stats.warnings, sample_stats().warnings);
  EXPECT_EQ(file.tarang_version, kVersion);
  EXPECT_TRUE(is_utc_timestamp(file.created_utc)) << file.created_utc;
}

TEST_F(SceneH5Test, EmptyMeshRoundTrips) {
  SceneMesh empty;
  write_scene_file(path("empty.tscene"), empty);
  const SceneFile file = read_scene_file(path("empty.tscene"));
  expect_same_mesh(file.mesh, empty);
  EXPECT_TRUE(file.stats.warnings.empty());
}

TEST_F(SceneH5Test, LayoutMatchesTheDocumentation) {
  write_scene_file(path("city.tscene"), sample_mesh(), sample_stats());
  h5::Handle file = h5::open_file_read(path("city.tscene"));
  const hid_t f = file.get();
  EXPECT_EQ(h5::read_string_attribute(f, "format"), "tarang-scene");
  EXPECT_EQ(h5::read_int_attribute(f, "format_version"), 1);
  EXPECT_NE(h5::read_string_attribute(f, "crs_wkt").find("UTM zone 43N"), std::string::npos);
  EXPECT_NEAR(h5::read_double_attribute(f, "origin_x_m"), 715980.29, 0.01);
  struct Expected {
    const char* name;
    hid_t type;
    std::vector<hsize_t> dims;
  };
  const Expected expected[] = {{"/positions_m", H5T_IEEE_F32LE, {7204, 3}},
                               {"/indices", H5T_STD_U32LE, {9002, 3}},
                               {"/triangle_material", H5T_STD_U16LE, {9002}},
                               {"/triangle_object", H5T_STD_U32LE, {9002}}};
  for (const Expected& e : expected) {
    h5::Handle dataset = h5::open_dataset(f, e.name);
    h5::Handle type = h5::dataset_type(dataset.get());
    EXPECT_GT(H5Tequal(type.get(), e.type), 0) << e.name;
    EXPECT_EQ(h5::dataset_dims(dataset.get()), e.dims) << e.name;
  }
  EXPECT_EQ(h5::compound_member_names(f, "/materials"), (std::vector<std::string>{"name", "thickness_m"}));
  EXPECT_EQ(h5::read_string_dataset(f, "/object_names").size(), 901u);
  h5::Handle stats = h5::open_group(f, "/stats");
  EXPECT_EQ(h5::read_int_attribute(stats.get(), "repaired"), 3);
}

TEST_F(SceneH5Test, WriteFailuresLeaveNothingBehind) {
  EXPECT_THROW(write_scene_file(path("missing/folder/x.tscene"), sample_mesh()), InputError);
  SceneMesh broken = sample_mesh();
  broken.triangle_object.back() = 5000;
  EXPECT_THROW(write_scene_file(path("broken.tscene"), broken), std::invalid_argument);
  EXPECT_TRUE(entries().empty());
}

TEST_F(SceneH5Test, ReaderRejectsFilesThatAreNotScenes) {
  expect_read_error(path("absent.tscene"), "file not found");
  std::ofstream(path("text.tscene")) << "not hdf5";
  expect_read_error(path("text.tscene"), "not an HDF5 file");
  {
    h5::Handle other = h5::create_file(path("other.h5"));
    h5::write_attribute(other.get(), "format", "tarang-results");
  }
  expect_read_error(path("other.h5"), "not a tarang scene file");
}

TEST_F(SceneH5Test, ReaderRejectsNewerVersionsAndMissingOrBadData) {
  const std::string newer = path("newer.tscene");
  write_scene_file(newer, sample_mesh());
  {
    RawFile raw(newer);
    h5::write_attribute(raw.id, "format_version", std::int64_t{2});
  }
  expect_read_error(newer, "unsupported format_version 2");

  const std::string missing = path("missing.tscene");
  write_scene_file(missing, sample_mesh());
  {
    RawFile raw(missing);
    ASSERT_GE(H5Ldelete(raw.id, "/triangle_object", H5P_DEFAULT), 0);
  }
  expect_read_error(missing, "missing dataset /triangle_object");

  const std::string out_of_range = path("range.tscene");
  write_scene_file(out_of_range, sample_mesh());
  {
    RawFile raw(out_of_range);
    hid_t dataset = H5Dopen2(raw.id, "/indices", H5P_DEFAULT);
    std::vector<std::uint32_t> indices(9002 * 3, 0);
    indices[3 * 17 + 2] = 7204;  // one past the last vertex
    ASSERT_GE(H5Dwrite(dataset, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, indices.data()), 0);
    H5Dclose(dataset);
  }
  expect_read_error(out_of_range, "triangle 17 uses vertex 7204");

  const std::string bad_object = path("object.tscene");
  write_scene_file(bad_object, sample_mesh());
  {
    RawFile raw(bad_object);
    hid_t dataset = H5Dopen2(raw.id, "/triangle_object", H5P_DEFAULT);
    std::vector<std::uint32_t> objects(9002, 901);
    ASSERT_GE(H5Dwrite(dataset, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, objects.data()), 0);
    H5Dclose(dataset);
  }
  expect_read_error(bad_object, "uses object 901");
}

}  // namespace
}  // namespace tarang
