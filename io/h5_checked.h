// h5_checked: the one place that calls the HDF5 C API: RAII handles, checked calls (RuntimeFailure) and typed helpers.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tarang::h5 {

// Turns off HDF5's automatic error printing to stderr for the calling thread (the library is thread-safe,
// so the setting is per thread). Idempotent and cheap; every helper below calls it.
void silence_errors();

// The innermost (most specific) description on the calling thread's HDF5 error stack, "" when it is empty.
std::string error_stack_message();

// Throws RuntimeFailure "HDF5: <operation> failed: <innermost message>" when `status` < 0, else returns it.
herr_t check(herr_t status, std::string_view operation);
// Same for calls returning an id (negative = failure).
hid_t check_id(hid_t id, std::string_view operation);

// Owns one hid_t and closes it with the matching H5?close; move-only. A default Handle holds nothing.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  // Closes now and throws RuntimeFailure if closing fails (for files: the final flush). Use before trusting the data.
  void close(std::string_view operation = "close");
  // Closes now, ignoring errors (what the destructor does).
  void reset() noexcept;

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// ---- Files, groups, objects ----------------------------------------------------------------------------------

Handle create_file(const std::string& path);     // H5F_ACC_TRUNC: replaces an existing file
Handle open_file_read(const std::string& path);  // read-only
Handle create_group(hid_t loc, const std::string& name);
Handle open_group(hid_t loc, const std::string& name);
Handle open_dataset(hid_t loc, const std::string& name);
Handle dataset_space(hid_t dataset);
Handle dataset_type(hid_t dataset);

// Whether `path` (relative to loc, or absolute "/a/b") names an existing object; walks each component so a
// missing parent is "false" rather than an error.
bool object_exists(hid_t loc, const std::string& path);
bool attribute_exists(hid_t loc, const std::string& name);

// Dataspaces and types.
Handle scalar_space();
Handle simple_space(std::span<const hsize_t> dims);
// A UTF-8 C string type: variable-length when `size` is 0, else fixed `size` bytes, null-terminated.
Handle utf8_string_type(std::size_t size = 0);

// ---- Attributes (scalar unless noted) --------------------------------------------------------------------------

void write_attribute(hid_t loc, const std::string& name, double value);
void write_attribute(hid_t loc, const std::string& name, std::int64_t value);
void write_attribute(hid_t loc, const std::string& name, std::string_view value);  // variable-length UTF-8
void write_attribute(hid_t loc, const std::string& name, std::span<const double> values);  // 1-D float64 array

// Pass integers as std::int64_t: a plain int literal is ambiguous between the double and int64 overloads.
// Readers convert from any stored numeric type; they throw RuntimeFailure when the attribute is missing
// or has the wrong class (check attribute_exists first to report a friendlier error).
double read_double_attribute(hid_t loc, const std::string& name);
std::int64_t read_int_attribute(hid_t loc, const std::string& name);
std::string read_string_attribute(hid_t loc, const std::string& name);  // variable- or fixed-length
std::vector<double> read_double_array_attribute(hid_t loc, const std::string& name);

// ---- Datasets (rank 1 to 3) --------------------------------------------------------------------------------------

struct DatasetOptions {
  std::vector<hsize_t> chunk;  // empty = contiguous; else one entry per dimension (clamped to the dims)
  bool shuffle = false;        // byte-shuffle filter (helps deflate on floats)
  int deflate_level = 0;       // 0 = no compression, 1..9 = zlib level
};

// Creates dataset `name` with shape `dims` and writes `data` (row-major, product(dims) elements). Datasets with
// a zero dimension are stored contiguous and unfiltered (HDF5 cannot chunk them). Returns the open dataset.
Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const float* data,
                     const DatasetOptions& options = {});
Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const double* data,
                     const DatasetOptions& options = {});
Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const std::int32_t* data,
                     const DatasetOptions& options = {});
Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const std::uint32_t* data,
                     const DatasetOptions& options = {});
