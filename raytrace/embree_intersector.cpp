// Embree 3 wrapper: device and scene lifetime, error forwarding, closest-hit queries (single rays, packets of 16).
// The mesh goes to Embree as one quad geometry: two consecutive triangles that already are Embree's split of a quad, or
// that form an axis-parallel rectangle, as one quad (half the primitives to build a BVH over), every other triangle as
// a degenerate quad (v0, v1, v2, v2).
#include "raytrace/embree_intersector.h"

#include <embree3/rtcore.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"

namespace tarang {

struct EmbreeIntersector::State {
  RTCDevice device = nullptr;
  RTCScene scene = nullptr;
  std::mutex error_mutex;
  std::string first_error;
  // Our triangle ids of Embree's quad q: 2q for its triangle (v0, v1, v3), 2q + 1 for (v2, v3, v1) (the same id
  // twice for a degenerate quad, whose second triangle is never hit).
  std::vector<std::uint32_t> quad_triangles;
  std::size_t paired_triangles = 0;
};

namespace {

void on_embree_error(void* user, RTCError code, const char* message) {
  auto* state = static_cast<EmbreeIntersector::State*>(user);
  std::lock_guard<std::mutex> lock(state->error_mutex);
  if (state->first_error.empty()) {
    state->first_error = "Embree error " + std::to_string(static_cast<int>(code)) + ": " + (message ? message : "");
  }
}

void throw_if_failed(EmbreeIntersector::State& state, const char* what) {
  std::lock_guard<std::mutex> lock(state.error_mutex);
  if (!state.first_error.empty()) throw RuntimeFailure(std::string(what) + ": " + state.first_error);
}

// Whether quad (v0, v1, v2, v3) is a rectangle with axis-parallel sides in a plane x, y or z = const. Only then are
// Embree's distances on the quad bit-identical to those on the two triangles it replaces: relative to any ray origin
// every edge and the plane normal are made of the same two coordinate differences, whichever corner comes first (on a
// general plane the rounding depends on the corner order, and maps would change in the last bits).
bool is_axis_rectangle(const float* positions_m, const std::array<std::uint32_t, 4>& quad) {
  const float* p[4];
  for (int k = 0; k < 4; ++k) p[k] = positions_m + 3 * static_cast<std::size_t>(quad[k]);
  int previous_axis = -1;
  for (int k = 0; k < 4; ++k) {  // each side changes exactly one coordinate, the sides alternating between two axes
    const float* a = p[k];
    const float* b = p[(k + 1) % 4];
    const int changes = (a[0] != b[0]) + (a[1] != b[1]) + (a[2] != b[2]);
    const int axis = a[0] != b[0] ? 0 : (a[1] != b[1] ? 1 : 2);
    if (changes != 1 || axis == previous_axis) return false;
    previous_axis = axis;
  }
  return true;  // single-axis steps, never the same axis twice in a row, closing: sides along i, j, i, j
}

// Quad (v0, v1, v2, v3) made of triangles t and t + 1 when they share material and object and either already are
// Embree's split of it, t = (v0, v1, v3) and t + 1 = (v2, v3, v1) corners in that order (any shape: Embree then does
// the very arithmetic it does on the two triangles, e.g. the GIS extruder's walls), or share an edge (in opposite
// directions) and form an axis-parallel rectangle (the split rotates both triangles). Either way the quad covers exactly
// the two triangles. Returns false when they do not pair.
bool pair_as_quad(const SceneMesh& mesh, std::size_t t, std::array<std::uint32_t, 4>& quad) {
  const auto differs = [t](const auto& per_triangle) {  // per-triangle data may be absent (bare test meshes)
    return t + 1 < per_triangle.size() && per_triangle[t] != per_triangle[t + 1];
  };
  if (differs(mesh.triangle_material) || differs(mesh.triangle_object)) return false;
  const std::uint32_t* a = &mesh.indices[3 * t];
  const std::uint32_t* b = &mesh.indices[3 * t + 3];
  if (b[1] == a[2] && b[2] == a[1]) {  // a = (p, q, s), b = (r, s, q): Embree's split of (p, q, r, s), unrotated
    quad = {a[0], a[1], b[0], a[2]};
    return true;
  }
  for (int k = 0; k < 3; ++k) {
    const std::uint32_t from = a[k], to = a[(k + 1) % 3];
    for (int j = 0; j < 3; ++j) {
      if (b[j] != to || b[(j + 1) % 3] != from) continue;
      quad = {a[(k + 2) % 3], from, b[(j + 2) % 3], to};
      return is_axis_rectangle(mesh.positions_m.data(), quad);
    }
  }
  return false;
}

}  // namespace

EmbreeIntersector::EmbreeIntersector(const SceneMesh& mesh)
    : state_(std::make_unique<State>()), positions_m_(mesh.positions_m.data()), indices_(mesh.indices.data()) {
  state_->device = rtcNewDevice("verbose=0");
  if (state_->device == nullptr) throw RuntimeFailure("Embree: cannot create a device");
  rtcSetDeviceErrorFunction(state_->device, on_embree_error, state_.get());
  state_->scene = rtcNewScene(state_->device);
  rtcSetSceneBuildQuality(state_->scene, RTC_BUILD_QUALITY_HIGH);
  rtcSetSceneFlags(state_->scene, RTC_SCENE_FLAG_ROBUST);  // watertight: rays through shared edges never slip
  const std::size_t triangles = mesh.triangle_count();
  if (triangles > 0) {
    // Embree's index buffer, 4 per quad, filled in place: sized for one quad per triangle (pages past the quads
    // actually written are never touched), of which the geometry uses the first `quads`.
    RTCBuffer index_buffer = rtcNewBuffer(state_->device, 4 * sizeof(unsigned) * triangles);
    throw_if_failed(*state_, "Embree: allocating the index buffer");
    auto* indices = static_cast<unsigned*>(rtcGetBufferData(index_buffer));
    std::size_t quads = 0;
    state_->quad_triangles.reserve(2 * triangles);
    for (std::size_t t = 0; t < triangles; ++t, ++quads) {
      std::array<std::uint32_t, 4> quad;
      const auto id = static_cast<std::uint32_t>(t);
      if (t + 1 < triangles && pair_as_quad(mesh, t, quad)) {
        state_->quad_triangles.insert(state_->quad_triangles.end(), {id, id + 1});
        state_->paired_triangles += 2;
        ++t;
      } else {
        // (v0, v1, v2, v2): Embree's first triangle is the triangle itself, corners in its own order.
        const std::uint32_t* v = &mesh.indices[3 * t];
        quad = {v[0], v[1], v[2], v[2]};
        state_->quad_triangles.insert(state_->quad_triangles.end(), {id, id});
      }
      std::copy(quad.begin(), quad.end(), indices + 4 * quads);
    }
    RTCGeometry geometry = rtcNewGeometry(state_->device, RTC_GEOMETRY_TYPE_QUAD);
    rtcSetGeometryBuffer(geometry, RTC_BUFFER_TYPE_INDEX, 0, RTC_FORMAT_UINT4, index_buffer, 0,
                         4 * sizeof(unsigned), quads);
    rtcReleaseBuffer(index_buffer);  // the geometry holds it
    // Embree-owned (padded) buffers: Embree may read past the last vertex, which a std::vector does not allow.
    auto* vertices = static_cast<float*>(rtcSetNewGeometryBuffer(geometry, RTC_BUFFER_TYPE_VERTEX, 0,
                                                                  RTC_FORMAT_FLOAT3, 3 * sizeof(float),
                                                                  mesh.vertex_count()));
    throw_if_failed(*state_, "Embree: allocating the vertex buffer");
    std::copy(mesh.positions_m.begin(), mesh.positions_m.end(), vertices);
    rtcCommitGeometry(geometry);
    rtcAttachGeometry(state_->scene, geometry);
    rtcReleaseGeometry(geometry);
  }
  rtcCommitScene(state_->scene);
  throw_if_failed(*state_, "Embree: building the scene");
}

EmbreeIntersector::~EmbreeIntersector() {
  if (state_->scene) rtcReleaseScene(state_->scene);
  if (state_->device) rtcReleaseDevice(state_->device);
}

std::size_t EmbreeIntersector::paired_triangle_count() const { return state_->paired_triangles; }

Hit EmbreeIntersector::intersect(const Ray& ray) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  RTCRayHit rh;
  rh.ray.org_x = ray.origin.x, rh.ray.org_y = ray.origin.y, rh.ray.org_z = ray.origin.z;
  rh.ray.dir_x = ray.direction.x, rh.ray.dir_y = ray.direction.y, rh.ray.dir_z = ray.direction.z;
  rh.ray.tnear = ray.t_min;
  rh.ray.tfar = ray.t_max;
  rh.ray.time = 0;
  rh.ray.mask = 0xffffffffu;
  rh.ray.id = 0;
  rh.ray.flags = 0;
  rh.hit.geomID = RTC_INVALID_GEOMETRY_ID;
  rh.hit.primID = RTC_INVALID_GEOMETRY_ID;
  rtcIntersect1(state_->scene, &context, &rh);
  if (rh.hit.geomID == RTC_INVALID_GEOMETRY_ID) return Hit{ray.t_max, kNoHit, {0, 0, 0}};
  return hit_of(rh.hit.primID, rh.hit.u, rh.hit.v, rh.ray.tfar);
}

