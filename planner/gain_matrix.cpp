// Sparse gain matrices: chunked sparsification of dense maps, transposition, input hashing and the HDF5 cache.
#include "planner/gain_matrix.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "core/parallel_for.h"
#include "io/gain_matrix_h5.h"
#include "planner/best_server_maps.h"
#include "propagation/empirical_gain_maps.h"
#include "propagation/link_budget.h"

namespace tarang {
namespace {

// The kept cells of one sector, before they are appended to the matrix.
struct SectorEntries {
  std::vector<GainRun> runs;
  std::vector<float> gain_db;
};

SectorEntries sparsify_sector(const float* gain_db, std::size_t cells, double rsrp_offset_db, double keep_rsrp_dbm) {
  SectorEntries out;
  bool in_run = false;
  for (std::size_t c = 0; c < cells; ++c) {
    const float g = gain_db[c];
    const bool keep = !std::isnan(g) && g + rsrp_offset_db >= keep_rsrp_dbm;
    if (!keep) {
      in_run = false;
      continue;
    }
    if (in_run) {
      ++out.runs.back().cell_count;
    } else {
      out.runs.push_back(GainRun{static_cast<std::uint32_t>(c), 1});
      in_run = true;
    }
    out.gain_db.push_back(g);
  }
  return out;
}

// FNV-1a over typed fields; strings carry their length so field boundaries cannot alias.
class InputHasher {
 public:
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) hash_ = (hash_ ^ p[i]) * 0x100000001b3ULL;
  }
  void u64(std::uint64_t v) { bytes(&v, sizeof v); }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void text(std::string_view s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  // A data file: its path, size and modification time (content changes without either go unnoticed).
  void file(const std::string& path) {
    text(path);
    std::error_code ec;
    u64(static_cast<std::uint64_t>(std::filesystem::file_size(path, ec)));
    const auto time = std::filesystem::last_write_time(path, ec);
    u64(static_cast<std::uint64_t>(time.time_since_epoch().count()));
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

void hash_antenna(InputHasher& h, const AntennaSpec& a) {
  h.u64(static_cast<std::uint64_t>(a.kind));
  h.u64(static_cast<std::uint64_t>(a.rows)), h.u64(static_cast<std::uint64_t>(a.cols));
  h.f64(a.spacing_wl);
  h.u64(static_cast<std::uint64_t>(a.beams)), h.f64(a.beam_half_span_deg);
  h.u64(static_cast<std::uint64_t>(a.beam_tilts)), h.f64(a.beam_tilt_first_deg), h.f64(a.beam_tilt_step_deg);
  h.u64(static_cast<std::uint64_t>(a.element));
  h.f64(a.msi_gain_dbi);
  h.u64(a.msi_cuts_db.size());
  h.bytes(a.msi_cuts_db.data(), a.msi_cuts_db.size() * sizeof(float));
}

}  // namespace

SparseGainMatrixBuilder::SparseGainMatrixBuilder(std::size_t cell_count, double keep_rsrp_dbm) {
  if (cell_count > UINT32_MAX) throw std::invalid_argument("SparseGainMatrixBuilder: more than 2^32 cells");
  matrix_.cell_count = cell_count;
  matrix_.keep_rsrp_dbm = keep_rsrp_dbm;
  matrix_.computed.assign(cell_count, 0);
}

void SparseGainMatrixBuilder::append(std::span<const float> gain_db, std::span<const double> rsrp_offset_db,
                                     int threads) {
  append(sparsify(gain_db, rsrp_offset_db, threads));
}

SparseGainMatrixBuilder::Chunk SparseGainMatrixBuilder::sparsify(std::span<const float> gain_db,
                                                                 std::span<const double> rsrp_offset_db,
                                                                 int threads) const {
  const std::size_t cells = matrix_.cell_count, sectors = rsrp_offset_db.size();
  if (gain_db.size() != sectors * cells) throw std::invalid_argument("SparseGainMatrixBuilder: chunk size mismatch");
  std::vector<SectorEntries> entries(sectors);
  parallel_for(
      sectors,
      [&](std::size_t k) {
        entries[k] = sparsify_sector(gain_db.data() + k * cells, cells, rsrp_offset_db[k], matrix_.keep_rsrp_dbm);
      },
      threads);
  std::vector<std::uint8_t> computed(cells, 0);
  parallel_for_chunks(
      cells,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = 0; k < sectors; ++k) {
          const float* g = gain_db.data() + k * cells;
          for (std::size_t c = begin; c < end; ++c) computed[c] |= std::isnan(g[c]) ? 0 : 1;
        }
      },
      threads);
  Chunk chunk;
  chunk.rsrp_offset_db.assign(rsrp_offset_db.begin(), rsrp_offset_db.end());
  for (SectorEntries& e : entries) {
    chunk.runs.push_back(std::move(e.runs));
    chunk.gain_db.push_back(std::move(e.gain_db));
  }
  for (std::size_t c = 0; c < cells; ++c) {
    if (!computed[c]) continue;
    if (c > 0 && computed[c - 1]) {
      ++chunk.computed.back().cell_count;
    } else {
      chunk.computed.push_back(GainRun{static_cast<std::uint32_t>(c), 1});
    }
  }
  return chunk;
}

