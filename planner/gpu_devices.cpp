// Parsing of --gpus and the deterministic unit -> device assignment.
#include "planner/gpu_devices.h"

#include <algorithm>
#include <stdexcept>

#include "core/error.h"

namespace tarang {
namespace {

[[noreturn]] void bad_gpus(const std::string& message) { throw InputError("", 0, "--gpus", message); }

}  // namespace

std::vector<int> parse_gpu_list(const std::string& text, int device_count) {
  std::vector<int> devices;
  if (text == "all") {
    if (device_count <= 0) bad_gpus("all: no CUDA device is present");
    for (int d = 0; d < device_count; ++d) devices.push_back(d);
    return devices;
  }
  if (text.empty()) bad_gpus("empty list; use all or device indices such as 0,1");
  std::size_t begin = 0;
  for (;;) {
    const std::size_t comma = text.find(',', begin);
    const std::string item = text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
    if (item.empty() || item.size() > 4 || !std::all_of(item.begin(), item.end(), [](char c) {
          return c >= '0' && c <= '9';
        })) {
      bad_gpus("'" + item + "' in '" + text + "' is not a device index; use all or indices such as 0,1");
    }
    const int device = std::stoi(item);
    if (device >= device_count) {
      bad_gpus("device " + item + " does not exist (" + std::to_string(device_count) + " CUDA device" +
               (device_count == 1 ? "" : "s") + " present)");
    }
    if (std::find(devices.begin(), devices.end(), device) != devices.end()) {
      bad_gpus("device " + item + " is listed twice in '" + text + "'");
    }
    devices.push_back(device);
    if (comma == std::string::npos) return devices;
    begin = comma + 1;
  }
}

std::vector<std::uint32_t> assign_units_to_gpus(std::size_t unit_count, std::size_t gpu_count) {
  if (gpu_count == 0) throw std::invalid_argument("assign_units_to_gpus: no device");
  std::vector<std::uint32_t> slot(unit_count);
  for (std::size_t u = 0; u < unit_count; ++u) slot[u] = static_cast<std::uint32_t>(u % gpu_count);
  return slot;
}

}  // namespace tarang
