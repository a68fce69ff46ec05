// Calibration report writer through io/h5_checked: attributes, two tables and the demand raster.
#include "calibration/calibration_report_h5.h"

#include <array>
#include <cmath>
#include <cstdint>

#include "io/h5_checked.h"
#include "io/h5_file_io.h"
#include "propagation/calibration_correction.h"

namespace tarang {
namespace {

void write_stats(hid_t loc, const std::string& prefix, const ErrorStats& s) {
  h5::write_attribute(loc, prefix + "_samples", static_cast<std::int64_t>(s.samples));
  h5::write_attribute(loc, prefix + "_mean_error_db", s.mean_db);
  h5::write_attribute(loc, prefix + "_std_error_db", s.std_db);
  h5::write_attribute(loc, prefix + "_rmse_db", s.rmse_db);
}

h5::Table sector_table(const CalibrationRun& run) {
  h5::Table t;
  t.string_names = {"sector_id"};
  t.string_columns.resize(1);
  t.double_names = {"samples", "offset_change_db", "slope_change_db_per_decade", "offset_db",
                    "distance_slope_db_per_decade", "mean_error_before_db", "std_error_before_db", "rmse_before_db",
                    "mean_error_after_db", "std_error_after_db", "rmse_after_db"};
  t.double_columns.resize(t.double_names.size());
  for (const SectorFit& f : run.fit.sectors) {
    double offset = run.calibration.offset_db, slope = 0;
    for (const SectorCalibration& sc : run.calibration.sectors) {
      if (sc.sector_id == f.sector_id) offset += sc.offset_db, slope = sc.distance_slope_db_per_decade;
    }
    t.string_columns[0].push_back(f.sector_id);
    const double values[] = {static_cast<double>(f.before.samples), f.offset_db, f.slope_db_per_decade, offset, slope,
                             f.before.mean_db, f.before.std_db, f.before.rmse_db, f.after.mean_db, f.after.std_db,
                             f.after.rmse_db};
    for (std::size_t i = 0; i < t.double_names.size(); ++i) t.double_columns[i].push_back(values[i]);
  }
  return t;
}

// The released aggregates with the model before and after calibration.
h5::Table aggregate_table(const CalibrationRun& run) {
  h5::Table t;
  t.string_names = {"sector_id"};
  t.string_columns.resize(1);
  t.double_names = {"row", "col", "x_m", "y_m", "devices", "mean_rsrp_dbm", "model_before_dbm", "model_after_dbm"};
  t.double_columns.resize(t.double_names.size());
  const RasterGrid& g = run.aggregation_grid;
  for (std::size_t i = 0; i < run.samples.size(); ++i) {
    const FitSample& s = run.samples[i];
    const AggregateCell& a = run.aggregates.cells[run.sample_cells[i]];
    const SectorFit& f = run.fit.sectors[static_cast<std::size_t>(s.sector)];
    const double change =
        run.kind == FitKind::MaterialScales ? run.material_fit.predicted_dbm[i] - s.predicted_dbm + run.fit.offset_db
        : run.kind == FitKind::GlobalOffset
            ? run.fit.offset_db
            : calibration_correction_db(f.offset_db, f.slope_db_per_decade, s.distance_m,
                                        run.scenario.calibration.reference_distance_m);
    const int row = static_cast<int>(a.cell / g.nx), col = static_cast<int>(a.cell % g.nx);
    t.string_columns[0].push_back(f.sector_id);
    const double values[] = {static_cast<double>(row), static_cast<double>(col), g.x_center_m(col), g.y_center_m(row),
                             a.devices, a.mean_rsrp_dbm, s.predicted_dbm, s.predicted_dbm + change};
    for (std::size_t k = 0; k < t.double_names.size(); ++k) t.double_columns[k].push_back(values[k]);
  }
  return t;
}

// The material fit (MaterialScales): per scene material the fitted changes, the resulting scales and the
// identifiability test's sensitivities.
h5::Table material_table(const CalibrationRun& run) {
  h5::Table t;
  t.string_names = {"material"};
  t.string_columns.resize(1);
  t.double_names = {"permittivity_fitted", "permittivity_scale_change", "permittivity_scale",
                    "permittivity_sensitivity_db", "permittivity_independent_db", "conductivity_fitted",
                    "conductivity_scale_change", "conductivity_scale", "conductivity_sensitivity_db",
                    "conductivity_independent_db"};
  t.double_columns.resize(t.double_names.size());
  for (const MaterialScaleFit& m : run.material_fit.materials) {
    double eps = 1, sigma = 1;
    for (const MaterialCalibration& mc : run.calibration.materials) {
      if (mc.material == m.material) eps = mc.permittivity_scale, sigma = mc.conductivity_scale;
    }
    t.string_columns[0].push_back(m.material);
    const double values[] = {m.permittivity_fitted ? 1.0 : 0.0, m.permittivity_scale, eps,
                             m.permittivity_sensitivity_db, m.permittivity_independent_db,
                             m.conductivity_fitted ? 1.0 : 0.0, m.conductivity_scale, sigma,
                             m.conductivity_sensitivity_db, m.conductivity_independent_db};
    for (std::size_t i = 0; i < t.double_names.size(); ++i) t.double_columns[i].push_back(values[i]);
  }
  return t;
}

const char* fit_name(FitKind kind) {
  switch (kind) {
    case FitKind::SectorOffsetSlope: return "sector_offset_slope";
    case FitKind::GlobalOffset: return "global_offset";
    case FitKind::MaterialScales: return "material_scales";
  }
  return "";
}

void write_content(hid_t file, const CalibrationRun& run, const PrivacyOptions& p, const CalibrationReportMeta& meta) {
  h5::write_attribute(file, "format", "tarang-calibration-1");
  h5::write_attribute(file, "tarang_version", meta.tarang_version);
  h5::write_attribute(file, "created_utc", meta.created_utc);
  h5::write_attribute(file, "command_line", meta.command_line);
  h5::Handle group = h5::create_group(file, "calibration");
  const hid_t g = group.get();
  h5::write_attribute(g, "scenario_name", run.scenario.name);
  h5::write_attribute(g, "fit", fit_name(run.kind));
  h5::write_attribute(g, "global_offset_change_db", run.fit.offset_db);
  h5::write_attribute(g, "global_offset_db", run.calibration.offset_db);
  h5::write_attribute(g, "reference_distance_m", run.calibration.reference_distance_m);
  h5::write_attribute(g, "error_definition", "model - measured, one sample per released (sector, cell) aggregate");
  write_stats(g, "before", run.fit.before);
  write_stats(g, "after", run.fit.after);

  h5::Handle privacy = h5::create_group(g, "privacy");
  const hid_t pv = privacy.get();
  h5::write_attribute(pv, "epsilon", p.epsilon);
  h5::write_attribute(pv, "delta", p.mechanism == NoiseMechanism::Gaussian ? p.delta : 0.0);
  h5::write_attribute(pv, "mechanism", p.mechanism == NoiseMechanism::Laplace ? "laplace" : "gaussian (zCDP)");
  h5::write_attribute(pv, "unit", "one device (all its rows)");
  h5::write_attribute(pv, "k_min_devices", static_cast<std::int64_t>(p.k_min_devices));
  h5::write_attribute(pv, "max_cells_per_device", static_cast<std::int64_t>(p.max_cells_per_device));
  h5::write_attribute(pv, "clip_min_dbm", p.clip_min_dbm);
  h5::write_attribute(pv, "clip_max_dbm", p.clip_max_dbm);
  h5::write_attribute(pv, "noise_scale_count", run.aggregates.scales.count);
  h5::write_attribute(pv, "noise_scale_sum_db", run.aggregates.scales.sum);
  h5::write_attribute(pv, "noise_scale_demand", run.aggregates.scales.demand);
  h5::write_attribute(pv, "random_source", p.seed ? "seeded mt19937_64 (reproducible study, not for release)"
                                                  : "std::random_device");

  h5::write_table(g, "sectors", sector_table(run));
  h5::write_table(g, "aggregates", aggregate_table(run));
  if (run.kind == FitKind::MaterialScales) {
    h5::write_table(g, "materials", material_table(run));
    h5::write_attribute(g, "material_fit_iterations", static_cast<std::int64_t>(run.material_fit.iterations));
    h5::write_attribute(g, "material_fit_traces", static_cast<std::int64_t>(run.material_fit.traces));
    h5::write_attribute(g, "material_fit_converged", static_cast<std::int64_t>(run.material_fit.converged ? 1 : 0));
  }
  const RasterGrid& grid = run.aggregation_grid;
  const std::array<hsize_t, 2> dims{static_cast<hsize_t>(grid.ny), static_cast<hsize_t>(grid.nx)};
  h5::Handle demand = h5::write_dataset(g, "demand_users_per_km2", dims, run.demand_users_per_km2.data());
  h5::write_attribute(demand.get(), "units", "users/km^2");
  const std::array<double, 6> gt = grid.geotransform();
  h5::write_attribute(demand.get(), "geotransform", std::span<const double>(gt.data(), gt.size()));
  h5::write_attribute(demand.get(), "crs_wkt", grid.crs_wkt);
}

}  // namespace

void write_calibration_report(const std::string& path, const CalibrationRun& run, const PrivacyOptions& privacy,
                              const CalibrationReportMeta& meta) {
  write_atomically(path, [&](const std::string& temp) {
    h5::silence_errors();
    h5::Handle file = h5::create_file(temp);
    write_content(file.get(), run, privacy, meta);
    file.close("close calibration report");
  });
}

}  // namespace tarang