void SparseGainMatrixBuilder::append(Chunk chunk) {
  if (chunk.runs.size() != chunk.rsrp_offset_db.size() || chunk.gain_db.size() != chunk.rsrp_offset_db.size()) {
    throw std::invalid_argument("SparseGainMatrixBuilder: chunk rows do not match its sectors");
  }
  for (std::size_t k = 0; k < chunk.rsrp_offset_db.size(); ++k) {
    matrix_.rsrp_offset_db.push_back(chunk.rsrp_offset_db[k]);
    matrix_.runs.insert(matrix_.runs.end(), chunk.runs[k].begin(), chunk.runs[k].end());
    matrix_.gain_db.insert(matrix_.gain_db.end(), chunk.gain_db[k].begin(), chunk.gain_db[k].end());
    matrix_.run_offsets.push_back(matrix_.runs.size());
    matrix_.gain_offsets.push_back(matrix_.gain_db.size());
  }
  for (const GainRun& run : chunk.computed) {
    if (static_cast<std::size_t>(run.first_cell) + run.cell_count > matrix_.cell_count) {
      throw std::invalid_argument("SparseGainMatrixBuilder: computed cells outside the grid");
    }
    std::fill_n(matrix_.computed.begin() + run.first_cell, run.cell_count, std::uint8_t{1});
  }
}

SparseGainMatrix SparseGainMatrixBuilder::finish() {
  SparseGainMatrix out = std::move(matrix_);
  matrix_ = SparseGainMatrix{};
  matrix_.cell_count = out.cell_count;
  matrix_.keep_rsrp_dbm = out.keep_rsrp_dbm;
  matrix_.computed.assign(out.cell_count, 0);
  return out;
}

std::vector<double> rsrp_offsets_db(const Scenario& s) {
  const LinkBudget budget = link_budget_of(s);
  std::vector<double> offsets;
  for (double power_dbm : budget.power_dbm) offsets.push_back(rsrp_per_re_dbm(power_dbm, budget.n_rb, 0.0));
  return offsets;
}

SparseGainMatrix build_gain_matrix(const Scenario& candidates, const RasterGrid& grid, const GainMatrixOptions& options,
                                   const DenseGainMapsFn& dense_maps) {
  const std::vector<double> offsets = rsrp_offsets_db(candidates);
  const std::size_t map_bytes = grid.cell_count() * sizeof(float);
  SparseGainMatrixBuilder builder(grid.cell_count(), options.keep_rsrp_dbm);
  Scenario chunk = candidates;
  std::size_t first_sector = 0;
  for (std::size_t site = 0; site < candidates.sites.size();) {
    // Whole sites, as many as fit in the chunk budget (always at least one).
    chunk.sites.clear();
    std::size_t sectors = 0;
    while (site < candidates.sites.size()) {
      const std::size_t more = candidates.sites[site].sectors.size();
      if (!chunk.sites.empty() && (sectors + more) * map_bytes > options.max_chunk_bytes) break;
      chunk.sites.push_back(candidates.sites[site++]);
      sectors += more;
    }
    const std::vector<float> dense = dense_maps(chunk);
    builder.append(dense, std::span<const double>(offsets).subspan(first_sector, sectors), options.threads);
    first_sector += sectors;
  }
  return builder.finish();
}

void run_units_here(const std::vector<std::uint32_t>& units, const UnitComputeFn& compute,
                    const UnitDeliverFn& deliver) {
  for (const std::uint32_t unit : units) deliver(unit, compute(unit));
}

