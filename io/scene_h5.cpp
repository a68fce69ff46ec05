// Scene file HDF5 reader/writer (format "tarang-scene", format_version 1); all HDF5 calls via h5_checked.
//
// Layout (a contract other tools read):
//   /                   attrs format="tarang-scene", format_version=1 (int64), tarang_version, created_utc, crs_wkt
//                       (strings: variable-length UTF-8 scalars; crs_wkt "" = unreferenced), origin_x_m, origin_y_m
//                       (float64: CRS coordinate of local (0, 0))
//   /positions_m        float32[n_vertices][3]: local x east, y north, z up, metres
//   /indices            uint32[n_triangles][3]: vertex ids, counter-clockwise seen from outside
//   /triangle_material  uint16[n_triangles]: row of /materials
//   /triangle_object    uint32[n_triangles]: row of /object_names
//   /materials          compound[n_materials]: name (fixed-length UTF-8), thickness_m (float64)
//   /object_names       fixed-length UTF-8 string[n_objects]
//   /stats              group, attrs buildings, repaired, skipped (int64); /stats/warnings fixed-length string[n]
// Big arrays are chunked (65,536 rows) with byte shuffle + deflate level 1 (lossless).
#include "io/scene_h5.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "core/error.h"
#include "core/version.h"
#include "io/h5_checked.h"
#include "io/h5_file_io.h"
#include "scene/mesh_checks.h"

namespace tarang {
namespace {

constexpr const char* kFormat = "tarang-scene";
constexpr std::int64_t kFormatVersion = 1;
constexpr hsize_t kChunkRows = 65536;

const char* const kStatsNames[] = {"buildings", "repaired", "skipped"};

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string out = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + "]";
}

h5::DatasetOptions array_options(std::size_t columns) {
  h5::DatasetOptions options;
  options.chunk = columns == 1 ? std::vector<hsize_t>{kChunkRows} : std::vector<hsize_t>{kChunkRows, columns};
  options.shuffle = true;
  options.deflate_level = 1;
  return options;
}

// Writes the whole file at `file_path`; every handle is closed (and the file flushed) before it returns.
void write_file(const std::string& file_path, const SceneMesh& mesh, const SceneBuildStats& stats) {
  h5::Handle file = h5::create_file(file_path);
  const hid_t f = file.get();
  h5::write_attribute(f, "format", kFormat);
  h5::write_attribute(f, "format_version", kFormatVersion);
  h5::write_attribute(f, "tarang_version", kVersion);
  h5::write_attribute(f, "created_utc", utc_now());
  h5::write_attribute(f, "crs_wkt", mesh.crs_wkt);
  h5::write_attribute(f, "origin_x_m", mesh.origin_x_m);
  h5::write_attribute(f, "origin_y_m", mesh.origin_y_m);

  const hsize_t vertex_dims[2] = {mesh.vertex_count(), 3};
  const hsize_t triangle_dims[2] = {mesh.triangle_count(), 3};
  const hsize_t per_triangle[1] = {mesh.triangle_count()};
  h5::write_attribute(h5::write_dataset(f, "positions_m", vertex_dims, mesh.positions_m.data(), array_options(3)).get(),
                      "units", "m");
  h5::write_dataset(f, "indices", triangle_dims, mesh.indices.data(), array_options(3));
  h5::write_dataset(f, "triangle_material", per_triangle, mesh.triangle_material.data(), array_options(1));
  h5::write_dataset(f, "triangle_object", per_triangle, mesh.triangle_object.data(), array_options(1));

  h5::Table materials;
  materials.string_names = {"name"};
  materials.double_names = {"thickness_m"};
  materials.string_columns.resize(1);
  materials.double_columns.resize(1);
  for (const SceneMaterial& m : mesh.materials) {
    materials.string_columns[0].push_back(m.name);
    materials.double_columns[0].push_back(m.thickness_m);
  }
  h5::write_table(f, "materials", materials);
  h5::write_string_dataset(f, "object_names", mesh.object_names, array_options(1));

  h5::Handle group = h5::create_group(f, "stats");
  const std::size_t counts[] = {stats.buildings, stats.repaired, stats.skipped};
  for (std::size_t i = 0; i < 3; ++i)
    h5::write_attribute(group.get(), kStatsNames[i], static_cast<std::int64_t>(counts[i]));
  h5::write_string_dataset(group.get(), "warnings", stats.warnings);
  group.close("close /stats");
  file.close("close (flush) " + file_path);
}

// ---- Reading -----------------------------------------------------------------------------------------------------

// Reads one file; turns structural problems into InputError(path, ...) naming the object.
class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& message) const { throw InputError(path_, message); }

  void require_dataset(hid_t file, const std::string& name) const {
    if (!h5::object_exists(file, name)) fail("missing dataset " + name);
  }

  void require_attribute(hid_t loc, const std::string& where, const std::string& name) const {
    if (!h5::attribute_exists(loc, name)) fail("missing attribute " + name + " on " + where);
  }

  std::string string_attr(hid_t loc, const std::string& where, const std::string& name) const {
    require_attribute(loc, where, name);
    try {
      return h5::read_string_attribute(loc, name);
    } catch (const RuntimeFailure&) {
      fail("attribute " + name + " on " + where + " is not a string");
    }
  }

  double double_attr(hid_t loc, const std::string& where, const std::string& name) const {
    require_attribute(loc, where, name);
    return h5::read_double_attribute(loc, name);
  }

  std::int64_t int_attr(hid_t loc, const std::string& where, const std::string& name) const {
    require_attribute(loc, where, name);
    return h5::read_int_attribute(loc, name);
  }

  void check_shape(const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<hsize_t>& expected) const {
    if (dims != expected) {
      fail("dataset " + name + " has shape " + shape_text(dims) + ", expected " + shape_text(expected));
    }
  }

  // The number of rows of an [n][3] dataset.
  hsize_t rows_of_three(const std::string& name, const std::vector<hsize_t>& dims) const {
    if (dims.size() != 2 || dims[1] != 3)
      fail("dataset " + name + " has shape " + shape_text(dims) + ", expected [n, 3]");
    return dims[0];
  }

 private:
  std::string path_;
};

