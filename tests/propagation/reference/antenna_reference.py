#!/usr/bin/env python3
"""Independent reference values for the dipole, uniform planar array and MSI antenna pattern tests.

Written from the formulas in the literature, separately from propagation/antenna_dipole.h,
propagation/antenna_array_38901.h and propagation/antenna_msi_gain.h; plain Python (math only). The array factor
here is the explicit element sum |sum_mn w_mn v_mn|^2 of ITU-R M.2101 Annex 1 section 5 (not the closed form the
C++ uses), and sphere integrals use the midpoint rule. Prints the numbers pasted into
tests/propagation/antenna_dipole_test.cpp, antenna_array_38901_test.cpp and antenna_msi_test.cpp.
Usage: python3 antenna_reference.py   (a few seconds)
"""
import cmath
import math


def cin(x, terms=40):
    """Cin(x) = integral_0^x (1 - cos t) / t dt by its power series (Abramowitz & Stegun 5.2.16)."""
    return math.fsum((-1) ** (k + 1) * x ** (2 * k) / (2 * k * math.factorial(2 * k)) for k in range(1, terms))


def element_db(zenith_deg, azimuth_deg):
    """TR 38.901 Table 7.3-1 element, max 8 dBi."""
    a_v = min(12.0 * ((zenith_deg - 90.0) / 65.0) ** 2, 30.0)
    a_h = min(12.0 * (azimuth_deg / 65.0) ** 2, 30.0)
    return 8.0 - min(a_v + a_h, 30.0)


def af_explicit(rows, cols, dv, dh, steer_zen, steer_az, zen, az):
    """|sum w v|^2 with w = exp(-j k r.u_steer) / sqrt(MN), v = exp(j k r.u); elements at y = n dh, z = m dv."""
    ts, ps, t, p = map(math.radians, (steer_zen, steer_az, zen, az))
    uy = math.sin(t) * math.sin(p) - math.sin(ts) * math.sin(ps)
    uz = math.cos(t) - math.cos(ts)
    s = 0j
    for m in range(rows):
        for n in range(cols):
            s += cmath.exp(2j * math.pi * (n * dh * uy + m * dv * uz))
    return abs(s) ** 2 / (rows * cols)


def sphere_mean(f, n_theta=360, n_phi=720):
    """(1 / 4 pi) integral of f(theta_deg, phi_deg) over the sphere, midpoint rule."""
    dt, dp = math.pi / n_theta, 2.0 * math.pi / n_phi
    total = 0.0
    for i in range(n_theta):
        t = (i + 0.5) * dt
        st = math.sin(t)
        for j in range(n_phi):
            p = -math.pi + (j + 0.5) * dp
            total += f(math.degrees(t), math.degrees(p)) * st
    return total * dt * dp / (4.0 * math.pi)


def isotropic_array_mean(rows, cols, dv, dh, steer_zen, steer_az):
    """Closed-form sphere mean of |AF|^2 for isotropic elements: (1/MN) sum_pq cos(k r_pq.u_s) sinc(k |r_pq|)
    (the mutual-coupling-free radiated power of the weighted elements, e.g. Hansen, Phased Array Antennas, ch. 2)."""
    ts, ps = math.radians(steer_zen), math.radians(steer_az)
    us_y, us_z = math.sin(ts) * math.sin(ps), math.cos(ts)
    s = 0.0
    for a in range(-cols + 1, cols):
        for b in range(-rows + 1, rows):
            kr = 2.0 * math.pi * math.hypot(a * dh, b * dv)
            sinc = 1.0 if kr == 0.0 else math.sin(kr) / kr
            s += (cols - abs(a)) * (rows - abs(b)) * sinc * math.cos(2.0 * math.pi * (a * dh * us_y + b * dv * us_z))
    return s / (rows * cols)


def db(x):
    return 10.0 * math.log10(x)