SparseGainMatrix build_gain_matrix_of_sites(const Scenario& candidates, const RasterGrid& grid,
                                            const GainMatrixOptions& options, const UnitComputeFn& site_maps,
                                            const UnitRunner& run_units, const SparseUnitStore* store) {
  const std::vector<double> offsets = rsrp_offsets_db(candidates);
  const std::size_t sites = candidates.sites.size();
  if (store != nullptr && store->done.size() != sites) throw std::logic_error("build_gain_matrix_of_sites: store size");
  const auto stored = [&](std::size_t site) { return store != nullptr && store->done[site] != 0; };
  std::vector<std::size_t> first_sector(sites + 1, 0);
  for (std::size_t i = 0; i < sites; ++i) first_sector[i + 1] = first_sector[i] + candidates.sites[i].sectors.size();
  const auto site_offsets = [&](std::size_t site) {
    return std::span<const double>(offsets).subspan(first_sector[site], first_sector[site + 1] - first_sector[site]);
  };
  std::vector<std::uint32_t> units;
  for (std::size_t i = 0; i < sites; ++i) {
    if (!stored(i)) units.push_back(static_cast<std::uint32_t>(i));
  }

  SparseGainMatrixBuilder builder(grid.cell_count(), options.keep_rsrp_dbm);
  std::vector<std::optional<SparseGainMatrixBuilder::Chunk>> waiting(sites);  // delivered ahead of their turn
  std::size_t next = 0;  // the next site to append
  // Appends the sites whose rows are here (stored ones read now), in site order, up to the first missing one.
  const auto append_ready = [&] {
    for (; next < sites; ++next) {
      if (stored(next)) {
        SparseGainRows rows = store->read(static_cast<std::uint32_t>(next));
        const std::span<const double> o = site_offsets(next);
        rows.rsrp_offset_db.assign(o.begin(), o.end());
        builder.append(std::move(rows));
      } else if (waiting[next]) {
        builder.append(std::move(*waiting[next]));
        waiting[next].reset();
      } else {
        break;
      }
    }
  };
  append_ready();
  run_units(units, site_maps, [&](std::uint32_t site, std::vector<float> values) {
    if (site >= sites || waiting[site] || site < next || stored(site)) {
      throw std::logic_error("build_gain_matrix_of_sites: unexpected work unit received");
    }
    const std::size_t n = first_sector[site + 1] - first_sector[site];
    if (values.size() != n * grid.cell_count()) throw std::logic_error("build_gain_matrix_of_sites: unit size");
    waiting[site] = builder.sparsify(values, site_offsets(site), options.threads);
    if (store != nullptr) store->write(site, *waiting[site]);
    append_ready();
  });
  return builder.finish();
}

SparseGainMatrix build_empirical_gain_matrix(const Scenario& candidates, const RasterGrid& grid,
                                             const GainMatrixOptions& options, Progress* progress) {
  if (candidates.propagation.model == PathLossModel::Raytrace) {
    throw std::invalid_argument("build_empirical_gain_matrix: the scenario uses the ray tracer");
  }
  return build_gain_matrix(candidates, grid, options, [&](const Scenario& chunk) {
    return compute_empirical_gain_maps(chunk, grid, progress, options.threads);
  });
}

SparseGainColumns transpose_gain_matrix(const SparseGainMatrix& m) {
  SparseGainColumns t;
  t.offsets.assign(m.cell_count + 1, 0);
  for (const GainRun& run : m.runs) {
    for (std::uint32_t i = 0; i < run.cell_count; ++i) ++t.offsets[run.first_cell + i + 1];
  }
  for (std::size_t c = 0; c < m.cell_count; ++c) t.offsets[c + 1] += t.offsets[c];
  t.sector.resize(m.entry_count());
  t.gain_db.resize(m.entry_count());
  std::vector<std::uint64_t> next(t.offsets.begin(), t.offsets.end() - 1);
  for (std::size_t k = 0; k < m.sector_count(); ++k) {
    m.for_each_entry(k, [&](std::size_t c, float g) {
      const std::uint64_t slot = next[c]++;
      t.sector[slot] = static_cast<std::uint32_t>(k);
      t.gain_db[slot] = g;
    });
  }
  return t;
}

