// PeakMemoryProbe: the peak resident memory a piece of work added, for benchmark counters (Linux /proc).
#pragma once

#include <malloc.h>
#include <sys/resource.h>

#include <fstream>
#include <string>

namespace tarang::bench {

// Method: freed heap memory is first handed back to the kernel (glibc malloc_trim), so that work reusing it still
// shows; then writing "5" to /proc/self/clear_refs resets the process's high-water mark VmHWM to its current RSS
// (Linux >= 4.0), so VmHWM after the work minus VmRSS before it is the work's own peak. Where clear_refs cannot be
// written, falls back to the growth of getrusage's ru_maxrss, which undercounts work that stays below an earlier peak.
class PeakMemoryProbe {
 public:
  PeakMemoryProbe() {
    malloc_trim(0);
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    hwm_reset_ = static_cast<bool>(clear);
    start_kib_ = hwm_reset_ ? status_kib("VmRSS:") : max_rss_kib();
  }

  // Peak memory added since construction, MiB.
  double peak_mib() const {
    const long now_kib = hwm_reset_ ? status_kib("VmHWM:") : max_rss_kib();
    return static_cast<double>(now_kib - start_kib_) / 1024.0;
  }

  // How peak_mib() was measured, for the benchmark label.
  const char* method() const { return hwm_reset_ ? "VmHWM-after-clear_refs" : "ru_maxrss-delta"; }

 private:
  // A "Key:   1234 kB" line of /proc/self/status, in KiB (0 when absent).
  static long status_kib(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string word;
    while (status >> word) {
      if (word == key) {
        long kib = 0;
        status >> kib;
        return kib;
      }
    }
    return 0;
  }

  static long max_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // KiB on Linux
  }

  bool hwm_reset_ = false;
  long start_kib_ = 0;
};

}  // namespace tarang::bench
