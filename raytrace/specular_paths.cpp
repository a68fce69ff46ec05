// Specular paths by SBR candidates + image method + visibility checks, with their complex amplitudes.
#include "raytrace/specular_paths.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>

#include "core/parallel_for.h"
#include "raytrace/fibonacci_sphere.h"
#include "raytrace/jones_frame.h"

namespace tarang {
namespace {

using Vec3d = Vec3<double>;
constexpr double kSpeedOfLight_m_per_s = 299792458.0;

Vec3d to_double(Vec3<float> v) { return {v.x, v.y, v.z}; }
Vec3<float> to_float(Vec3d v) { return {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)}; }

struct Plane {
  Vec3d normal;  // unit
  Vec3d point;
};

Plane surface_plane(const SceneMesh& mesh, std::uint32_t surface) {
  if (surface == kGroundSurface) return {{0, 0, 1}, {0, 0, 0}};
  const std::uint32_t* t = &mesh.indices[3 * static_cast<std::size_t>(surface)];
  auto vertex = [&](std::uint32_t i) {
    return Vec3d{mesh.positions_m[3 * i], mesh.positions_m[3 * i + 1], mesh.positions_m[3 * i + 2]};
  };
  const Vec3d a = vertex(t[0]), b = vertex(t[1]), c = vertex(t[2]);
  return {normalize(cross(b - a, c - a)), a};
}

Vec3d mirror(Vec3d p, const Plane& plane) { return p - (2.0 * dot(p - plane.point, plane.normal)) * plane.normal; }

// Hit of the mesh or, when enabled, the ground along origin + t d (float geometry, as the tracer sees it).
Hit first_hit(const EmbreeIntersector& embree, bool ground, Vec3d origin, Vec3d d, float t_min) {
  Hit hit = embree.intersect(Ray{to_float(origin), to_float(d), t_min, 1e30f});
  if (ground && d.z < 0 && origin.z > 0) {
    const double t_ground = -origin.z / d.z;
    if (t_ground < hit.t) hit = Hit{static_cast<float>(t_ground), kGroundSurface, {0, 0, 1}};
  }
  return hit;
}

// Interaction sequences of the rays that pass the receiver within a few tube radii (candidates for exact paths).
std::set<std::vector<std::uint32_t>> candidate_sequences(const EmbreeIntersector& embree, Vec3d tx, Vec3d rx,
                                                         const SpecularPathOptions& o) {
  const double tube_radius_per_m = std::sqrt(4.0 * M_PI / static_cast<double>(o.rays) / M_PI);
  std::set<std::vector<std::uint32_t>> all{{}};  // line of sight is always tried
  std::mutex merge;
  const std::uint64_t blocks = (o.rays + 4095) / 4096;
  parallel_for(blocks, [&](std::size_t b) {
    std::set<std::vector<std::uint32_t>> found;
    const std::uint64_t end = std::min<std::uint64_t>((b + 1) * 4096, o.rays);
    for (std::uint64_t i = b * 4096; i < end; ++i) {
      Vec3d p = tx, d = to_double(fibonacci_direction<float>(i, o.rays));
      double length_m = 0;
      std::vector<std::uint32_t> history;
      for (int depth = 0;; ++depth) {
        const Hit hit = first_hit(embree, o.ground, p, d, 0.0f);
        const double s = std::clamp(dot(rx - p, d), 0.0, static_cast<double>(hit.t));
        if (length(p + s * d - rx) < 3.0 * tube_radius_per_m * (length_m + s) + 0.01) found.insert(history);
        if (!is_hit(hit) || depth == o.max_depth) break;
        Vec3d n = to_double(hit.normal);
        if (dot(n, d) > 0) n = -1.0 * n;
        p = p + static_cast<double>(hit.t) * d + 1e-3 * n;
        d = d - (2.0 * dot(d, n)) * n;
        length_m += hit.t;
        history.push_back(hit.triangle);
      }
    }
    std::lock_guard<std::mutex> lock(merge);
    all.insert(found.begin(), found.end());
  });
  return all;
}

// The exact path for an interaction sequence (image method), or an empty vector when it does not exist.
std::vector<Vec3d> image_method(const SceneMesh& mesh, const std::vector<std::uint32_t>& surfaces, Vec3d tx, Vec3d rx) {
  std::vector<Plane> planes;
  std::vector<Vec3d> images{tx};
  for (std::uint32_t s : surfaces) {
    planes.push_back(surface_plane(mesh, s));
    images.push_back(mirror(images.back(), planes.back()));
  }
  std::vector<Vec3d> points(surfaces.size() + 2);
  points.front() = tx, points.back() = rx;
  Vec3d target = rx;
  for (std::size_t k = surfaces.size(); k >= 1; --k) {
    const Plane& plane = planes[k - 1];
    const double denom = dot(plane.normal, images[k] - target);
    if (std::fabs(denom) < 1e-12) return {};
    const double t = dot(plane.normal, plane.point - target) / denom;
    if (!(t > 1e-9 && t < 1 - 1e-9)) return {};
    target = target + t * (images[k] - target);
    points[k] = target;
  }
  return points;
}

// Whether every segment of the path is clear and every reflection point lies on a surface of its plane.
bool path_is_visible(const SceneMesh& mesh, const EmbreeIntersector& embree, bool ground,
                     const std::vector<std::uint32_t>& surfaces, const std::vector<Vec3d>& points) {
  for (std::size_t j = 0; j + 1 < points.size(); ++j) {
    const Vec3d from = points[j], to = points[j + 1];
    const double segment_m = length(to - from);
    const double tolerance_m = 1e-3 + 2e-5 * segment_m;  // float geometry of the intersector
    const Hit hit = first_hit(embree, ground, from, (1.0 / segment_m) * (to - from), j == 0 ? 0.0f : 2e-3f);
    const bool ends_on_surface = j + 1 < points.size() - 1;
    if (!ends_on_surface) {
      if (is_hit(hit) && hit.t < segment_m - tolerance_m) return false;
      continue;
    }
    const std::uint32_t expected = surfaces[j];
    if (!is_hit(hit) || std::fabs(hit.t - segment_m) > tolerance_m) return false;
    if (expected == kGroundSurface) {
      if (hit.triangle != kGroundSurface) return false;
      continue;
    }
    if (hit.triangle == kGroundSurface) return false;
    const Plane want = surface_plane(mesh, expected), got = surface_plane(mesh, hit.triangle);
    if (std::fabs(dot(want.normal, got.normal)) < 0.99999 || std::fabs(dot(want.normal, got.point - want.point)) > 0.01) {
      return false;
    }
  }
  return true;
}

double bearing_deg(Vec3d d) { return std::fmod(std::atan2(d.x, d.y) * 180.0 / M_PI + 360.0, 360.0); }
double elevation_deg(Vec3d d) { return std::asin(std::clamp(d.z, -1.0, 1.0)) * 180.0 / M_PI; }

// Complex amplitude of a geometric path: Jones chain of Fresnel coefficients, free-space spreading and phase.
std::complex<double> path_amplitude(const SceneMesh& mesh, const std::vector<SurfaceMaterial>& materials,
                                    const SurfaceMaterial& ground, const std::vector<std::uint32_t>& surfaces,
                                    const std::vector<Vec3d>& points, const SpecularPathOptions& o, double length_m) {
  Vec3<float> d = to_float(normalize(points[1] - points[0]));
  JonesFrame frame = launch_frame(d);
  for (std::size_t k = 0; k < surfaces.size(); ++k) {
    const Vec3<float> d_out = to_float(normalize(points[k + 2] - points[k + 1]));
    Vec3<float> n = to_float(surface_plane(mesh, surfaces[k]).normal);
    float cos_i = -dot(d, n);
    if (cos_i < 0) n = -1.0f * n, cos_i = -cos_i;
    Vec3<float> s = cross(d, n);
    s = length(s) > 1e-6f ? normalize(s) : frame.u;
    const SurfaceMaterial& m =
        surfaces[k] == kGroundSurface ? ground : materials[mesh.triangle_material[surfaces[k]]];
    const SurfaceCoefficients c = surface_coefficients(m, cos_i, static_cast<float>(o.frequency_hz));
    apply_interaction(frame, s, cross(d, s), cross(d_out, s), c.r_te, c.r_tm);
    d = d_out;
  }
  return received_amplitude(frame, points, o, length_m, 1.0 / length_m);
}

}  // namespace

