// Mesh import: PLY/OBJ files and Sionna RT Mitsuba XML scenes into one SceneMesh (the only pugixml user).
#include "scene/mesh_import.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "scene/mesh_readers.h"

namespace tarang {
namespace {

namespace fs = std::filesystem;

std::string lower_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

// Appends file meshes to one SceneMesh, sharing materials that have the same canonical name and thickness.
class SceneAssembler {
 public:
  explicit SceneAssembler(const MeshImportOptions& options) : options_(options) {
    mesh_.crs_wkt = options.crs_wkt;
    mesh_.origin_x_m = options.origin_x_m;
    mesh_.origin_y_m = options.origin_y_m;
  }

  // The scene index of a material; `path` names the file for the error when there are too many.
  std::uint16_t material(const std::string& name, double thickness_m, const std::string& path) {
    SceneMaterial material{canonical_material_name(name.empty() ? options_.material : name), thickness_m};
    const auto key = std::make_pair(material.name, material.thickness_m);
    const auto found = material_ids_.find(key);
    if (found != material_ids_.end()) return found->second;
    if (mesh_.materials.size() > UINT16_MAX) throw InputError(path, "more than 65536 distinct materials");
    const auto id = static_cast<std::uint16_t>(mesh_.materials.size());
    mesh_.materials.push_back(std::move(material));
    material_ids_.emplace(key, id);
    return id;
  }

  // Appends `raw`. With `forced_material`, every face gets it; with `single_object`, the whole file is one object
  // named `stem`; otherwise the file's own materials/objects are used ("" names mean the defaults).
  void append(const RawMesh& raw, const std::string& path, const std::string& stem,
              std::optional<std::uint16_t> forced_material, bool single_object, bool flip_winding) {
    const std::size_t base = mesh_.vertex_count();
    if (base + raw.positions_m.size() / 3 > UINT32_MAX) throw InputError(path, "the scene exceeds 2^32-1 vertices");
    mesh_.positions_m.insert(mesh_.positions_m.end(), raw.positions_m.begin(), raw.positions_m.end());

    // File ids -> scene ids, created on first use so unused names add nothing, except for a declared table, which
    // keeps its order (a file written by export_mesh reads back to the same ids).
    std::vector<std::optional<std::uint16_t>> materials(std::max<std::size_t>(raw.material_names.size(), 1));
    std::vector<std::optional<std::uint32_t>> objects(std::max<std::size_t>(raw.object_names.size(), 1));
    if (raw.declared_tables && !forced_material) {
      for (std::size_t m = 0; m < raw.material_names.size(); ++m) {
        materials[m] = material(raw.material_names[m], raw.material_thickness_m[m], path);
      }
    }
    if (raw.declared_tables && !single_object) {
      for (std::size_t o = 0; o < raw.object_names.size(); ++o) {
        objects[o] = static_cast<std::uint32_t>(mesh_.object_names.size());
        mesh_.object_names.push_back(raw.object_names[o]);
      }
    }
    const std::size_t triangles = raw.indices.size() / 3;
    for (std::size_t t = 0; t < triangles; ++t) {
      const std::uint32_t* corner = &raw.indices[3 * t];
      const auto b = static_cast<std::uint32_t>(base);
      mesh_.indices.insert(mesh_.indices.end(),
                           {corner[0] + b, corner[flip_winding ? 2 : 1] + b, corner[flip_winding ? 1 : 2] + b});
      const std::uint32_t m = raw.triangle_material.empty() ? 0 : raw.triangle_material[t];
      if (!materials[m]) {
        materials[m] =
            forced_material
                ? *forced_material
                : material(raw.material_names.empty() ? "" : raw.material_names[m],
                           raw.material_thickness_m.empty() ? options_.thickness_m : raw.material_thickness_m[m], path);
      }
      mesh_.triangle_material.push_back(*materials[m]);
      const std::uint32_t o = single_object || raw.triangle_object.empty() ? 0 : raw.triangle_object[t];
      if (!objects[o]) {
        const bool named = !single_object && !raw.object_names.empty() && !raw.object_names[o].empty();
        objects[o] = static_cast<std::uint32_t>(mesh_.object_names.size());
        mesh_.object_names.push_back(named ? raw.object_names[o] : stem);
      }
      mesh_.triangle_object.push_back(*objects[o]);
    }
  }