void EmbreeIntersector::intersect_packet(const Ray* rays, int count, Hit* hits, bool coherent) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  if (coherent) context.flags = RTC_INTERSECT_CONTEXT_FLAG_COHERENT;
  alignas(64) int valid[kPacketSize];
  alignas(64) RTCRayHit16 rh;
  for (int k = 0; k < kPacketSize; ++k) {
    const Ray& ray = rays[k < count ? k : 0];  // idle lanes: a copy of the first ray, masked off
    valid[k] = k < count ? -1 : 0;
    rh.ray.org_x[k] = ray.origin.x, rh.ray.org_y[k] = ray.origin.y, rh.ray.org_z[k] = ray.origin.z;
    rh.ray.dir_x[k] = ray.direction.x, rh.ray.dir_y[k] = ray.direction.y, rh.ray.dir_z[k] = ray.direction.z;
    rh.ray.tnear[k] = ray.t_min;
    rh.ray.tfar[k] = ray.t_max;
    rh.ray.time[k] = 0;
    rh.ray.mask[k] = 0xffffffffu;
    rh.ray.id[k] = static_cast<unsigned>(k);
    rh.ray.flags[k] = 0;
    rh.hit.geomID[k] = RTC_INVALID_GEOMETRY_ID;
    rh.hit.primID[k] = RTC_INVALID_GEOMETRY_ID;
  }
  rtcIntersect16(valid, state_->scene, &context, &rh);
  for (int k = 0; k < count; ++k) {
    hits[k] = rh.hit.geomID[k] == RTC_INVALID_GEOMETRY_ID
                  ? Hit{rays[k].t_max, kNoHit, {0, 0, 0}}
                  : hit_of(rh.hit.primID[k], rh.hit.u[k], rh.hit.v[k], rh.ray.tfar[k]);
  }
}

Hit EmbreeIntersector::hit_of(unsigned quad, float u, float v, float t) const {
  // A quad's (u, v) lie in its first triangle (v0, v1, v3) when u + v <= 1, else in (v2, v3, v1); on the shared
  // diagonal either is right (same plane, same distance).
  const std::uint32_t triangle = state_->quad_triangles[2 * static_cast<std::size_t>(quad) + (u + v > 1.0f ? 1 : 0)];
  // Our own normal from the vertices (counter-clockwise winding), identical to the other intersectors'.
  const std::uint32_t* tri = indices_ + 3 * static_cast<std::size_t>(triangle);
  const float* a = positions_m_ + 3 * static_cast<std::size_t>(tri[0]);
  const float* b = positions_m_ + 3 * static_cast<std::size_t>(tri[1]);
  const float* c = positions_m_ + 3 * static_cast<std::size_t>(tri[2]);
  const Vec3<float> e1{b[0] - a[0], b[1] - a[1], b[2] - a[2]}, e2{c[0] - a[0], c[1] - a[1], c[2] - a[2]};
  return Hit{t, triangle, normalize(cross(e1, e2))};
}

}  // namespace tarang
