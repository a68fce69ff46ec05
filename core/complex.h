// Complex<T>: a plain complex number usable in TARANG_HD code on host and device (no std::complex on the device).
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

template <typename T>
struct Complex {
  T re, im;
};

template <typename T>
TARANG_HD inline Complex<T> operator+(Complex<T> a, Complex<T> b) { return {a.re + b.re, a.im + b.im}; }
template <typename T>
TARANG_HD inline Complex<T> operator-(Complex<T> a, Complex<T> b) { return {a.re - b.re, a.im - b.im}; }
template <typename T>
TARANG_HD inline Complex<T> operator-(Complex<T> a) { return {-a.re, -a.im}; }
template <typename T>
TARANG_HD inline Complex<T> operator*(Complex<T> a, Complex<T> b) {
  return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}
template <typename T>
TARANG_HD inline Complex<T> operator*(T s, Complex<T> a) { return {s * a.re, s * a.im}; }
template <typename T>
TARANG_HD inline Complex<T> operator*(Complex<T> a, T s) { return {s * a.re, s * a.im}; }
template <typename T>
TARANG_HD inline Complex<T> operator/(Complex<T> a, Complex<T> b) {
  // Smith's algorithm: avoids overflow when |b| is large or small.
  if (hd::fabs(b.re) >= hd::fabs(b.im)) {
    const T r = b.im / b.re, d = b.re + b.im * r;
    return {(a.re + a.im * r) / d, (a.im - a.re * r) / d};
  }
  const T r = b.re / b.im, d = b.re * r + b.im;
  return {(a.re * r + a.im) / d, (a.im * r - a.re) / d};
}
template <typename T>
TARANG_HD inline Complex<T> operator/(Complex<T> a, T s) { return {a.re / s, a.im / s}; }

template <typename T>
TARANG_HD inline Complex<T> conj(Complex<T> a) { return {a.re, -a.im}; }
template <typename T>
TARANG_HD inline T norm2(Complex<T> a) { return a.re * a.re + a.im * a.im; }  // |a|^2
template <typename T>
TARANG_HD inline T abs(Complex<T> a) { return hd::sqrt(norm2(a)); }
template <typename T>
TARANG_HD inline T arg(Complex<T> a) { return hd::atan2(a.im, a.re); }
// e^{j phase}
template <typename T>
TARANG_HD inline Complex<T> expj(T phase) { return {hd::cos(phase), hd::sin(phase)}; }
template <typename T>
TARANG_HD inline Complex<T> exp(Complex<T> a) { return hd::exp(a.re) * expj(a.im); }

// Principal square root (branch cut on the negative real axis, result with re >= 0; the sign of a zero imaginary
// part picks the side of the cut, as std::sqrt does).
template <typename T>
TARANG_HD inline Complex<T> sqrt(Complex<T> a) {
  const T m = abs(a);
  const T re = hd::sqrt((m + a.re) / static_cast<T>(2));
  const T im = hd::sqrt(hd::max((m - a.re) / static_cast<T>(2), static_cast<T>(0)));
  return {re, hd::copysign(im, a.im)};
}

}  // namespace tarang
