// h5_checked: every HDF5 C API call in tarang goes through here; failures become RuntimeFailure with the error stack.
#include "io/h5_checked.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "core/error.h"

namespace tarang::h5 {
namespace {

// HDF5 1.10 crashes in its atexit handler (H5F__close_cb) when a file's final flush failed (disk full, ulimit -f):
// tarang closes every file itself, so the library's exit-time cleanup is switched off before first use.
const bool kNoAtexitCleanup = [] {
  H5dont_atexit();
  return true;
}();

[[noreturn]] void fail(std::string_view operation, const std::string& detail = {}) {
  std::string message = "HDF5: " + std::string(operation) + " failed";
  const std::string stack = detail.empty() ? error_stack_message() : detail;
  if (!stack.empty()) message += ": " + stack;
  throw RuntimeFailure(message);
}

// Error-stack walker: keeps the first entry of an upward walk, which is the innermost (most specific) one.
herr_t keep_innermost(unsigned n, const H5E_error2_t* entry, void* client_data) {
  auto* out = static_cast<std::string*>(client_data);
  if (n != 0 || entry == nullptr) return 0;
  if (entry->desc != nullptr && entry->desc[0] != '\0') {
    *out = entry->desc;
  } else {
    char minor[256] = {0};
    if (H5Eget_msg(entry->min_num, nullptr, minor, sizeof minor) > 0) *out = minor;
  }
  if (entry->func_name != nullptr && entry->func_name[0] != '\0') *out += std::string(" (in ") + entry->func_name + ")";
  std::replace(out->begin(), out->end(), '\n', ' ');  // some messages embed ctime()'s newline; ours are one line
  return 0;
}

std::string quoted(const std::string& name) { return "'" + name + "'"; }

hsize_t element_count(std::span<const hsize_t> dims) {
  return std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<hsize_t>());
}

Handle copy_type(hid_t type) { return Handle(check_id(H5Tcopy(type), "H5Tcopy"), H5Tclose); }

Handle open_attribute(hid_t loc, const std::string& name) {
  silence_errors();
  return Handle(check_id(H5Aopen(loc, name.c_str(), H5P_DEFAULT), "open attribute " + quoted(name)), H5Aclose);
}

// Creates attribute `name` (replacing an existing one) of the given file type and shape, and writes `data`.
void write_attribute_raw(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type, hid_t space,
                         const void* data) {
  silence_errors();
  const std::string what = "write attribute " + quoted(name);
  if (attribute_exists(loc, name)) check(H5Adelete(loc, name.c_str()), what);
  Handle attr(check_id(H5Acreate2(loc, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), what), H5Aclose);
  check(H5Awrite(attr.get(), mem_type, data), what);
  attr.close(what);
}

hssize_t attribute_points(hid_t attr, const std::string& name) {
  Handle space(check_id(H5Aget_space(attr), "get space of attribute " + quoted(name)), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) fail("get size of attribute " + quoted(name));
  return n;
}

// Reads a one-element numeric attribute converted to `mem_type`.
template <class T>
T read_scalar_attribute(hid_t loc, const std::string& name, hid_t mem_type) {
  Handle attr = open_attribute(loc, name);
  const std::string what = "read attribute " + quoted(name);
  if (attribute_points(attr.get(), name) != 1) fail(what, "expected a single value");
  Handle type = Handle(check_id(H5Aget_type(attr.get()), what), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail(what, "not a number");
  T value{};
  check(H5Aread(attr.get(), mem_type, &value), what);
  return value;
}

// Trims a fixed-length HDF5 string: stops at the first NUL and, for space-padded types, drops trailing spaces.
std::string trim_fixed(const char* data, std::size_t size, H5T_str_t pad) {
  std::string s(data, strnlen(data, size));
  if (pad == H5T_STR_SPACEPAD) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
  }
  return s;
}

template <class T>
struct NativeType;
template <>
struct NativeType<float> {
  static hid_t mem() { return H5T_NATIVE_FLOAT; }
  static hid_t file() { return H5T_IEEE_F32LE; }
};
template <>
struct NativeType<double> {
  static hid_t mem() { return H5T_NATIVE_DOUBLE; }
  static hid_t file() { return H5T_IEEE_F64LE; }
};
template <>
struct NativeType<std::int32_t> {
  static hid_t mem() { return H5T_NATIVE_INT32; }
  static hid_t file() { return H5T_STD_I32LE; }
};
template <>
struct NativeType<std::uint32_t> {
  static hid_t mem() { return H5T_NATIVE_UINT32; }
  static hid_t file() { return H5T_STD_U32LE; }
};
template <>
struct NativeType<std::uint16_t> {
  static hid_t mem() { return H5T_NATIVE_UINT16; }
  static hid_t file() { return H5T_STD_U16LE; }
};

// Dataset creation properties for `dims`: no fill values, and chunking/filters from `options` when not empty.
Handle creation_properties(std::span<const hsize_t> dims, const DatasetOptions& options, const std::string& what) {
  Handle dcpl(check_id(H5Pcreate(H5P_DATASET_CREATE), what), H5Pclose);
  // We always write every element, so never spend time writing fill values first.
  check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), what);
  if (element_count(dims) > 0 && !options.chunk.empty()) {
    if (options.chunk.size() != dims.size()) fail(what, "chunk rank differs from dataset rank");
    std::vector<hsize_t> chunk(dims.size());
    for (std::size_t i = 0; i < dims.size(); ++i) chunk[i] = std::clamp<hsize_t>(options.chunk[i], 1, dims[i]);
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), what);
    if (options.shuffle) check(H5Pset_shuffle(dcpl.get()), what);
    if (options.deflate_level > 0) check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(options.deflate_level)), what);
  }
  return dcpl;
}