  SceneMesh take() { return std::move(mesh_); }

 private:
  const MeshImportOptions& options_;
  SceneMesh mesh_;
  std::map<std::pair<std::string, double>, std::uint16_t> material_ids_;
};

RawMesh read_mesh(const std::string& path, const std::string& ext) {
  return ext == ".obj" ? read_obj_file(path) : read_ply_file(path);
}

void count(SceneBuildStats* stats, const RawMesh& raw, const std::string& path, std::size_t objects) {
  if (stats == nullptr) return;
  stats->buildings += objects;
  stats->skipped += raw.skipped_faces;
  if (raw.skipped_faces > 0) {
    stats->warnings.push_back(path + ": " + std::to_string(raw.skipped_faces) +
                              " faces with fewer than 3 vertices skipped");
  }
}

// ---- Mitsuba XML ---------------------------------------------------------------------------------------------------

// Reads one Mitsuba scene; every error names the XML file, the element's line and the shape id.
class MitsubaReader {
 public:
  MitsubaReader(const std::string& xml_path, const MeshImportOptions& options, SceneBuildStats* stats)
      : xml_path_(xml_path), options_(options), stats_(stats), assembler_(options) {}

  SceneMesh read() {
    text_ = read_whole_file(xml_path_);
    const pugi::xml_parse_result parsed = document_.load_buffer(text_.data(), text_.size());
    if (!parsed) {
      throw InputError(xml_path_, line_at(parsed.offset), "", std::string("invalid XML: ") + parsed.description());
    }
    const pugi::xml_node scene = document_.child("scene");
    if (!scene) throw InputError(xml_path_, "not a Mitsuba scene (no <scene> root element)");
    for (const pugi::xml_node bsdf : scene.children("bsdf")) {
      const std::string id = bsdf.attribute("id").value();
      if (!id.empty()) bsdfs_.emplace(id, bsdf);
    }
    for (const pugi::xml_node node : scene.children()) {
      if (std::string(node.name()) == "include") fail(node, "", "<include> is not supported; inline the file");
      if (std::string(node.name()) == "shape") read_shape(node);
    }
    return assembler_.take();
  }

 private:
  [[noreturn]] void fail(pugi::xml_node node, const std::string& key, const std::string& message) const {
    throw InputError(xml_path_, line_at(node.offset_debug()), key, message);
  }

  // 1-based line of a byte offset in the XML text (0 when unknown); only called for errors.
  int line_at(std::ptrdiff_t offset) const {
    if (offset < 0 || static_cast<std::size_t>(offset) > text_.size()) return 0;
    return 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + offset, '\n'));
  }

  // The child <TAG name="NAME" value=...> of node, or an empty node.
  static pugi::xml_node named_child(pugi::xml_node node, const char* tag, const char* name) {
    return node.find_child_by_attribute(tag, "name", name);
  }

  void read_shape(pugi::xml_node shape) {
    const std::string id = shape.attribute("id").value();
    const std::string key = "shape '" + id + "'";
    const std::string type = shape.attribute("type").value();
    if (type != "ply" && type != "obj") {
      fail(shape, key, "shape type '" + type + "' is not supported (tarang reads ply and obj shapes)");
    }
    if (shape.child("transform")) fail(shape, key, "to_world transforms are not supported; apply them before export");
    const std::string filename = named_child(shape, "string", "filename").attribute("value").value();
    if (filename.empty()) fail(shape, key, "no <string name=\"filename\"> mesh file");

    const std::optional<std::uint16_t> material = shape_material(shape, key);
    fs::path mesh_path(filename);
    if (mesh_path.is_relative()) mesh_path = fs::path(xml_path_).parent_path() / mesh_path;
    std::error_code ec;
    if (!fs::is_regular_file(mesh_path, ec)) {
      fail(shape, key,
           "mesh file '" + filename + "' not found (looked for " + fs::absolute(mesh_path, ec).string() + ")");
    }
    const bool flip = named_child(shape, "boolean", "flip_normals").attribute("value").as_bool(false);
    const std::string path = mesh_path.string();
    try {
      const RawMesh raw = read_mesh(path, "." + type);
      assembler_.append(raw, path, mesh_path.stem().string(), material, true, flip);
      count(stats_, raw, path, raw.indices.empty() ? 0 : 1);
    } catch (const InputError& e) {
      fail(shape, key, e.what());
    }
  }