void check_header(const Reader& in, hid_t file) {
  if (!h5::attribute_exists(file, "format")) in.fail("not a tarang scene file (format attribute missing)");
  const std::string format = in.string_attr(file, "/", "format");
  if (format != kFormat) in.fail("not a tarang scene file (format attribute is \"" + format + "\")");
  const std::int64_t version = in.int_attr(file, "/", "format_version");
  if (version != kFormatVersion) {
    in.fail("unsupported format_version " + std::to_string(version) + " (this tarang reads format_version " +
            std::to_string(kFormatVersion) + (version > kFormatVersion ? "; a newer tarang wrote it)" : ")"));
  }
}

void read_geometry(const Reader& in, hid_t f, SceneMesh& mesh) {
  std::vector<hsize_t> dims;
  in.require_dataset(f, "/positions_m");
  mesh.positions_m = h5::read_float_dataset(f, "/positions_m", dims);
  const hsize_t vertices = in.rows_of_three("/positions_m", dims);
  in.require_dataset(f, "/indices");
  mesh.indices = h5::read_uint32_dataset(f, "/indices", dims);
  const hsize_t triangles = in.rows_of_three("/indices", dims);
  in.require_dataset(f, "/triangle_material");
  mesh.triangle_material = h5::read_uint16_dataset(f, "/triangle_material", dims);
  in.check_shape("/triangle_material", dims, {triangles});
  in.require_dataset(f, "/triangle_object");
  mesh.triangle_object = h5::read_uint32_dataset(f, "/triangle_object", dims);
  in.check_shape("/triangle_object", dims, {triangles});
  for (std::size_t i = 0; i < mesh.indices.size(); ++i) {
    if (mesh.indices[i] >= vertices) {
      in.fail("/indices: triangle " + std::to_string(i / 3) + " uses vertex " + std::to_string(mesh.indices[i]) +
              ", but there are " + std::to_string(vertices) + " vertices");
    }
  }
}

