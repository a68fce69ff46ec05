// Mesh export to binary PLY or OBJ through a buffered stdio file, written atomically (temp file + rename).
#include "scene/mesh_export.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/error.h"
#include "scene/mesh_checks.h"

namespace tarang {
namespace {

// A file being written: buffered appends, errors carry the OS reason, close() reports a failed final flush.
class OutputFile {
 public:
  OutputFile(const std::string& temp_path, const std::string& user_path)
      : file_(std::fopen(temp_path.c_str(), "wb")), user_path_(user_path) {
    if (!file_) fail();
    buffer_.reserve(kBufferBytes);
  }

  void append(const void* data, std::size_t size) {
    const char* bytes = static_cast<const char*>(data);
    buffer_.insert(buffer_.end(), bytes, bytes + size);
    if (buffer_.size() >= kBufferBytes) flush();
  }
  void append(std::string_view text) { append(text.data(), text.size()); }
  template <class T>
  void append_value(T value) {
    append(&value, sizeof value);
  }
  // Shortest text that reads back to exactly the same value.
  template <class T>
  void append_number(T value) {
    char text[32];
    append(text, static_cast<std::size_t>(std::to_chars(text, text + sizeof text, value).ptr - text));
  }

  void close() {
    flush();
    if (std::fclose(file_.release()) != 0) fail();
  }

 private:
  static constexpr std::size_t kBufferBytes = 1 << 20;

  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  void flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get()) != buffer_.size()) fail();
    buffer_.clear();
  }

  [[noreturn]] void fail() const {
    throw InputError(user_path_, std::string("cannot write output file (") + std::strerror(errno) + ")");
  }

  std::unique_ptr<std::FILE, Closer> file_;
  std::string user_path_;
  std::vector<char> buffer_;  // not std::string: GCC 12 warns (-Wrestrict, a false positive) on string inserts
};

// Names go into one header/statement line: line breaks become spaces.
std::string one_line(std::string name) {
  std::replace_if(
      name.begin(), name.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return name;
}

std::string georeference_note(const SceneMesh& mesh) {
  char text[160];
  std::snprintf(text, sizeof text,
                "tarang scene: local metres (x east, y north, z up) from origin_x_m %.3f "
                "origin_y_m %.3f of the CRS in the .tscene file",
                mesh.origin_x_m, mesh.origin_y_m);
  return text;
}

void write_ply(const SceneMesh& mesh, OutputFile& out) {
  std::string header = "ply\nformat binary_little_endian 1.0\ncomment " + georeference_note(mesh) + "\n";
  for (std::size_t m = 0; m < mesh.materials.size(); ++m) {
    char thickness[32];
    *std::to_chars(thickness, thickness + sizeof thickness - 1, mesh.materials[m].thickness_m).ptr = '\0';
    header += "comment tarang_material " + std::to_string(m) + " " + one_line(mesh.materials[m].name) + " " +
              thickness + "\n";
  }
  out.append(header);
  for (std::size_t o = 0; o < mesh.object_names.size(); ++o) {
    out.append("comment tarang_object " + std::to_string(o) + " " + one_line(mesh.object_names[o]) + "\n");
  }
  out.append("element vertex " + std::to_string(mesh.vertex_count()) +
             "\nproperty float x\nproperty float y\nproperty float z\n"
             "element face " +
             std::to_string(mesh.triangle_count()) +
             "\nproperty list uchar uint vertex_indices\nproperty ushort material_index\nproperty uint object_index\n"
             "end_header\n");
  static_assert(std::endian::native == std::endian::little, "the PLY writer assumes a little-endian host");
  out.append(mesh.positions_m.data(), mesh.positions_m.size() * sizeof(float));
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    out.append_value(std::uint8_t{3});
    out.append(&mesh.indices[3 * t], 3 * sizeof(std::uint32_t));
    out.append_value(mesh.triangle_material[t]);
    out.append_value(mesh.triangle_object[t]);
  }
}

void write_obj(const SceneMesh& mesh, OutputFile& out) {
  out.append("# " + georeference_note(mesh) + "\n");
  for (std::size_t v = 0; v < mesh.vertex_count(); ++v) {
    out.append("v");
    for (int a = 0; a < 3; ++a) {
      out.append(" ");
      out.append_number(mesh.positions_m[3 * v + a]);
    }
    out.append("\n");
  }
  std::size_t object = SIZE_MAX, material = SIZE_MAX;
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (mesh.triangle_object[t] != object) {
      object = mesh.triangle_object[t];
      out.append("o " + one_line(mesh.object_names[object]) + "\n");
      material = SIZE_MAX;  // restate the material in each object
    }
    if (mesh.triangle_material[t] != material) {
      material = mesh.triangle_material[t];
      out.append("usemtl " + one_line(mesh.materials[material].name) + "\n");
    }
    out.append("f");
    for (int c = 0; c < 3; ++c) {
      out.append(" ");
      out.append_number(std::uint64_t{mesh.indices[3 * t + c]} + 1);
    }
    out.append("\n");
  }
}

}  // namespace

void export_mesh(const SceneMesh& mesh, const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext != ".ply" && ext != ".obj") {
    throw InputError(path, "unknown mesh format '" + ext + "' (tarang exports .ply and .obj)");
  }
  require_consistent(mesh, "export_mesh");
  const std::string temp = path + ".tmp";
  try {
    OutputFile out(temp, path);
    if (ext == ".ply") {
      write_ply(mesh, out);
    } else {
      write_obj(mesh, out);
    }
    out.close();
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
      throw InputError(path, std::string("cannot write output file (") + std::strerror(errno) + ")");
    }
  } catch (...) {
    std::remove(temp.c_str());
    throw;
  }
}

}  // namespace tarang
