// Float and double math overloads callable from TARANG_HD code on both host and device.
#pragma once

#include <math.h>

#include "core/hd.h"

namespace tarang::hd {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSpeedOfLight_m_per_s = 299792458.0;

TARANG_HD inline float sqrt(float x) { return ::sqrtf(x); }
TARANG_HD inline double sqrt(double x) { return ::sqrt(x); }
TARANG_HD inline float log10(float x) { return ::log10f(x); }
TARANG_HD inline double log10(double x) { return ::log10(x); }
TARANG_HD inline float log2(float x) { return ::log2f(x); }
TARANG_HD inline double log2(double x) { return ::log2(x); }
TARANG_HD inline float exp(float x) { return ::expf(x); }
TARANG_HD inline double exp(double x) { return ::exp(x); }
TARANG_HD inline float pow(float x, float y) { return ::powf(x, y); }
TARANG_HD inline double pow(double x, double y) { return ::pow(x, y); }
TARANG_HD inline float sin(float x) { return ::sinf(x); }
TARANG_HD inline double sin(double x) { return ::sin(x); }
TARANG_HD inline float cos(float x) { return ::cosf(x); }
TARANG_HD inline double cos(double x) { return ::cos(x); }
TARANG_HD inline float acos(float x) { return ::acosf(x); }
TARANG_HD inline double acos(double x) { return ::acos(x); }
TARANG_HD inline float atan2(float y, float x) { return ::atan2f(y, x); }
TARANG_HD inline double atan2(double y, double x) { return ::atan2(y, x); }
TARANG_HD inline float copysign(float x, float y) { return ::copysignf(x, y); }
TARANG_HD inline double copysign(double x, double y) { return ::copysign(x, y); }
TARANG_HD inline float floor(float x) { return ::floorf(x); }
TARANG_HD inline double floor(double x) { return ::floor(x); }
TARANG_HD inline float fabs(float x) { return ::fabsf(x); }
TARANG_HD inline double fabs(double x) { return ::fabs(x); }
TARANG_HD inline float log(float x) { return ::logf(x); }
TARANG_HD inline double log(double x) { return ::log(x); }
TARANG_HD inline float tanh(float x) { return ::tanhf(x); }
TARANG_HD inline double tanh(double x) { return ::tanh(x); }

template <typename T>
TARANG_HD inline T min(T a, T b) { return a < b ? a : b; }
template <typename T>
TARANG_HD inline T max(T a, T b) { return a > b ? a : b; }
template <typename T>
TARANG_HD inline T clamp(T x, T lo, T hi) { return x < lo ? lo : (x > hi ? hi : x); }

template <typename T>
TARANG_HD inline T deg_to_rad(T deg) { return deg * static_cast<T>(kPi / 180.0); }
template <typename T>
TARANG_HD inline T rad_to_deg(T rad) { return rad * static_cast<T>(180.0 / kPi); }

// Power ratio in dB -> linear, and back.
template <typename T>
TARANG_HD inline T db_to_linear(T db) { return pow(static_cast<T>(10), db / static_cast<T>(10)); }
template <typename T>
TARANG_HD inline T linear_to_db(T lin) { return static_cast<T>(10) * log10(lin); }

}  // namespace tarang::hd