template <class T>
Handle write_dataset_impl(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const T* data,
                          const DatasetOptions& options) {
  silence_errors();
  const std::string what = "write dataset " + quoted(name);
  if (dims.empty() || dims.size() > 3) fail(what, "rank must be 1, 2 or 3");
  Handle space = simple_space(dims);
  Handle dcpl = creation_properties(dims, options, what);
  Handle dataset(check_id(H5Dcreate2(loc, name.c_str(), NativeType<T>::file(), space.get(), H5P_DEFAULT, dcpl.get(),
                                     H5P_DEFAULT),
                          what),
                 H5Dclose);
  if (element_count(dims) > 0) {
    check(H5Dwrite(dataset.get(), NativeType<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
  }
  return dataset;
}

template <class T>
std::vector<T> read_dataset_impl(hid_t loc, const std::string& name, std::vector<hsize_t>& dims) {
  Handle dataset = open_dataset(loc, name);
  dims = dataset_dims(dataset.get());
  std::vector<T> out;
  try {
    out.resize(static_cast<std::size_t>(element_count(dims)));
  } catch (const std::exception&) {  // bad_alloc, length_error: a damaged or hostile file claims absurd dims
    fail("read dataset " + quoted(name), "shape of " + std::to_string(element_count(dims)) +
                                             " elements does not fit in memory");
  }
  if (!out.empty()) {
    check(H5Dread(dataset.get(), NativeType<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
          "read dataset " + quoted(name));
  }
  return out;
}

}  // namespace

// ---- Errors ------------------------------------------------------------------------------------------------------

void silence_errors() {
  // Thread-safe HDF5 keeps the automatic-printing setting per thread, so remember it per thread.
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

std::string error_stack_message() {
  std::string out;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &out);
  return out;
}

herr_t check(herr_t status, std::string_view operation) {
  if (status < 0) fail(operation);
  return status;
}

hid_t check_id(hid_t id, std::string_view operation) {
  if (id < 0) fail(operation);
  return id;
}

// ---- Handle ------------------------------------------------------------------------------------------------------

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    closer_ = other.closer_;
  }
  return *this;
}

void Handle::close(std::string_view operation) {
  if (id_ < 0) return;
  silence_errors();
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  if (closer_ != nullptr) check(closer_(id), operation);
}