  // The material of a shape: its <ref> (any name; Mitsuba uses "bsdf") or nested <bsdf>; the default when neither.
  std::optional<std::uint16_t> shape_material(pugi::xml_node shape, const std::string& key) {
    pugi::xml_node bsdf = shape.child("bsdf");
    if (const pugi::xml_node ref = shape.child("ref")) {
      const std::string ref_id = ref.attribute("id").value();
      const auto found = bsdfs_.find(ref_id);
      if (found == bsdfs_.end()) fail(ref, key, "references bsdf '" + ref_id + "', which the scene does not define");
      bsdf = found->second;
    }
    if (!bsdf) return assembler_.material("", options_.thickness_m, xml_path_);

    // Sionna's radio material may be wrapped (e.g. in a "twosided" bsdf); use the innermost one that says its type.
    pugi::xml_node radio = bsdf;
    if (std::string(bsdf.attribute("type").value()) != "itu-radio-material") {
      radio = bsdf.find_node([](pugi::xml_node n) {
        return std::string(n.name()) == "bsdf" && std::string(n.attribute("type").value()) == "itu-radio-material";
      });
    }
    std::string name = radio ? named_child(radio, "string", "type").attribute("value").value() : "";
    if (name.empty()) name = bsdf.attribute("id").value();
    if (name.empty()) fail(bsdf, key, "bsdf has neither an id nor a <string name=\"type\"> material name");
    double thickness_m = options_.thickness_m;
    if (const pugi::xml_node thickness = radio ? named_child(radio, "float", "thickness") : pugi::xml_node()) {
      thickness_m = thickness.attribute("value").as_double(-1);
      if (!std::isfinite(thickness_m) || thickness_m <= 0) {
        fail(thickness, key,
             std::string("material thickness '") + thickness.attribute("value").value() +
                 "' is not a positive number of metres");
      }
    }
    return assembler_.material(name, thickness_m, xml_path_);
  }

  const std::string& xml_path_;
  const MeshImportOptions& options_;
  SceneBuildStats* stats_;
  SceneAssembler assembler_;
  std::string text_;
  pugi::xml_document document_;
  std::unordered_map<std::string, pugi::xml_node> bsdfs_;
};

}  // namespace

SceneMesh load_mesh_file(const std::string& path, const MeshImportOptions& options, SceneBuildStats* stats) {
  const std::string ext = lower_extension(path);
  if (ext == ".xml") return load_mitsuba_scene(path, options, stats);
  if (ext != ".ply" && ext != ".obj") {
    throw InputError(path, "unknown mesh format '" + ext + "' (tarang reads .ply, .obj and Sionna/Mitsuba .xml)");
  }
  const RawMesh raw = read_mesh(path, ext);
  SceneAssembler assembler(options);
  assembler.append(raw, path, fs::path(path).stem().string(), std::nullopt, false, false);
  SceneMesh mesh = assembler.take();
  count(stats, raw, path, mesh.object_names.size());
  return mesh;
}

SceneMesh load_mitsuba_scene(const std::string& xml_path, const MeshImportOptions& options, SceneBuildStats* stats) {
  // Stats are only touched through a copy so that a failed load leaves the caller's untouched.
  SceneBuildStats local;
  if (stats != nullptr) local = *stats;
  SceneMesh mesh = MitsubaReader(xml_path, options, stats != nullptr ? &local : nullptr).read();
  if (stats != nullptr) *stats = std::move(local);
  return mesh;
}

}  // namespace tarang
