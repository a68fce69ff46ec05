// Fixed-width text tables for KPIs and sectors.
#include "cli/kpi_table.h"

#include <fmt/format.h>

#include <algorithm>

namespace tarang {

std::string format_kpi_table(const CoverageKpis& k) {
  std::string out = fmt::format("{:<22}{:>10}{:>10}{:>10}\n", "KPI", "p5", "p50", "p95");
  out += fmt::format("{:<22}{:>10.1f}{:>10.1f}{:>10.1f}\n", "RSRP (dBm)", k.rsrp_p5_dbm, k.rsrp_p50_dbm,
                     k.rsrp_p95_dbm);
  out += fmt::format("{:<22}{:>10.1f}{:>10.1f}{:>10.1f}\n", "SINR (dB)", k.sinr_p5_db, k.sinr_p50_db, k.sinr_p95_db);
  out += fmt::format("{:<22}{:>10.1f}{:>10.1f}{:>10.1f}\n", "Throughput (Mbit/s)", k.throughput_p5_mbps,
                     k.throughput_p50_mbps, k.throughput_p95_mbps);
  return out;
}

std::string format_coverage_line(const CoverageKpis& k) {
  return fmt::format("covered: {:.1f} % of cells (RSRP >= {:g} dBm and SINR >= {:g} dB)\n", 100.0 * k.covered_fraction,
                     k.target_rsrp_dbm, k.target_sinr_db);
}

std::string format_sector_table(const CoverageResult& r) {
  std::size_t id_width = 8, site_width = 6;
  for (const auto& s : r.sectors) {
    id_width = std::max(id_width, s.id.size() + 2);
    site_width = std::max(site_width, s.site_id.size() + 2);
  }
  std::string out = fmt::format("{:<{}}{:<{}}{:>12}{:>12}{:>8}{:>8}{:>7}{:>8}{:>10}\n", "sector", id_width, "site",
                                site_width, "x_m", "y_m", "z_m", "az_deg", "tilt", "P_dBm", "f_GHz");
  for (const auto& s : r.sectors) {
    out += fmt::format("{:<{}}{:<{}}{:>12.1f}{:>12.1f}{:>8.1f}{:>8.1f}{:>7.1f}{:>8.1f}{:>10.3f}\n", s.id, id_width,
                       s.site_id, site_width, s.x_m, s.y_m, s.z_m, s.azimuth_deg, s.tilt_deg, s.power_dbm,
                       s.frequency_hz / 1e9);
  }
  return out;
}

}  // namespace tarang