std::complex<double> received_amplitude(const JonesFrame& frame, const std::vector<Vec3<double>>& points,
                                        const SpecularPathOptions& o, double length_m, double spreading) {
  const Complex<float> e_theta{o.horizontal_polarization ? 0.0f : 1.0f, 0}, e_phi{o.horizontal_polarization ? 1.0f : 0.0f, 0};
  const Complex<float> fu = frame.m[0] * e_theta + frame.m[1] * e_phi, fv = frame.m[2] * e_theta + frame.m[3] * e_phi;
  Vec3<float> theta_hat, phi_hat;
  spherical_basis(to_float(normalize(points[points.size() - 2] - points.back())), theta_hat, phi_hat);
  const Vec3<float> rx_pol = o.horizontal_polarization ? phi_hat : theta_hat;
  const Complex<float> received = dot(frame.u, rx_pol) * fu + dot(frame.v, rx_pol) * fv;
  const double wavelength_m = kSpeedOfLight_m_per_s / o.frequency_hz;
  const double phase = -2.0 * M_PI * std::fmod(length_m / wavelength_m, 1.0);
  return std::complex<double>(received.re, received.im) * (wavelength_m / (4.0 * M_PI)) * spreading *
         std::polar(1.0, phase);
}

std::vector<PropagationPath> find_specular_paths(const SceneMesh& mesh, const EmbreeIntersector& embree,
                                                 const std::vector<SurfaceMaterial>& materials,
                                                 const SurfaceMaterial& ground, Vec3<double> tx, Vec3<double> rx,
                                                 const SpecularPathOptions& options) {
  std::map<std::vector<long long>, PropagationPath> unique;  // keyed by vertices rounded to 1 mm
  for (const std::vector<std::uint32_t>& surfaces : candidate_sequences(embree, tx, rx, options)) {
    const std::vector<Vec3d> points = image_method(mesh, surfaces, tx, rx);
    if (points.empty() || !path_is_visible(mesh, embree, options.ground, surfaces, points)) continue;
    std::vector<long long> key;
    for (const Vec3d& p : points) {
      for (double c : {p.x, p.y, p.z}) key.push_back(std::llround(c * 1000));
    }
    if (unique.count(key)) continue;
    PropagationPath path;
    path.vertices = points;
    path.surfaces = surfaces;
    for (std::size_t j = 0; j + 1 < points.size(); ++j) path.length_m += length(points[j + 1] - points[j]);
    path.delay_s = path.length_m / kSpeedOfLight_m_per_s;
    path.amplitude = path_amplitude(mesh, materials, ground, surfaces, points, options, path.length_m);
    const Vec3d departure = normalize(points[1] - points[0]), arrival = normalize(points[points.size() - 2] - rx);
    path.aod_azimuth_deg = bearing_deg(departure), path.aod_elevation_deg = elevation_deg(departure);
    path.aoa_azimuth_deg = bearing_deg(arrival), path.aoa_elevation_deg = elevation_deg(arrival);
    unique.emplace(std::move(key), std::move(path));
  }
  std::vector<PropagationPath> paths;
  for (auto& [key, path] : unique) paths.push_back(std::move(path));
  std::stable_sort(paths.begin(), paths.end(),
                   [](const PropagationPath& a, const PropagationPath& b) { return a.delay_s < b.delay_s; });
  return paths;
}

