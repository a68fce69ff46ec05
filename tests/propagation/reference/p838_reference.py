#!/usr/bin/env python3
"""Independent reference for ITU-R P.838-3 rain specific attenuation gamma_R = k R^alpha.

Written from the Recommendation text (Eqs. 1-5, Tables 1-4), separately from
propagation/rain_attenuation_itu_p838.h; prints the rows pasted into
tests/propagation/rain_attenuation_itu_p838_test.cpp. Usage: python3 p838_reference.py
Angles in degrees: elevation theta, polarisation tilt tau (0 = horizontal, 90 = vertical, 45 = circular).
"""
import math

# Tables 1-4: ([(a_j, b_j, c_j), ...], m, c) for log10(kH), log10(kV), alphaH, alphaV.
K_H = ([(-5.33980, -0.10008, 1.13098), (-0.35351, 1.26970, 0.45400), (-0.23789, 0.86036, 0.15354),
        (-0.94158, 0.64552, 0.16817)], -0.18961, 0.71147)
K_V = ([(-3.80595, 0.56934, 0.81061), (-3.44965, -0.22911, 0.51059), (-0.39902, 0.73042, 0.11899),
        (0.50167, 1.07319, 0.27195)], -0.16398, 0.63297)
ALPHA_H = ([(-0.14318, 1.82442, -0.55187), (0.29591, 0.77564, 0.19822), (0.32177, 0.63773, 0.13164),
            (-5.37610, -0.96230, 1.47828), (16.1721, -3.29980, 3.43990)], 0.67849, -1.95537)
ALPHA_V = ([(-0.07771, 2.33840, -0.76284), (0.56727, 0.95545, 0.54039), (-0.20238, 1.14520, 0.26809),
            (-48.2991, 0.791669, 0.116226), (48.5833, 0.791459, 0.116479)], -0.053739, 0.83433)


def fit(f_ghz, table):
    """Eqs. 2 and 3: sum_j a_j exp(-((log10 f - b_j) / c_j)^2) + m log10 f + c."""
    terms, m, c = table
    x = math.log10(f_ghz)
    return sum(a * math.exp(-((x - b) / cc) ** 2) for a, b, cc in terms) + m * x + c


def coefficients(f_ghz, elevation_deg, tilt_deg):
    kh, kv = 10.0 ** fit(f_ghz, K_H), 10.0 ** fit(f_ghz, K_V)
    ah, av = fit(f_ghz, ALPHA_H), fit(f_ghz, ALPHA_V)
    w = math.cos(math.radians(elevation_deg)) ** 2 * math.cos(math.radians(2.0 * tilt_deg))
    k = (kh + kv + (kh - kv) * w) / 2.0                                      # Eq. 4
    alpha = (kh * ah + kv * av + (kh * ah - kv * av) * w) / (2.0 * k)        # Eq. 5
    return kh, ah, kv, av, k, alpha


def main():
    print("// f_ghz, kH, alphaH, kV, alphaV")
    for f in (1, 10, 20, 30, 60, 100, 400, 1000):
        kh, ah, kv, av, _, _ = coefficients(f, 0.0, 0.0)
        print("    {%.1f, %.9e, %.9f, %.9e, %.9f}," % (f, kh, ah, kv, av))
    print("// f_ghz, elevation_deg, tilt_deg, rain_mm_per_h, k, alpha, gamma_db_per_km")
    for f, el, tau, r in ((10, 0, 0, 25), (10, 0, 90, 25), (20, 30, 45, 25), (30, 0, 0, 25), (30, 45, 90, 25),
                          (60, 10, 45, 25), (100, 90, 0, 25), (14.25, 31.07699124, 0, 26.48052),
                          (29, 85.80459566, 90, 99.13558978)):
        _, _, _, _, k, a = coefficients(f, el, tau)
        print("    {%.2f, %.8f, %.1f, %.8f, %.9e, %.9f, %.9e}," % (f, el, tau, r, k, a, k * r ** a))


if __name__ == "__main__":
    main()
