// JonesFrame: a ray's polarisation state as a 2x2 complex matrix from the launch field basis to the ray's current
// (u, v) transverse basis, and the basis changes and Fresnel scalings applied at each interaction.
#pragma once

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"

namespace tarang {

// Field components along (u, v) = M x (launch theta-hat, phi-hat components). u, v, direction form a right-handed
// frame (u x v = direction).
struct JonesFrame {
  Complex<float> m[4];  // row-major: m[0] m[1] / m[2] m[3]
  Vec3<float> u, v;
};

// Spherical unit vectors (theta-hat, phi-hat) of a direction (z up); at the poles phi = 0 is used.
TARANG_HD inline void spherical_basis(Vec3<float> d, Vec3<float>& theta_hat, Vec3<float>& phi_hat) {
  const float rho = hd::sqrt(d.x * d.x + d.y * d.y);
  const float cos_phi = rho > 1e-7f ? d.x / rho : 1.0f, sin_phi = rho > 1e-7f ? d.y / rho : 0.0f;
  const float cos_theta = d.z, sin_theta = rho;
  theta_hat = {cos_theta * cos_phi, cos_theta * sin_phi, -sin_theta};
  phi_hat = {-sin_phi, cos_phi, 0.0f};
}

// Identity polarisation transform at launch in direction d: (u, v) = (theta-hat, phi-hat).
TARANG_HD inline JonesFrame launch_frame(Vec3<float> d) {
  JonesFrame f{{{1, 0}, {0, 0}, {0, 0}, {1, 0}}, {}, {}};
  spherical_basis(d, f.u, f.v);
  return f;
}

// Re-expresses the frame in the basis (s, p) (both perpendicular to the same direction) and scales the s and p
// rows by the interaction coefficients: M' = diag(c_s, c_p) R M, with R the 2x2 rotation from (u, v) to (s, p).
// The frame's basis becomes (s, p_out), p_out being p expressed for the outgoing direction.
TARANG_HD inline void apply_interaction(JonesFrame& f, Vec3<float> s, Vec3<float> p_in, Vec3<float> p_out,
                                        Complex<float> c_s, Complex<float> c_p) {
  const float r00 = dot(f.u, s), r01 = dot(f.v, s), r10 = dot(f.u, p_in), r11 = dot(f.v, p_in);
  const Complex<float> a0 = r00 * f.m[0] + r01 * f.m[2], a1 = r00 * f.m[1] + r01 * f.m[3];
  const Complex<float> b0 = r10 * f.m[0] + r11 * f.m[2], b1 = r10 * f.m[1] + r11 * f.m[3];
  f.m[0] = c_s * a0, f.m[1] = c_s * a1, f.m[2] = c_p * b0, f.m[3] = c_p * b1;
  f.u = s;
  f.v = p_out;
}

// |M e|^2 for a launch polarisation e = (e_theta, e_phi) of unit power: the power fraction the ray still carries.
TARANG_HD inline float carried_power(const JonesFrame& f, Complex<float> e_theta, Complex<float> e_phi) {
  return norm2(f.m[0] * e_theta + f.m[1] * e_phi) + norm2(f.m[2] * e_theta + f.m[3] * e_phi);
}

// w_0 |(M e)_0|^2 + w_1 |(M e)_1|^2: carried_power with a weight per row (u, v).
TARANG_HD inline float weighted_carried_power(const JonesFrame& f, Complex<float> e_theta, Complex<float> e_phi,
                                              const float row_weight[2]) {
  return row_weight[0] * norm2(f.m[0] * e_theta + f.m[1] * e_phi) +
         row_weight[1] * norm2(f.m[2] * e_theta + f.m[3] * e_phi);
}

// Upper bound of carried_power over all unit launch polarisations (the squared Frobenius norm).
TARANG_HD inline float max_carried_power(const JonesFrame& f) {
  return norm2(f.m[0]) + norm2(f.m[1]) + norm2(f.m[2]) + norm2(f.m[3]);
}

}  // namespace tarang