Handle write_dataset(hid_t loc, const std::string& name, std::span<const hsize_t> dims, const std::uint16_t* data,
                     const DatasetOptions& options = {});

// Current dimensions of an open dataset.
std::vector<hsize_t> dataset_dims(hid_t dataset);

// Reads a whole dataset, converting to the requested element type; `dims` receives its shape.
std::vector<float> read_float_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims);
std::vector<double> read_double_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims);
std::vector<std::int32_t> read_int32_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims);
std::vector<std::uint32_t> read_uint32_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims);
std::vector<std::uint16_t> read_uint16_dataset(hid_t loc, const std::string& name, std::vector<hsize_t>& dims);

// A 1-D dataset of fixed-length, null-terminated UTF-8 strings sized to the longest value + 1 (options as above).
Handle write_string_dataset(hid_t loc, const std::string& name, std::span<const std::string> values,
                            const DatasetOptions& options = {});
// Reads a 1-D fixed-length string dataset; throws RuntimeFailure for any other shape or type.
std::vector<std::string> read_string_dataset(hid_t loc, const std::string& name);

// ---- Compound "table" datasets: fixed-length string columns followed by float64 columns -------------------------

struct Table {
  std::vector<std::string> string_names;                // member names of the string columns
  std::vector<std::vector<std::string>> string_columns;  // [column][row]
  std::vector<std::string> double_names;                // member names of the float64 columns
  std::vector<std::vector<double>> double_columns;       // [column][row]
  std::size_t rows() const;
};

// Writes a 1-D compound dataset, one record per row. Each string column is a fixed-length, null-terminated UTF-8
// string sized to its longest value + 1; float64 members follow, packed.
Handle write_table(hid_t loc, const std::string& name, const Table& table);

// Member names of a compound dataset (empty when the dataset is not compound).
std::vector<std::string> compound_member_names(hid_t loc, const std::string& name);

// Reads the named members of a 1-D compound dataset (by name, in any stored order; numeric members are converted
// to float64). Fixed-length string members only; throws RuntimeFailure when a member is missing or unsupported.
Table read_table(hid_t loc, const std::string& name, const std::vector<std::string>& string_names,
                 const std::vector<std::string>& double_names);

// ---- Datasets written in parts (checkpoints, shard files) -------------------------------------------------------

Handle open_file_write(const std::string& path);  // read-write, file must exist
// Flushes the file's buffers to the operating system (H5Fflush): a process killed afterwards leaves them intact.
void flush_file(hid_t file);

// Creates a float32 (`float_values`) or uint16 dataset without writing it, with modification times off. With
// `allocate_now` the storage is contiguous and allocated at once, so later writes change no file metadata (a
// process killed between writes leaves a readable file); otherwise chunking/filters come from `options`.
Handle create_dataset_for_parts(hid_t loc, const std::string& name, std::span<const hsize_t> dims, bool float_values,
                                bool allocate_now, const DatasetOptions& options = {});
// Writes a block of an open dataset: `count` elements from `offset` (row-major data, one entry per dimension).
void write_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count, const float* data);
void write_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count,
                 const std::uint16_t* data);
// Reads such a block of an open float32 dataset.
std::vector<float> read_float_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count);
// A uint32 dataset for parts: contiguous, allocated at once, modification times off (as with allocate_now above).
Handle create_uint32_dataset_for_parts(hid_t loc, const std::string& name, std::span<const hsize_t> dims);
void write_block(hid_t dataset, std::span<const hsize_t> offset, std::span<const hsize_t> count,
                 const std::uint32_t* data);
std::vector<std::uint32_t> read_uint32_block(hid_t dataset, std::span<const hsize_t> offset,
                                             std::span<const hsize_t> count);

// ---- Probing --------------------------------------------------------------------------------------------------

// Whether `path` is an HDF5 file (false for other files and for paths that cannot be opened).
bool is_hdf5_file(const std::string& path);

}  // namespace tarang::h5
