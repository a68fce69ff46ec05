// Embree 3 wrapper: device and scene lifetime, error forwarding, closest-hit queries (single rays, packets of 16).
#include "raytrace/embree_intersector.h"

#include <embree3/rtcore.h>

#include <cmath>
#include <limits>
#include <mutex>
#include <string>

#include "core/error.h"

namespace tarang {

struct EmbreeIntersector::State {
  RTCDevice device = nullptr;
  RTCScene scene = nullptr;
  std::mutex error_mutex;
  std::string first_error;
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

}  // namespace

EmbreeIntersector::EmbreeIntersector(const SceneMesh& mesh)
    : state_(std::make_unique<State>()), positions_m_(mesh.positions_m.data()), indices_(mesh.indices.data()) {
  state_->device = rtcNewDevice("verbose=0");
  if (state_->device == nullptr) throw RuntimeFailure("Embree: cannot create a device");
  rtcSetDeviceErrorFunction(state_->device, on_embree_error, state_.get());
  state_->scene = rtcNewScene(state_->device);
  rtcSetSceneBuildQuality(state_->scene, RTC_BUILD_QUALITY_HIGH);
  rtcSetSceneFlags(state_->scene, RTC_SCENE_FLAG_ROBUST);  // watertight: rays through shared edges never slip
  if (mesh.triangle_count() > 0) {
    RTCGeometry geometry = rtcNewGeometry(state_->device, RTC_GEOMETRY_TYPE_TRIANGLE);
    // Embree-owned (padded) buffers: Embree may read past the last vertex, which a std::vector does not allow.
    auto* vertices = static_cast<float*>(rtcSetNewGeometryBuffer(geometry, RTC_BUFFER_TYPE_VERTEX, 0,
                                                                  RTC_FORMAT_FLOAT3, 3 * sizeof(float),
                                                                  mesh.vertex_count()));
    auto* triangles = static_cast<unsigned*>(rtcSetNewGeometryBuffer(geometry, RTC_BUFFER_TYPE_INDEX, 0,
                                                                      RTC_FORMAT_UINT3, 3 * sizeof(unsigned),
                                                                      mesh.triangle_count()));
    throw_if_failed(*state_, "Embree: allocating geometry buffers");
    std::copy(mesh.positions_m.begin(), mesh.positions_m.end(), vertices);
    std::copy(mesh.indices.begin(), mesh.indices.end(), triangles);
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
  return hit_of(rh.hit.primID, rh.ray.tfar);
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
    hits[k] = rh.hit.geomID[k] == RTC_INVALID_GEOMETRY_ID ? Hit{rays[k].t_max, kNoHit, {0, 0, 0}}
                                                          : hit_of(rh.hit.primID[k], rh.ray.tfar[k]);
  }
}

Hit EmbreeIntersector::hit_of(unsigned triangle, float t) const {
  // Our own normal from the vertices (counter-clockwise winding), identical to the other intersectors'.
  const std::uint32_t* tri = indices_ + 3 * static_cast<std::size_t>(triangle);
  const float* a = positions_m_ + 3 * static_cast<std::size_t>(tri[0]);
  const float* b = positions_m_ + 3 * static_cast<std::size_t>(tri[1]);
  const float* c = positions_m_ + 3 * static_cast<std::size_t>(tri[2]);
  const Vec3<float> e1{b[0] - a[0], b[1] - a[1], b[2] - a[2]}, e2{c[0] - a[0], c[1] - a[1], c[2] - a[2]};
  return Hit{t, triangle, normalize(cross(e1, e2))};
}

}  // namespace tarang
