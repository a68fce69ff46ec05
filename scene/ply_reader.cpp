// Strict PLY reader: every count, index and byte is checked, so a damaged file is an error, never a wrong scene.
//
// Written here rather than taken from assimp 5.2: assimp accepts a truncated binary PLY (returning garbage
// indices), crashes on one truncated further, and accepts vertex indices past the vertex count.
#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

#include "core/error.h"
#include "scene/mesh_readers.h"

namespace tarang {
namespace {

enum class Encoding { ascii, binary_little_endian, binary_big_endian };
enum class ScalarType { int8, uint8, int16, uint16, int32, uint32, float32, float64 };

struct Property {
  std::string name;
  ScalarType type = ScalarType::float32;  // item type for lists
  bool is_list = false;
  ScalarType count_type = ScalarType::uint8;
};

struct Element {
  std::string name;
  std::uint64_t count = 0;
  std::vector<Property> properties;
};

struct Header {
  Encoding encoding = Encoding::ascii;
  std::vector<Element> elements;
  std::vector<std::string> comments;  // text after "comment "
  std::size_t body_offset = 0;        // first byte after "end_header\n"
  int body_line = 0;                  // 1-based line number of the first body line
};

std::optional<ScalarType> parse_type(std::string_view word) {
  static constexpr std::pair<std::string_view, ScalarType> kNames[] = {
      {"char", ScalarType::int8},      {"int8", ScalarType::int8},       {"uchar", ScalarType::uint8},
      {"uint8", ScalarType::uint8},    {"short", ScalarType::int16},     {"int16", ScalarType::int16},
      {"ushort", ScalarType::uint16},  {"uint16", ScalarType::uint16},   {"int", ScalarType::int32},
      {"int32", ScalarType::int32},    {"uint", ScalarType::uint32},     {"uint32", ScalarType::uint32},
      {"float", ScalarType::float32},  {"float32", ScalarType::float32}, {"double", ScalarType::float64},
      {"float64", ScalarType::float64}};
  for (const auto& [name, type] : kNames) {
    if (name == word) return type;
  }
  return std::nullopt;
}

std::size_t type_size(ScalarType type) {
  switch (type) {
    case ScalarType::int8:
    case ScalarType::uint8:
      return 1;
    case ScalarType::int16:
    case ScalarType::uint16:
      return 2;
    case ScalarType::int32:
    case ScalarType::uint32:
    case ScalarType::float32:
      return 4;
    case ScalarType::float64:
      return 8;
  }
  return 0;
}

bool is_integer(ScalarType type) { return type != ScalarType::float32 && type != ScalarType::float64; }

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

Header parse_header(const std::string& path, const std::string& data) {
  if (data.rfind("ply\n", 0) != 0 && data.rfind("ply\r\n", 0) != 0) {
    throw InputError(path, "not a PLY file (it does not start with the line \"ply\")");
  }
  Header header;
  bool have_format = false;
  std::size_t pos = 0;
  for (int line_number = 1;; ++line_number) {
    const std::size_t newline = data.find('\n', pos);
    if (newline == std::string::npos) throw InputError(path, "PLY header has no end_header line");
    std::string_view line(data.data() + pos, newline - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = newline + 1;
    auto fail = [&](const std::string& message) { throw InputError(path, line_number, "", message); };
    const std::vector<std::string_view> words = split_words(line);
    if (words.empty() || line_number == 1) continue;
    if (words[0] == "end_header") {
      header.body_offset = pos;
      header.body_line = line_number + 1;
      break;
    }
    if (words[0] == "comment") {
      const std::size_t start = line.find("comment") + 7;
      header.comments.emplace_back(line.substr(std::min(line.size(), start + 1)));
    } else if (words[0] == "obj_info") {
      continue;
    } else if (words[0] == "format") {
      if (words.size() != 3 || words[2] != "1.0") fail("unsupported PLY format line \"" + std::string(line) + "\"");
      if (words[1] == "ascii")
        header.encoding = Encoding::ascii;
      else if (words[1] == "binary_little_endian")
        header.encoding = Encoding::binary_little_endian;
      else if (words[1] == "binary_big_endian")
        header.encoding = Encoding::binary_big_endian;
      else
        fail("unknown PLY format \"" + std::string(words[1]) + "\"");
      have_format = true;
    } else if (words[0] == "element") {
      Element element;
      if (words.size() != 3) fail("element line needs a name and a count");
      element.name = std::string(words[1]);
      const auto [end, ec] = std::from_chars(words[2].data(), words[2].data() + words[2].size(), element.count);
      if (ec != std::errc() || end != words[2].data() + words[2].size()) {
        fail("element " + element.name + " has an invalid count \"" + std::string(words[2]) + "\"");
      }
      header.elements.push_back(std::move(element));
    } else if (words[0] == "property") {
      if (header.elements.empty()) fail("property before any element");
      Property property;
      std::optional<ScalarType> type;
      if (words.size() == 5 && words[1] == "list") {
        const std::optional<ScalarType> count_type = parse_type(words[2]);
        type = parse_type(words[3]);
        if (!count_type || !is_integer(*count_type))
          fail("list count type \"" + std::string(words[2]) + "\" is not an integer type");
        property.is_list = true;
        property.count_type = *count_type;
        property.name = std::string(words[4]);
      } else if (words.size() == 3) {
        type = parse_type(words[1]);
        property.name = std::string(words[2]);
      } else {
        fail("malformed property line \"" + std::string(line) + "\"");
      }
      if (!type) fail("unknown property type in \"" + std::string(line) + "\"");
      property.type = *type;
      header.elements.back().properties.push_back(std::move(property));
    } else {
      fail("unknown PLY header keyword \"" + std::string(words[0]) + "\"");
    }
  }
  if (!have_format) throw InputError(path, "PLY header has no format line");
  return header;
}

// Names the value being read, for error messages only (built lazily: reading must not allocate per value).
struct Item {
  const std::string& element;
  std::uint64_t index;
  const std::string& property;
  bool list_count = false;
  std::string text() const {
    return element + " " + std::to_string(index) + " " + property + (list_count ? " count" : "");
  }
};

// Reads scalar values from the body, binary or ASCII, and says where it is for error messages.
class BodyReader {
 public:
  BodyReader(const std::string& path, const std::string& data, const Header& header)
      : path_(path), data_(data), pos_(header.body_offset), line_(header.body_line), encoding_(header.encoding) {}

  // The next value of `type` as a double (exact for every PLY type).
  double next(ScalarType type, const Item& what) {
    return encoding_ == Encoding::ascii ? next_ascii(type, what) : next_binary(type, what);
  }

  // Throws unless only whitespace is left.
  void expect_end() {
    const std::size_t rest = data_.find_first_not_of(" \t\r\n", pos_);
    if (rest == std::string::npos) return;
    const std::string count = std::to_string(data_.size() - pos_);
    if (encoding_ == Encoding::ascii) {
      throw InputError(path_, line_, "", "unexpected data after the last element (header counts too small?)");
    }
    throw InputError(path_, count + " unexpected bytes after the last element (header counts too small?)");
  }

  [[noreturn]] void fail(const std::string& message) const {
    if (encoding_ == Encoding::ascii) throw InputError(path_, line_, "", message);
    throw InputError(path_, message + " (at byte " + std::to_string(pos_) + ")");
  }

 private:
  double next_binary(ScalarType type, const Item& what) {
    const std::size_t size = type_size(type);
    if (data_.size() - pos_ < size) {
      throw InputError(path_, "truncated: the file ends inside " + what.text() + " (" + std::to_string(data_.size()) +
                                  " bytes; the header promises more)");
    }
    unsigned char bytes[8];
    std::memcpy(bytes, data_.data() + pos_, size);
    pos_ += size;
    const bool file_little = encoding_ == Encoding::binary_little_endian;
    if (file_little != (std::endian::native == std::endian::little)) std::reverse(bytes, bytes + size);
    switch (type) {
      case ScalarType::int8:
        return static_cast<double>(static_cast<std::int8_t>(bytes[0]));
      case ScalarType::uint8:
        return bytes[0];
      case ScalarType::int16:
        return as<std::int16_t>(bytes);
      case ScalarType::uint16:
        return as<std::uint16_t>(bytes);
      case ScalarType::int32:
        return as<std::int32_t>(bytes);
      case ScalarType::uint32:
        return as<std::uint32_t>(bytes);
      case ScalarType::float32:
        return as<float>(bytes);
      case ScalarType::float64:
        return as<double>(bytes);
    }
    return 0;
  }

  template <class T>
  static double as(const unsigned char* bytes) {
    T value;
    std::memcpy(&value, bytes, sizeof value);
    return static_cast<double>(value);
  }

  double next_ascii(ScalarType type, const Item& what) {
    while (pos_ < data_.size() && std::strchr(" \t\r\n", data_[pos_]) != nullptr) {
      if (data_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ >= data_.size()) throw InputError(path_, line_, "", "truncated: the file ends before " + what.text());
    const char* begin = data_.data() + pos_;
    std::size_t end = pos_;
    while (end < data_.size() && std::strchr(" \t\r\n", data_[end]) == nullptr) ++end;
    const char* last = data_.data() + end;
    double value = 0;
    std::from_chars_result result{};
    if (type == ScalarType::float32) {
      float f = 0;
      result = std::from_chars(begin, last, f);
      value = f;
    } else if (type == ScalarType::float64) {
      result = std::from_chars(begin, last, value);
    } else {
      std::int64_t i = 0;
      result = std::from_chars(begin, last, i);
      value = static_cast<double>(i);
    }
    if (result.ec != std::errc() || result.ptr != last) {
      throw InputError(path_, line_, "", "cannot read " + what.text() + " from \"" + std::string(begin, last) + "\"");
    }
    pos_ = end;
    return value;
  }

  const std::string& path_;
  const std::string& data_;
  std::size_t pos_;
  int line_;
  Encoding encoding_;
};

// Where the values we keep sit in each element.
struct Layout {
  const Element* vertex = nullptr;
  const Element* face = nullptr;
  int x = -1, y = -1, z = -1;                    // property indices in vertex
  int indices = -1, material = -1, object = -1;  // property indices in face
};

int property_index(const Element& element, std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < element.properties.size(); ++i) {
    for (const std::string_view name : names) {
      if (element.properties[i].name == name) return static_cast<int>(i);
    }
  }
  return -1;
}

Layout find_layout(const std::string& path, const Header& header) {
  Layout layout;
  for (const Element& element : header.elements) {
    if (element.name == "vertex") layout.vertex = &element;
    if (element.name == "face") layout.face = &element;
  }
  if (layout.vertex == nullptr) throw InputError(path, "PLY file has no vertex element");
  if (layout.face == nullptr) throw InputError(path, "PLY file has no face element (a point cloud is not a mesh)");
  layout.x = property_index(*layout.vertex, {"x"});
  layout.y = property_index(*layout.vertex, {"y"});
  layout.z = property_index(*layout.vertex, {"z"});
  if (layout.x < 0 || layout.y < 0 || layout.z < 0) throw InputError(path, "PLY vertex element lacks x, y or z");
  for (const int p : {layout.x, layout.y, layout.z}) {
    if (layout.vertex->properties[static_cast<std::size_t>(p)].is_list)
      throw InputError(path, "PLY vertex x, y or z is a list");
  }
  layout.indices = property_index(*layout.face, {"vertex_indices", "vertex_index"});
  if (layout.indices < 0) throw InputError(path, "PLY face element has no vertex_indices list");
  const Property& list = layout.face->properties[static_cast<std::size_t>(layout.indices)];
  if (!list.is_list || !is_integer(list.type)) throw InputError(path, "PLY vertex_indices must be a list of integers");
  if (layout.vertex->count > std::uint64_t{UINT32_MAX})
    throw InputError(path, "PLY file has more than 2^32-1 vertices");
  return layout;
}

// The tarang_material / tarang_object tables from the header comments; empty when absent.
void read_tables(const std::string& path, const Header& header, RawMesh& mesh) {
  for (const std::string& comment : header.comments) {
    const std::vector<std::string_view> words = split_words(comment);
    if (words.size() < 3 || (words[0] != "tarang_material" && words[0] != "tarang_object")) continue;
    std::size_t index = 0;
    const char* const word_end = words[1].data() + words[1].size();
    const auto [end, ec] = std::from_chars(words[1].data(), word_end, index);
    const bool is_material = words[0] == "tarang_material";
    std::vector<std::string>& names = is_material ? mesh.material_names : mesh.object_names;
    if (ec != std::errc() || end != word_end || index != names.size()) {
      throw InputError(path, "header comment \"" + comment + "\" is out of sequence (expected index " +
                                 std::to_string(names.size()) + ")");
    }
    if (is_material) {
      // NAME may contain spaces: it runs from the third word up to the last one, the thickness.
      double thickness_m = 0;
      const std::string_view last = words.back();
      const auto result = std::from_chars(last.data(), last.data() + last.size(), thickness_m);
      if (words.size() < 4 || result.ec != std::errc() || result.ptr != last.data() + last.size() ||
          !(thickness_m > 0)) {
        throw InputError(path, "header comment \"" + comment + "\" needs: tarang_material INDEX NAME THICKNESS_M");
      }
      std::string_view name(words[2].data(), static_cast<std::size_t>(last.data() - words[2].data()));
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
      names.emplace_back(name);
      mesh.material_thickness_m.push_back(thickness_m);
    } else {
      names.emplace_back(words[2].data(), comment.data() + comment.size() - words[2].data());
    }
  }
}

// Reads one face, fans it into triangles and records its material/object ids when the file has them.
void read_face(BodyReader& in, const Layout& layout, std::uint64_t face, RawMesh& mesh) {
  const std::uint64_t vertex_count = layout.vertex->count;
  std::int64_t material = -1, object = -1;
  const std::size_t first_index = mesh.indices.size();
  std::size_t corners = 0;
  for (std::size_t p = 0; p < layout.face->properties.size(); ++p) {
    const Property& property = layout.face->properties[p];
    const Item item{layout.face->name, face, property.name};
    if (!property.is_list) {
      const double value = in.next(property.type, item);
      if (static_cast<int>(p) == layout.material) material = static_cast<std::int64_t>(value);
      if (static_cast<int>(p) == layout.object) object = static_cast<std::int64_t>(value);
      continue;
    }
    const double count = in.next(property.count_type, Item{layout.face->name, face, property.name, true});
    if (count < 0) in.fail("face " + std::to_string(face) + ": negative list count");
    const bool keep = static_cast<int>(p) == layout.indices;
    for (std::size_t k = 0; k < static_cast<std::size_t>(count); ++k) {
      const double value = in.next(property.type, item);
      if (!keep) continue;
      if (value < 0 || value >= static_cast<double>(vertex_count)) {
        in.fail("face " + std::to_string(face) + ": vertex index " + std::to_string(static_cast<std::int64_t>(value)) +
                " out of range (the file has " + std::to_string(vertex_count) + " vertices)");
      }
      if (k >= 3) {  // fan: (first, previous, this)
        mesh.indices.push_back(mesh.indices[first_index]);
        mesh.indices.push_back(mesh.indices[mesh.indices.size() - 2]);
      }
      mesh.indices.push_back(static_cast<std::uint32_t>(value));
    }
    if (keep) corners = static_cast<std::size_t>(count);
  }
  if (corners < 3) {
    mesh.indices.resize(first_index);
    ++mesh.skipped_faces;
    return;
  }
  const std::size_t triangles = corners - 2;
  if (layout.material >= 0) {
    if (material < 0 || material >= static_cast<std::int64_t>(mesh.material_names.size())) {
      in.fail("face " + std::to_string(face) + ": material_index " + std::to_string(material) +
              " has no tarang_material header comment");
    }
    mesh.triangle_material.insert(mesh.triangle_material.end(), triangles, static_cast<std::uint32_t>(material));
  }
  if (layout.object >= 0) {
    if (object < 0 || object >= static_cast<std::int64_t>(mesh.object_names.size())) {
      in.fail("face " + std::to_string(face) + ": object_index " + std::to_string(object) +
              " has no tarang_object header comment");
    }
    mesh.triangle_object.insert(mesh.triangle_object.end(), triangles, static_cast<std::uint32_t>(object));
  }
}

// Reads one item of any element other than face, keeping x, y, z of vertices.
void read_other(BodyReader& in, const Layout& layout, const Element& element, std::uint64_t index, RawMesh& mesh) {
  const bool is_vertex = &element == layout.vertex;
  float xyz[3] = {0, 0, 0};
  for (std::size_t p = 0; p < element.properties.size(); ++p) {
    const Property& property = element.properties[p];
    std::size_t items = 1;
    if (property.is_list) {
      const double count = in.next(property.count_type, Item{element.name, index, property.name, true});
      if (count < 0) in.fail(element.name + " " + std::to_string(index) + ": negative list count");
      items = static_cast<std::size_t>(count);
    }
    for (std::size_t k = 0; k < items; ++k) {
      const double value = in.next(property.type, Item{element.name, index, property.name});
      const int pi = static_cast<int>(p);
      if (!is_vertex) continue;
      if (pi == layout.x) xyz[0] = static_cast<float>(value);
      if (pi == layout.y) xyz[1] = static_cast<float>(value);
      if (pi == layout.z) xyz[2] = static_cast<float>(value);
    }
  }
  if (is_vertex) mesh.positions_m.insert(mesh.positions_m.end(), xyz, xyz + 3);
}

}  // namespace

std::string read_whole_file(const std::string& path) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw InputError(path, "file not found");
  if (std::filesystem::is_directory(status)) throw InputError(path, "is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, std::string("cannot read file (") + std::strerror(errno) + ")");
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(path, "cannot read file (" + ec.message() + ")");
  std::string data(static_cast<std::size_t>(size), '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  if (static_cast<std::size_t>(in.gcount()) != data.size())
    throw InputError(path, std::string("cannot read file (") + std::strerror(errno) + ")");
  return data;
}

RawMesh read_ply_file(const std::string& path) {
  const std::string data = read_whole_file(path);
  const Header header = parse_header(path, data);
  Layout layout = find_layout(path, header);
  RawMesh mesh;
  read_tables(path, header, mesh);
  // Material/object ids are used only together with their header tables.
  if (!mesh.material_names.empty()) layout.material = property_index(*layout.face, {"material_index"});
  if (!mesh.object_names.empty()) layout.object = property_index(*layout.face, {"object_index"});
  if (layout.material < 0) mesh.material_names.clear(), mesh.material_thickness_m.clear();
  if (layout.object < 0) mesh.object_names.clear();
  mesh.declared_tables = layout.material >= 0 || layout.object >= 0;

  BodyReader in(path, data, header);
  const std::size_t reserve_limit = data.size();  // a lying header must not make us allocate terabytes
  mesh.positions_m.reserve(std::min<std::size_t>(layout.vertex->count * 3, reserve_limit));
  mesh.indices.reserve(std::min<std::size_t>(layout.face->count * 3, reserve_limit));
  for (const Element& element : header.elements) {
    if (element.properties.empty()) continue;  // nothing stored, however large the count
    for (std::uint64_t item = 0; item < element.count; ++item) {
      if (&element == layout.face) {
        read_face(in, layout, item, mesh);
      } else {
        read_other(in, layout, element, item, mesh);
      }
    }
  }
  in.expect_end();
  return mesh;
}

}  // namespace tarang