void Handle::reset() noexcept {
  if (id_ < 0) return;
  silence_errors();
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  if (closer_ != nullptr) closer_(id);
}

// ---- Files, groups, objects --------------------------------------------------------------------------------------

namespace {
// File access properties: H5F_CLOSE_SEMI makes H5Fclose fail (instead of silently deferring the final flush)
// if an object inside the file is still open, so Handle::close() on a file really means "flushed and closed".
Handle file_access_plist(const std::string& what) {
  Handle fapl(check_id(H5Pcreate(H5P_FILE_ACCESS), what), H5Pclose);
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), what);
  return fapl;
}
}  // namespace

Handle create_file(const std::string& path) {
  silence_errors();
  const std::string what = "create file " + quoted(path);
  Handle fapl = file_access_plist(what);
  return Handle(check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), what), H5Fclose);
}

Handle open_file_read(const std::string& path) {
  silence_errors();
  const std::string what = "open file " + quoted(path);
  Handle fapl = file_access_plist(what);
  return Handle(check_id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), what), H5Fclose);
}

Handle open_file_write(const std::string& path) {
  silence_errors();
  const std::string what = "open file " + quoted(path) + " for writing";
  Handle fapl = file_access_plist(what);
  return Handle(check_id(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()), what), H5Fclose);
}

void flush_file(hid_t file) {
  silence_errors();
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush file");
}

Handle create_dataset_for_parts(hid_t loc, const std::string& name, std::span<const hsize_t> dims, bool float_values,
                                bool allocate_now, const DatasetOptions& options) {
  silence_errors();
  const std::string what = "create dataset " + quoted(name);
  if (dims.empty() || dims.size() > 3) fail(what, "rank must be 1, 2 or 3");
  Handle space = simple_space(dims);
  Handle dcpl = creation_properties(dims, allocate_now ? DatasetOptions{} : options, what);
  check(H5Pset_obj_track_times(dcpl.get(), false), what);
  if (allocate_now) check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), what);
  const hid_t type = float_values ? H5T_IEEE_F32LE : H5T_STD_U16LE;
  return Handle(check_id(H5Dcreate2(loc, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), what),
                H5Dclose);
}

namespace {
// Selects `count` elements from `offset` in the dataset's file space and returns {file space, memory space}.
std::pair<Handle, Handle> block_spaces(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count,
                                       const std::string& what) {
  Handle file_space(check_id(H5Dget_space(dataset), what), H5Sclose);
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr), what);
  return {std::move(file_space), simple_space(count)};
}

template <class T>
void write_block_impl(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count, const T* data) {
  silence_errors();
  const std::string what = "write block";
  if (element_count(count) == 0) return;
  auto [file_space, memory_space] = block_spaces(dataset, offset, count, what);
  check(H5Dwrite(dataset, NativeType<T>::mem(), memory_space.get(), file_space.get(), H5P_DEFAULT, data), what);
}
}  // namespace

void write_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count, const float* data) {
  write_block_impl(dataset, offset, count, data);
}

void write_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count,
                 const std::uint16_t* data) {
  write_block_impl(dataset, offset, count, data);
}

std::vector<float> read_float_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count) {
  silence_errors();
  const std::string what = "read block";
  std::vector<float> out(static_cast<std::size_t>(element_count(count)));
  if (out.empty()) return out;
  auto [file_space, memory_space] = block_spaces(dataset, offset, count, what);
  check(H5Dread(dataset, H5T_NATIVE_FLOAT, memory_space.get(), file_space.get(), H5P_DEFAULT, out.data()), what);
  return out;
}

Handle create_uint32_dataset_for_parts(hid_t loc, const std::string& name, std::span<const hsize_t> dims) {
  silence_errors();
  const std::string what = "create dataset " + quoted(name);
  if (dims.empty() || dims.size() > 3) fail(what, "rank must be 1, 2 or 3");
  Handle space = simple_space(dims);
  Handle dcpl = creation_properties(dims, DatasetOptions{}, what);
  check(H5Pset_obj_track_times(dcpl.get(), false), what);
  check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), what);
  return Handle(check_id(H5Dcreate2(loc, name.c_str(), H5T_STD_U32LE, space.get(), H5P_DEFAULT, dcpl.get(),
                                    H5P_DEFAULT),
                         what),
                H5Dclose);
}

