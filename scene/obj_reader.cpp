// Wavefront OBJ reader: vertices, polygon faces (fanned into triangles), usemtl materials and o objects.
#include <charconv>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "scene/mesh_readers.h"

namespace tarang {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits off the next whitespace-separated word of `rest`.
std::string_view next_word(std::string_view& rest) {
  std::size_t start = 0;
  while (start < rest.size() && is_space(rest[start])) ++start;
  std::size_t end = start;
  while (end < rest.size() && !is_space(rest[end])) ++end;
  const std::string_view word = rest.substr(start, end - start);
  rest.remove_prefix(end);
  return word;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Index of `name` in `names`, appended when new.
std::uint32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, std::uint32_t>& ids,
                     std::string_view name) {
  const auto [it, inserted] = ids.try_emplace(std::string(name), static_cast<std::uint32_t>(names.size()));
  if (inserted) names.emplace_back(name);
  return it->second;
}

}  // namespace

RawMesh read_obj_file(const std::string& path) {
  const std::string data = read_whole_file(path);
  RawMesh mesh;
  std::unordered_map<std::string, std::uint32_t> material_ids, object_ids;
  std::uint32_t material = intern(mesh.material_names, material_ids, "");
  std::uint32_t object = intern(mesh.object_names, object_ids, "");
  std::vector<std::uint32_t> corners;

  std::size_t pos = 0;
  for (int line_number = 1; pos < data.size(); ++line_number) {
    std::size_t newline = data.find('\n', pos);
    if (newline == std::string::npos) newline = data.size();
    std::string_view rest(data.data() + pos, newline - pos);
    pos = newline + 1;
    auto fail = [&](const std::string& message) { throw InputError(path, line_number, "", message); };
    const std::string_view keyword = next_word(rest);

    if (keyword == "v") {
      for (int axis = 0; axis < 3; ++axis) {
        const std::string_view word = next_word(rest);
        float value = 0;
        const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
        if (word.empty() || ec != std::errc() || end != word.data() + word.size()) {
          fail("vertex needs three numbers, got \"" + std::string(word) + "\"");
        }
        mesh.positions_m.push_back(value);
      }
    } else if (keyword == "f") {
      const std::int64_t vertex_count = static_cast<std::int64_t>(mesh.positions_m.size() / 3);
      corners.clear();
      for (std::string_view word = next_word(rest); !word.empty(); word = next_word(rest)) {
        const std::string_view index_text = word.substr(0, word.find('/'));
        std::int64_t index = 0;
        const auto [end, ec] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
        if (index_text.empty() || ec != std::errc() || end != index_text.data() + index_text.size()) {
          fail("face corner \"" + std::string(word) + "\" is not a vertex index");
        }
        const std::int64_t zero_based = index > 0 ? index - 1 : vertex_count + index;  // negative = from the end
        if (index == 0 || zero_based < 0 || zero_based >= vertex_count) {
          fail("face vertex index " + std::to_string(index) + " out of range (" + std::to_string(vertex_count) +
               " vertices so far)");
        }
        corners.push_back(static_cast<std::uint32_t>(zero_based));
      }
      if (corners.size() < 3) {
        ++mesh.skipped_faces;
        continue;
      }
      for (std::size_t k = 2; k < corners.size(); ++k) {
        mesh.indices.insert(mesh.indices.end(), {corners[0], corners[k - 1], corners[k]});
        mesh.triangle_material.push_back(material);
        mesh.triangle_object.push_back(object);
      }
    } else if (keyword == "usemtl") {
      material = intern(mesh.material_names, material_ids, trimmed(rest));
    } else if (keyword == "o") {
      object = intern(mesh.object_names, object_ids, trimmed(rest));
    }
  }
  return mesh;
}

}  // namespace tarang