std::uint64_t gain_matrix_input_key(const Scenario& s, const RasterGrid& grid, double keep_rsrp_dbm) {
  InputHasher h;
  h.text("tarang-gain-matrix-key-1");
  const RadioSpec& r = s.radio;
  for (double v : {r.frequency_hz, r.bandwidth_hz, r.subcarrier_spacing_hz, r.pressure_hpa, r.temperature_c,
                   r.water_vapour_g_m3, r.rain_mm_h}) {
    h.f64(v);
  }
  h.u64(r.atmosphere ? 1 : 0), h.u64(static_cast<std::uint64_t>(r.polarization));
  const PropagationSpec& p = s.propagation;
  for (int v : {static_cast<int>(p.model), static_cast<int>(p.scenario), static_cast<int>(p.los),
                static_cast<int>(p.p1411_environment), static_cast<int>(p.p1411_placement),
                static_cast<int>(p.hata_environment), static_cast<int>(p.hata_city), p.cost231_metropolitan ? 1 : 0}) {
    h.u64(static_cast<std::uint64_t>(v));
  }
  h.f64(p.rma_building_height_m), h.f64(p.rma_street_width_m);
  if (p.model == PathLossModel::Raytrace) {
    const RaytraceSpec& rt = s.raytrace;
    h.u64(static_cast<std::uint64_t>(rt.engine)), h.u64(rt.rays), h.u64(static_cast<std::uint64_t>(rt.max_depth));
    h.u64(rt.transmission ? 1 : 0), h.f64(rt.min_gain_db), h.u64(rt.seed);
    const SceneSpec& sc = s.scene;
    h.text(sc.crs), h.u64(static_cast<std::uint64_t>(sc.ground)), h.text(sc.ground_material);
    h.text(sc.building_material), h.u64(static_cast<std::uint64_t>(sc.source));
    for (const std::string* path : {&sc.mesh_path, &sc.file_path, &sc.buildings_path, &sc.dem_path}) h.file(*path);
    const ProceduralSpec& pc = sc.procedural;
    for (double v : {sc.origin_x_m, sc.origin_y_m, sc.level_height_m, sc.default_height_m, pc.building_size_m,
                     pc.pitch_m, pc.min_height_m, pc.max_height_m, pc.origin_lon_deg, pc.origin_lat_deg}) {
      h.f64(v);
    }
    h.u64(static_cast<std::uint64_t>(pc.blocks)), h.u64(pc.seed), h.text(sc.material_attribute);
    for (const CustomMaterial& m : s.custom_materials) {
      h.text(m.name), h.f64(m.eps_r), h.f64(m.sigma_s_per_m), h.f64(m.thickness_m), h.f64(m.scattering_coefficient);
    }
    h.u64(s.allow_extrapolation ? 1 : 0);
  }
  h.u64(s.sites.size());
  for (const SiteSpec& site : s.sites) {
    h.f64(site.x_m), h.f64(site.y_m), h.f64(site.height_m), h.u64(site.sectors.size());
    for (const SectorSpec& sector : site.sectors) {
      h.f64(sector.azimuth_deg), h.f64(sector.tilt_deg), h.f64(sector.power_dbm);
      h.u64(static_cast<std::uint64_t>(sector.polarization));
      hash_antenna(h, sector.antenna);
    }
  }
  for (double v : {grid.west_m, grid.north_m, grid.cell_m, grid.height_m, s.grid.base_z_m, keep_rsrp_dbm}) h.f64(v);
  h.u64(static_cast<std::uint64_t>(grid.nx)), h.u64(static_cast<std::uint64_t>(grid.ny)), h.text(grid.crs_wkt);
  // The calibration (also from a fragment file): offsets act on the gains, material scales in the tracer.
  const CalibrationSpec& c = s.calibration;
  h.f64(c.offset_db), h.f64(c.reference_distance_m), h.u64(c.sectors.size()), h.u64(c.materials.size());
  for (const SectorCalibration& sc : c.sectors) {
    h.text(sc.sector_id), h.f64(sc.offset_db), h.f64(sc.distance_slope_db_per_decade);
  }
  for (const MaterialCalibration& mc : c.materials) {
    h.text(mc.material), h.f64(mc.permittivity_scale), h.f64(mc.conductivity_scale);
  }
  return h.value();
}

SparseGainMatrix load_or_build_gain_matrix(const std::string& cache_path, std::uint64_t input_key,
                                           const std::function<SparseGainMatrix()>& build, bool* reused,
                                           std::string* note) {
  std::string why;
  if (!cache_path.empty()) {
    std::optional<SparseGainMatrix> cached = read_gain_matrix_cache(cache_path, input_key, &why);
    if (cached) {
      if (reused != nullptr) *reused = true;
      if (note != nullptr) note->clear();
      return std::move(*cached);
    }
  }
  SparseGainMatrix m = build();
  if (!cache_path.empty()) write_gain_matrix_cache(cache_path, m, input_key);
  if (reused != nullptr) *reused = false;
  if (note != nullptr) *note = why;
  return m;
}

}  // namespace tarang