void write_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count,
                 const std::uint32_t* data) {
  write_block_impl(dataset, offset, count, data);
}

std::vector<std::uint32_t> read_uint32_block(hid_t dataset, std::span<const hsize_t> offset,
                                             std::span<const hsize_t> count) {
  silence_errors();
  const std::string what = "read block";
  std::vector<std::uint32_t> out(static_cast<std::size_t>(element_count(count)));
  if (out.empty()) return out;
  auto [file_space, memory_space] = block_spaces(dataset, offset, count, what);
  check(H5Dread(dataset, H5T_NATIVE_UINT32, memory_space.get(), file_space.get(), H5P_DEFAULT, out.data()), what);
  return out;
}

Handle create_group(hid_t loc, const std::string& name) {
  silence_errors();
  return Handle(check_id(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         "create group " + quoted(name)),
                H5Gclose);
}

Handle open_group(hid_t loc, const std::string& name) {
  silence_errors();
  return Handle(check_id(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), "open group " + quoted(name)), H5Gclose);
}

Handle open_dataset(hid_t loc, const std::string& name) {
  silence_errors();
  return Handle(check_id(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "open dataset " + quoted(name)), H5Dclose);
}

Handle dataset_space(hid_t dataset) {
  silence_errors();
  return Handle(check_id(H5Dget_space(dataset), "get dataset space"), H5Sclose);
}

Handle dataset_type(hid_t dataset) {
  silence_errors();
  return Handle(check_id(H5Dget_type(dataset), "get dataset type"), H5Tclose);
}