void read_names(const Reader& in, hid_t f, SceneMesh& mesh) {
  in.require_dataset(f, "/materials");
  const std::vector<std::string> members = h5::compound_member_names(f, "/materials");
  for (const char* member : {"name", "thickness_m"}) {
    if (std::find(members.begin(), members.end(), member) == members.end()) {
      in.fail(std::string("dataset /materials has no field ") + member);
    }
  }
  const h5::Table table = h5::read_table(f, "/materials", {"name"}, {"thickness_m"});
  for (std::size_t i = 0; i < table.rows(); ++i) {
    mesh.materials.push_back(SceneMaterial{table.string_columns[0][i], table.double_columns[0][i]});
  }
  in.require_dataset(f, "/object_names");
  mesh.object_names = h5::read_string_dataset(f, "/object_names");
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (mesh.triangle_material[t] >= mesh.materials.size()) {
      in.fail("/triangle_material: triangle " + std::to_string(t) + " uses material " +
              std::to_string(mesh.triangle_material[t]) + ", but there are " + std::to_string(mesh.materials.size()));
    }
    if (mesh.triangle_object[t] >= mesh.object_names.size()) {
      in.fail("/triangle_object: triangle " + std::to_string(t) + " uses object " +
              std::to_string(mesh.triangle_object[t]) + ", but there are " + std::to_string(mesh.object_names.size()));
    }
  }
}

SceneBuildStats read_stats(const Reader& in, hid_t f) {
  if (!h5::object_exists(f, "/stats")) in.fail("missing group /stats");
  h5::Handle group = h5::open_group(f, "/stats");
  SceneBuildStats stats;
  std::size_t* counts[] = {&stats.buildings, &stats.repaired, &stats.skipped};
  for (std::size_t i = 0; i < 3; ++i) {
    const std::int64_t value = in.int_attr(group.get(), "/stats", kStatsNames[i]);
    if (value < 0) in.fail(std::string("attribute ") + kStatsNames[i] + " on /stats is negative");
    *counts[i] = static_cast<std::size_t>(value);
  }
  in.require_dataset(f, "/stats/warnings");
  stats.warnings = h5::read_string_dataset(f, "/stats/warnings");
  return stats;
}

}  // namespace

void write_scene_file(const std::string& path, const SceneMesh& mesh, const SceneBuildStats& stats) {
  require_consistent(mesh, "write_scene_file");
  write_atomically(path, [&](const std::string& temp) { write_file(temp, mesh, stats); });
}

SceneFile read_scene_file(const std::string& path) {
  check_readable_hdf5(path, "not an HDF5 file (a tarang scene file is HDF5)");

  const Reader in(path);
  try {
    h5::Handle file = h5::open_file_read(path);
    const hid_t f = file.get();
    check_header(in, f);
    SceneFile scene;
    scene.tarang_version = in.string_attr(f, "/", "tarang_version");
    scene.created_utc = in.string_attr(f, "/", "created_utc");
    scene.mesh.crs_wkt = in.string_attr(f, "/", "crs_wkt");
    scene.mesh.origin_x_m = in.double_attr(f, "/", "origin_x_m");
    scene.mesh.origin_y_m = in.double_attr(f, "/", "origin_y_m");
    read_geometry(in, f, scene.mesh);
    read_names(in, f, scene.mesh);
    scene.stats = read_stats(in, f);
    file.close("close " + path);
    return scene;
  } catch (const RuntimeFailure& e) {
    // The file passed the HDF5 signature check, so a library failure here means a damaged or truncated file.
    throw InputError(path, std::string("damaged or truncated scene file (") + e.what() + ")");
  }
}

}  // namespace tarang
