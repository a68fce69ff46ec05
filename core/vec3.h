// Vec3: a small 3-vector for host and device code (x east, y north, z up in scene coordinates).
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

template <typename T>
struct Vec3 {
  T x, y, z;
};

template <typename T>
TARANG_HD inline Vec3<T> operator+(Vec3<T> a, Vec3<T> b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
template <typename T>
TARANG_HD inline Vec3<T> operator-(Vec3<T> a, Vec3<T> b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
template <typename T>
TARANG_HD inline Vec3<T> operator*(T s, Vec3<T> a) { return {s * a.x, s * a.y, s * a.z}; }
template <typename T>
TARANG_HD inline T dot(Vec3<T> a, Vec3<T> b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
template <typename T>
TARANG_HD inline Vec3<T> cross(Vec3<T> a, Vec3<T> b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
template <typename T>
TARANG_HD inline T length(Vec3<T> a) { return hd::sqrt(dot(a, a)); }
template <typename T>
TARANG_HD inline Vec3<T> normalize(Vec3<T> a) { return (static_cast<T>(1) / length(a)) * a; }

}  // namespace tarang