bool object_exists(hid_t loc, const std::string& path) {
  silence_errors();
  std::string prefix = path.starts_with('/') ? "/" : "";
  std::size_t start = prefix.size();
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) {
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
      prefix += path.substr(start, end - start);
      // The link must exist and resolve to an object (a dangling soft link does not count).
      if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
      if (H5Oexists_by_name(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    start = end + 1;
  }
  return true;
}

bool attribute_exists(hid_t loc, const std::string& name) {
  silence_errors();
  return check(H5Aexists(loc, name.c_str()), "check attribute " + quoted(name)) > 0;
}

Handle scalar_space() {
  silence_errors();
  return Handle(check_id(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
}

Handle simple_space(std::span<const hsize_t> dims) {
  silence_errors();
  return Handle(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "H5Screate_simple"),
                H5Sclose);
}

Handle utf8_string_type(std::size_t size) {
  silence_errors();
  Handle type = copy_type(H5T_C_S1);
  check(H5Tset_size(type.get(), size == 0 ? H5T_VARIABLE : size), "H5Tset_size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), "H5Tset_strpad");
  return type;
}

// ---- Attributes --------------------------------------------------------------------------------------------------

void write_attribute(hid_t loc, const std::string& name, double value) {
  Handle space = scalar_space();
  write_attribute_raw(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), &value);
}

void write_attribute(hid_t loc, const std::string& name, std::int64_t value) {
  Handle space = scalar_space();
  write_attribute_raw(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(), &value);
}

void write_attribute(hid_t loc, const std::string& name, std::string_view value) {
  Handle space = scalar_space();
  Handle type = utf8_string_type();
  const std::string text(value);  // NUL-terminated copy
  const char* pointer = text.c_str();
  write_attribute_raw(loc, name, type.get(), type.get(), space.get(), &pointer);
}

void write_attribute(hid_t loc, const std::string& name, std::span<const double> values) {
  const hsize_t dims[1] = {values.size()};
  Handle space = simple_space(dims);
  write_attribute_raw(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), values.data());
}

double read_double_attribute(hid_t loc, const std::string& name) {
  return read_scalar_attribute<double>(loc, name, H5T_NATIVE_DOUBLE);
}

std::int64_t read_int_attribute(hid_t loc, const std::string& name) {
  return read_scalar_attribute<std::int64_t>(loc, name, H5T_NATIVE_INT64);
}

std::string read_string_attribute(hid_t loc, const std::string& name) {
  Handle attr = open_attribute(loc, name);
  const std::string what = "read attribute " + quoted(name);
  if (attribute_points(attr.get(), name) != 1) fail(what, "expected a single string");
  Handle file_type(check_id(H5Aget_type(attr.get()), what), H5Tclose);
  if (H5Tget_class(file_type.get()) != H5T_STRING) fail(what, "not a string");
  if (check(H5Tis_variable_str(file_type.get()), what) > 0) {
    Handle mem_type = copy_type(H5T_C_S1);
    check(H5Tset_size(mem_type.get(), H5T_VARIABLE), what);
    check(H5Tset_cset(mem_type.get(), H5Tget_cset(file_type.get())), what);
    char* text = nullptr;
    check(H5Aread(attr.get(), mem_type.get(), &text), what);
    std::string out = text != nullptr ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  Handle mem_type = copy_type(file_type.get());
  std::vector<char> buffer(size + 1, '\0');
  check(H5Aread(attr.get(), mem_type.get(), buffer.data()), what);
  return trim_fixed(buffer.data(), size, H5Tget_strpad(file_type.get()));
}

std::vector<double> read_double_array_attribute(hid_t loc, const std::string& name) {
  Handle attr = open_attribute(loc, name);
  const std::string what = "read attribute " + quoted(name);
  Handle type(check_id(H5Aget_type(attr.get()), what), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail(what, "not numeric");
  std::vector<double> values(static_cast<std::size_t>(attribute_points(attr.get(), name)));
  if (!values.empty()) check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, values.data()), what);
  return values;
}

// ---- Datasets ----------------------------------------------------------------------------------------------------

Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const float* data,
                     const DatasetOptions& options) {
  return write_dataset_impl(loc, name, dims, data, options);
}

Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const double* data,
                     const DatasetOptions& options) {
  return write_dataset_impl(loc, name, dims, data, options);
}

Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const std::int32_t* data,
                     const DatasetOptions& options) {
  return write_dataset_impl(loc, name, dims, data, options);
}

Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const std::uint32_t* data,
                     const DatasetOptions& options) {
  return write_dataset_impl(loc, name, dims, data, options);
}

Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const std::uint16_t* data,
                     const DatasetOptions& options) {
  return write_dataset_impl(loc, name, dims, data, options);
}

std::vector<hsize_t> dataset_dims(hid_t dataset) {
  Handle space = dataset_space(dataset);
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), "get dataset rank");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "get dataset dims");
  return dims;
}

std::vector<float> read_float_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims) {
  return read_dataset_impl<float>(loc, name, dims);
}

std::vector<double> read_double_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims) {
  return read_dataset_impl<double>(loc, name, dims);
}

std::vector<std::int32_t> read_int32_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims) {
  return read_dataset_impl<std::int32_t>(loc, name, dims);
}

std::vector<std::uint32_t> read_uint32_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims) {
  return read_dataset_impl<std::uint32_t>(loc, name, dims);
}

std::vector<std::uint16_t> read_uint16_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims) {
  return read_dataset_impl<std::uint16_t>(loc, name, dims);
}

Handle write_string_dataset(hid_t loc, const std::string& name, std::span<const std::string> values,
                            const DatasetOptions& options) {
  silence_errors();
  const std::string what = "write dataset " + quoted(name);
  std::size_t width = 1;
  for (const std::string& value : values) width = std::max(width, value.size() + 1);
  std::vector<char> buffer(values.size() * width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) std::memcpy(&buffer[i * width], values[i].data(), values[i].size());

  const hsize_t dims[1] = {values.size()};
  Handle space = simple_space(dims);
  Handle type = utf8_string_type(width);
  Handle dcpl = creation_properties(dims, options, what);
  Handle dataset(
      check_id(H5Dcreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), what),
      H5Dclose);
  if (!values.empty()) check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  return dataset;
}