def main():
    c = cin(2.0 * math.pi)
    print(f"Cin(2 pi) = {c:.12f}; half-wave dipole D = 4 / Cin(2 pi) = {4.0 / c:.12f} = {db(4.0 / c):.9f} dBi")
    print(f"short dipole D = 1.5 = {db(1.5):.9f} dBi")
    lo, hi = 0.1, math.pi / 2  # half-power angle of the half-wave dipole by bisection on (cos(pi/2 cos t)/sin t)^2
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if (math.cos(math.pi / 2 * math.cos(mid)) / math.sin(mid)) ** 2 < 0.5 else (lo, mid)
    print(f"half-wave dipole HPBW = {2.0 * (90.0 - math.degrees(lo)):.4f} deg")

    print("\n# element-sum array factor |AF|^2 in dB (rows, cols, dv, dh, steer zen, steer az, zen, az)")
    for case in [(8, 8, 0.5, 0.5, 90.0, 0.0, 90.0, 0.0),
                 (8, 8, 0.5, 0.5, 90.0, 0.0, 97.0, 5.0),
                 (8, 8, 0.5, 0.5, 100.0, 30.0, 93.0, 21.0),
                 (4, 8, 0.7, 0.5, 96.0, -20.0, 120.0, 60.0),
                 (2, 16, 0.5, 0.8, 90.0, 45.0, 80.0, -70.0),
                 (8, 8, 0.5, 0.5, 90.0, 0.0, 30.0, 143.0)]:
        print(f"{case}: {db(af_explicit(*case)):.9f}")

    # Peak of a beam steered to azimuth 30 deg in the horizontal plane, 38.901 element times the array factor.
    best = max((element_db(90.0, a / 1000.0) + db(af_explicit(8, 8, 0.5, 0.5, 90.0, 30.0, 90.0, a / 1000.0)),
                a / 1000.0) for a in range(25000, 32001))
    print(f"\n8x8 beam steered to az 30 with the 38.901 element: peak {best[0]:.6f} dBi at az {best[1]:.3f} deg")

    print("\n# sphere mean of the gain (dB): 0 dB = power conserved")
    print(f"38.901 element alone: {db(sphere_mean(lambda t, p: 10 ** (element_db(t, p) / 10))):.6f}")
    for rows, cols, dv, dh, sz, sa in [(1, 8, 0.5, 0.5, 90.0, 30.0), (8, 1, 0.5, 0.5, 104.0, 0.0),
                                       (8, 8, 0.5, 0.5, 90.0, 0.0),
                                       (8, 8, 0.5, 0.5, 100.0, 30.0), (1, 8, 0.5, 0.7, 90.0, 0.0)]:
        print(f"isotropic {rows}x{cols} dv {dv} dh {dh} steer ({sz}, {sa}): closed form "
              f"{db(isotropic_array_mean(rows, cols, dv, dh, sz, sa)):.6f}")
    mean = sphere_mean(lambda t, p: 10 ** (element_db(t, p) / 10) * af_explicit(8, 8, 0.5, 0.5, 90.0, 0.0, t, p),
                       180, 360)
    print(f"38.901 element 8x8 broadside (midpoint 180x360): {db(mean):.4f}")

    # HPI interpolation (Altair WinProp AMan, eq. 1) of the 38.901 element's cuts off the principal planes.
    print("\n# HPI gain from 38.901 cuts (zenith, azimuth): dBi")
    for zen, az in [(100.0, 40.0), (75.0, -120.0), (130.0, 170.0)]:
        eps = zen - 90.0
        w = abs(az) / 180.0
        a_h = 8.0 - element_db(90.0, az)
        a_vf = 8.0 - element_db(90.0 + eps, 0.0)
        a_vb = 8.0 - element_db(90.0 + eps, 180.0)
        a = a_h + (1.0 - w) * (a_vf - 0.0) + w * (a_vb - 30.0)
        print(f"({zen}, {az}): {8.0 - a:.9f}")


if __name__ == "__main__":
    main()