LinkSummary summarize_paths(const std::vector<PropagationPath>& paths) {
  std::complex<double> sum = 0;
  double power = 0, weighted_delay = 0;
  for (const PropagationPath& p : paths) {
    sum += p.amplitude;
    power += std::norm(p.amplitude);
    weighted_delay += std::norm(p.amplitude) * p.delay_s;
  }
  LinkSummary s;
  s.coherent_gain_db = 10 * std::log10(std::norm(sum));
  s.incoherent_gain_db = 10 * std::log10(power);
  if (power > 0) {
    const double mean = weighted_delay / power;
    double spread = 0;
    for (const PropagationPath& p : paths) spread += std::norm(p.amplitude) * (p.delay_s - mean) * (p.delay_s - mean);
    s.rms_delay_spread_s = std::sqrt(spread / power);
  }
  return s;
}

std::string interaction_text(const PropagationPath& path) {
  if (path.surfaces.empty()) return "LOS";
  std::string text;
  for (std::uint32_t s : path.surfaces) {
    const char* kind = s == kGroundSurface ? "G" : ((s & 0x80000000u) != 0 ? "D" : "R");  // raytrace/diffraction_paths.h
    text += std::string(text.empty() ? "" : "-") + kind;
  }
  return text;
}

}  // namespace tarang