std::vector<std::string> read_string_dataset(hid_t loc, const std::string& name) {
  const std::string what = "read dataset " + quoted(name);
  Handle dataset = open_dataset(loc, name);
  Handle file_type = dataset_type(dataset.get());
  if (H5Tget_class(file_type.get()) != H5T_STRING || check(H5Tis_variable_str(file_type.get()), what) > 0) {
    fail(what, "not a fixed-length string dataset");
  }
  const std::vector<hsize_t> dims = dataset_dims(dataset.get());
  if (dims.size() != 1) fail(what, "not one-dimensional");
  const std::size_t width = H5Tget_size(file_type.get());
  const H5T_str_t pad = H5Tget_strpad(file_type.get());
  std::vector<char> buffer(static_cast<std::size_t>(dims[0]) * width, '\0');
  if (!buffer.empty()) {
    Handle mem_type = copy_type(file_type.get());
    check(H5Dread(dataset.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  }
  std::vector<std::string> values(static_cast<std::size_t>(dims[0]));
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = trim_fixed(&buffer[i * width], width, pad);
  return values;
}

// ---- Compound tables ---------------------------------------------------------------------------------------------

std::size_t Table::rows() const {
  if (!string_columns.empty()) return string_columns.front().size();
  if (!double_columns.empty()) return double_columns.front().size();
  return 0;
}

Handle write_table(hid_t loc, const std::string& name, const Table& table) {
  silence_errors();
  const std::string what = "write table " + quoted(name);
  if (table.string_names.size() != table.string_columns.size() ||
      table.double_names.size() != table.double_columns.size()) {
    fail(what, "column names and columns differ in number");
  }
  const std::size_t rows = table.rows();
  for (const auto& column : table.string_columns) {
    if (column.size() != rows) fail(what, "columns differ in length");
  }
  for (const auto& column : table.double_columns) {
    if (column.size() != rows) fail(what, "columns differ in length");
  }

  // Packed record layout: each string column gets (longest + 1) bytes, then 8 bytes per float64 column.
  std::vector<std::size_t> widths, offsets;
  std::size_t record = 0;
  for (const auto& column : table.string_columns) {
    std::size_t longest = 0;
    for (const auto& value : column) longest = std::max(longest, value.size());
    widths.push_back(longest + 1);
    offsets.push_back(record);
    record += longest + 1;
  }
  for (std::size_t i = 0; i < table.double_columns.size(); ++i) {
    offsets.push_back(record);
    record += sizeof(double);
  }
  if (record == 0) fail(what, "a table needs at least one column");

  Handle type(check_id(H5Tcreate(H5T_COMPOUND, record), what), H5Tclose);
  for (std::size_t c = 0; c < table.string_columns.size(); ++c) {
    Handle string_type = utf8_string_type(widths[c]);
    check(H5Tinsert(type.get(), table.string_names[c].c_str(), offsets[c], string_type.get()), what);
  }
  const std::size_t first_double = table.string_columns.size();
  for (std::size_t c = 0; c < table.double_columns.size(); ++c) {
    check(H5Tinsert(type.get(), table.double_names[c].c_str(), offsets[first_double + c], H5T_NATIVE_DOUBLE), what);
  }

  std::vector<unsigned char> buffer(rows * record, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    unsigned char* row = buffer.data() + r * record;
    for (std::size_t c = 0; c < table.string_columns.size(); ++c) {
      const std::string& value = table.string_columns[c][r];
      std::memcpy(row + offsets[c], value.data(), value.size());
    }
    for (std::size_t c = 0; c < table.double_columns.size(); ++c) {
      std::memcpy(row + offsets[first_double + c], &table.double_columns[c][r], sizeof(double));
    }
  }

  const hsize_t dims[1] = {rows};
  Handle space = simple_space(dims);
  Handle dataset(
      check_id(H5Dcreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), what),
      H5Dclose);
  if (rows > 0) check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  return dataset;
}

std::vector<std::string> compound_member_names(hid_t loc, const std::string& name) {
  Handle dataset = open_dataset(loc, name);
  Handle type = dataset_type(dataset.get());
  std::vector<std::string> names;
  if (H5Tget_class(type.get()) != H5T_COMPOUND) return names;
  const int count = check(H5Tget_nmembers(type.get()), "get compound members of " + quoted(name));
  for (int i = 0; i < count; ++i) {
    char* member = H5Tget_member_name(type.get(), static_cast<unsigned>(i));
    if (member == nullptr) fail("get compound member name of " + quoted(name));
    names.emplace_back(member);
    H5free_memory(member);
  }
  return names;
}

Table read_table(hid_t loc, const std::string& name, const std::vector<std::string>& string_names,
                 const std::vector<std::string>& double_names) {
  const std::string what = "read table " + quoted(name);
  Handle dataset = open_dataset(loc, name);
  Handle file_type = dataset_type(dataset.get());
  if (H5Tget_class(file_type.get()) != H5T_COMPOUND) fail(what, "not a compound dataset");
  const std::vector<hsize_t> dims = dataset_dims(dataset.get());
  if (dims.size() != 1) fail(what, "not one-dimensional");
  const std::size_t rows = static_cast<std::size_t>(dims[0]);

  // Memory layout mirrors write_table: strings at their stored width, then native doubles, packed.
  std::vector<std::size_t> widths, offsets;
  std::vector<H5T_str_t> pads;
  std::vector<Handle> string_types;
  std::size_t record = 0;
  for (const auto& member : string_names) {
    const int index = H5Tget_member_index(file_type.get(), member.c_str());
    if (index < 0) fail(what, "member " + quoted(member) + " is missing");
    Handle member_type(check_id(H5Tget_member_type(file_type.get(), static_cast<unsigned>(index)), what), H5Tclose);
    if (H5Tget_class(member_type.get()) != H5T_STRING || H5Tis_variable_str(member_type.get()) != 0) {
      fail(what, "member " + quoted(member) + " is not a fixed-length string");
    }
    widths.push_back(H5Tget_size(member_type.get()));
    pads.push_back(H5Tget_strpad(member_type.get()));
    offsets.push_back(record);
    record += widths.back();
    string_types.push_back(copy_type(member_type.get()));
  }
  for (const auto& member : double_names) {
    if (H5Tget_member_index(file_type.get(), member.c_str()) < 0) fail(what, "member " + quoted(member) + " is missing");
    offsets.push_back(record);
    record += sizeof(double);
  }
  if (record == 0) fail(what, "no members requested");

  Handle mem_type(check_id(H5Tcreate(H5T_COMPOUND, record), what), H5Tclose);
  for (std::size_t c = 0; c < string_names.size(); ++c) {
    check(H5Tinsert(mem_type.get(), string_names[c].c_str(), offsets[c], string_types[c].get()), what);
  }
  for (std::size_t c = 0; c < double_names.size(); ++c) {
    check(H5Tinsert(mem_type.get(), double_names[c].c_str(), offsets[string_names.size() + c], H5T_NATIVE_DOUBLE),
          what);
  }

  std::vector<unsigned char> buffer(rows * record, 0);
  if (rows > 0) check(H5Dread(dataset.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);

  Table table;
  table.string_names = string_names;
  table.double_names = double_names;
  table.string_columns.assign(string_names.size(), std::vector<std::string>(rows));
  table.double_columns.assign(double_names.size(), std::vector<double>(rows));
  for (std::size_t r = 0; r < rows; ++r) {
    const unsigned char* row = buffer.data() + r * record;
    for (std::size_t c = 0; c < string_names.size(); ++c) {
      table.string_columns[c][r] = trim_fixed(reinterpret_cast<const char*>(row + offsets[c]), widths[c], pads[c]);
    }
    for (std::size_t c = 0; c < double_names.size(); ++c) {
      std::memcpy(&table.double_columns[c][r], row + offsets[string_names.size() + c], sizeof(double));
    }
  }
  return table;
}

// ---- Probing -----------------------------------------------------------------------------------------------------

bool is_hdf5_file(const std::string& path) {
  silence_errors();
  return H5Fis_hdf5(path.c_str()) > 0;
}

}  // namespace tarang::h5
