#!/usr/bin/env python3
"""Independent reference for ITU-R P.833-10 section 2 (terminal in woodland) and ITU-R P.2108-1 sections 3.1/3.2.

Written from the Recommendation texts, separately from propagation/vegetation_clutter_loss.h; prints the rows pasted
into tests/propagation/vegetation_clutter_loss_test.cpp. Usage: python3 vegetation_clutter_reference.py
Q^-1 is the Recommendation ITU-R P.1057 approximation (Abramowitz & Stegun 26.2.23) that P.2108 refers to.
"""
import math

# P.2108-1 Table 2 representative clutter heights R (m) and which Eq. (2a knife edge / 2b log height) applies.
CLUTTER = {"WaterSea": (10.0, "b"), "OpenRural": (10.0, "b"), "Suburban": (10.0, "a"), "Urban": (15.0, "a"),
           "TreesForest": (15.0, "a"), "DenseUrban": (20.0, "a")}


def p833_excess_db(depth_m, gamma_db_per_m, am_db):
    """P.833 Eq. 1."""
    return am_db * (1.0 - math.exp(-depth_m * gamma_db_per_m / am_db))


def p833_am_db(f_mhz, a1, alpha):
    """P.833 Eq. 2."""
    return a1 * f_mhz ** alpha


def q_inverse(q):
    """P.1057 approximation of the inverse complementary standard normal distribution, 0 < q < 1."""
    x = q if q <= 0.5 else 1.0 - q
    t = math.sqrt(-2.0 * math.log(x))
    z = t - ((0.010328 * t + 0.802853) * t + 2.515517) / (((0.001308 * t + 0.189269) * t + 1.432788) * t + 1.0)
    return z if q <= 0.5 else -z


def p2108_lctt_uncapped(f_ghz, d_km, p):
    ll = -2.0 * math.log10(10.0 ** (-5.0 * math.log10(f_ghz) - 12.5) + 10.0 ** -16.5)   # Eq. 4a
    ls = 32.98 + 23.9 * math.log10(d_km) + 3.0 * math.log10(f_ghz)                     # Eq. 5a
    wl, ws = 10.0 ** (-0.2 * ll), 10.0 ** (-0.2 * ls)
    sigma = math.sqrt((4.0 ** 2 * wl + 6.0 ** 2 * ws) / (wl + ws))                      # Eq. 3b, 4b, 5b
    return -5.0 * math.log10(wl + ws) - sigma * q_inverse(p / 100.0)                    # Eq. 3a


def p2108_lctt(f_ghz, d_km, p):
    """Eq. 6: the loss must not exceed its value at 2 km."""
    return min(p2108_lctt_uncapped(f_ghz, d_km, p), p2108_lctt_uncapped(f_ghz, 2.0, p))


def p2108_height_gain(f_ghz, h_m, clutter, r_m, ws_m):
    if h_m >= r_m:
        return 0.0
    kind = CLUTTER[clutter][1]
    if kind == "b":
        return -(21.8 + 6.2 * math.log10(f_ghz)) * math.log10(h_m / r_m)                 # Eqs. 2b, 2f
    hdif = r_m - h_m                                                                     # Eq. 2d
    theta_deg = math.degrees(math.atan(hdif / ws_m))                                     # Eq. 2e
    nu = 0.342 * math.sqrt(f_ghz) * math.sqrt(hdif * theta_deg)                          # Eqs. 2c, 2g
    j = 0.0 if nu <= -0.78 else 6.9 + 20.0 * math.log10(math.sqrt((nu - 0.1) ** 2 + 1.0) + nu - 0.1)
    return j - 6.03                                                                      # Eq. 2a


def main():
    print("// P.833: depth_m, gamma_db_per_m, am_db, excess_db")
    for d, g, am in ((5.0, 0.3, 29.0), (50.0, 0.3, 29.0), (400.0, 0.3, 29.0), (20.0, 0.04, 9.4), (10.0, 0.34, 34.1)):
        print("    {%.1f, %.2f, %.1f, %.9f}," % (d, g, am, p833_excess_db(d, g, am)))
    print("// P.833 Eq. 2: f_mhz, Am Mulhouse (1.15, 0.43), Am Rio de Janeiro (0.18, 0.752)")
    for f in (900.0, 1800.0, 2200.0):
        print("    {%.1f, %.9f, %.9f}," % (f, p833_am_db(f, 1.15, 0.43), p833_am_db(f, 0.18, 0.752)))
    print("// P.2108 3.2: f_ghz, d_km, p, L_ctt_db")
    for f, d, p in ((0.5, 0.25, 50), (2.0, 1.0, 50), (3.5, 1.0, 50), (6.0, 1.0, 50), (10.0, 1.0, 50),
                    (20.0, 1.0, 50), (28.0, 1.0, 50), (67.0, 1.0, 50), (26.6, 15.8, 45), (3.5, 1.0, 0.1),
                    (3.5, 1.0, 99.9), (28.0, 0.5, 10), (28.0, 5.0, 90)):
        print("    {%.1f, %.2f, %.1f, %.9f}," % (f, d, p, p2108_lctt(f, d, p)))
    print("// Q^-1: q, value")
    for q in (0.001, 0.1, 0.5, 0.9):
        print("    {%.3f, %.9f}," % (q, q_inverse(q)))
    print("// P.2108 3.1: f_ghz, h_m, clutter, R_m, ws_m, A_h_db")
    for f, h, c, r, w in ((1.5, 2.0, "WaterSea", 10.0, 27.0), (1.5, 2.0, "Urban", 15.0, 27.0),
                          (1.5, 2.0, "DenseUrban", 20.0, 27.0), (0.9, 2.3, "OpenRural", 10.0, 30.0),
                          (3.0, 3.0, "DenseUrban", 15.0, 15.0), (0.03, 2.1, "Suburban", 9.8, 24.5),
                          (0.1, 9.9, "TreesForest", 10.0, 27.0), (1.7, 30.0, "Suburban", 9.8, 24.5)):
        print("    {%.2f, %.1f, C::%s, %.1f, %.1f, %.9f}," % (f, h, c, r, w, p2108_height_gain(f, h, c, r, w)))


if __name__ == "__main__":
    main()
