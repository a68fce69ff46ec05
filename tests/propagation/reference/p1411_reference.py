#!/usr/bin/env python3
"""Independent reference for ITU-R P.1411-12 site-general models (sections 4.1.1 and 4.2.1) and the over-rooftop
urban multi-screen model of section 4.2.2.1 (Eqs. 26-50: L_bf + L_rts + L_msd).

Written from the Recommendation text, separately from propagation/itu_p1411_pathloss.h; prints the rows pasted into
tests/propagation/itu_p1411_pathloss_test.cpp. Usage: python3 p1411_reference.py
Conventions shared with the C++ model: wavelength = 299792458 / f; phi in degrees; d, l, b, w2 and heights in m.
"""
import math

# Site-general coefficients: (alpha, beta, gamma, sigma) keyed by (placement, environment, los).
SITE_GENERAL = {
    ("below", "UrbanHighRise", True): (2.12, 29.2, 2.11, 5.06),
    ("below", "UrbanLowRiseSuburban", True): (2.12, 29.2, 2.11, 5.06),
    ("below", "UrbanHighRise", False): (4.00, 10.20, 2.36, 7.60),
    ("below", "UrbanLowRiseSuburban", False): (5.06, -4.68, 2.02, 9.33),
    ("below", "Residential", False): (3.01, 18.8, 2.07, 3.07),
    ("above", "UrbanHighRise", True): (2.29, 28.6, 1.96, 3.48),
    ("above", "UrbanLowRiseSuburban", True): (2.29, 28.6, 1.96, 3.48),
    ("above", "UrbanHighRise", False): (4.39, -6.27, 2.30, 6.89),
}


def site_general(placement, env, los, d_m, f_ghz):
    a, b, g, _ = SITE_GENERAL[(placement, env, los)]
    return 10.0 * a * math.log10(d_m) + b + 10.0 * g * math.log10(f_ghz)      # Eq. 1 / Eq. 24


def l_ori(phi):
    if phi < 35.0:
        return -10.0 + 0.354 * phi
    if phi < 55.0:
        return 2.5 + 0.075 * (phi - 35.0)
    return 4.0 - 0.114 * (phi - 55.0)


def l1_msd(d, f, h1, hr, b, metropolitan):
    dh1 = h1 - hr
    above = h1 > hr
    lbsh = -18.0 * math.log10(1.0 + dh1) if above else 0.0
    if above:
        ka = 71.4 if f > 2000.0 else 54.0
    else:
        k0 = 73.0 if f > 2000.0 else 54.0
        ka = k0 - 0.8 * dh1 if d >= 500.0 else k0 - 1.6 * dh1 * d / 1000.0
    kd = 18.0 if above else 18.0 - 15.0 * dh1 / hr
    if f > 2000.0:
        kf = -8.0
    else:
        kf = -4.0 + (1.5 if metropolitan else 0.7) * (f / 925.0 - 1.0)
    return lbsh + ka + kd * math.log10(d / 1000.0) + kf * math.log10(f) - 9.0 * math.log10(b)


def l2_msd(d, f, h1, hr, b):
    lam = 299792458.0 / (f * 1e6)
    dh1 = h1 - hr
    dhu = 10.0 ** (-math.log10(math.sqrt(b / lam)) - math.log10(d) / 9.0 + 10.0 / 9.0 * math.log10(b / 2.35))
    dhl = (0.00023 * b * b - 0.1827 * b - 9.4978) / math.log10(f) ** 2.938 + 0.000781 * b + 0.06923
    if h1 > hr + dhu:
        qm = 2.35 * (dh1 / d * math.sqrt(b / lam)) ** 0.9
    elif h1 >= hr + dhl:
        qm = b / d
    else:
        theta = math.atan(dh1 / b)
        rho = math.hypot(dh1, b)
        qm = b / (2.0 * math.pi * d) * math.sqrt(lam / rho) * (1.0 / theta - 1.0 / (2.0 * math.pi + theta))
    return -10.0 * math.log10(qm * qm)


def over_rooftop(d, f_mhz, h1, h2, hr, b, w2, phi, l, metropolitan):
    lam = 299792458.0 / (f_mhz * 1e6)
    lbf = 32.4 + 20.0 * math.log10(d / 1000.0) + 20.0 * math.log10(f_mhz)
    lrts = -8.2 - 10.0 * math.log10(w2) + 10.0 * math.log10(f_mhz) + 20.0 * math.log10(hr - h2) + l_ori(phi)
    dh1 = h1 - hr
    ds = lam * d * d / (dh1 * dh1)
    dbp = abs(dh1) * math.sqrt(l / lam)
    upp = l1_msd(dbp, f_mhz, h1, hr, b, metropolitan)
    low = l2_msd(dbp, f_mhz, h1, hr, b)
    mid = (upp + low) / 2.0
    zeta = (upp - low) * 0.0417
    dhbp = upp - low
    x = math.log10(d) - math.log10(dbp)
    if dhbp > 0.0:
        if l > ds:
            lmsd = -math.tanh(x / 0.1) * (l1_msd(d, f_mhz, h1, hr, b, metropolitan) - mid) + mid
        else:
            lmsd = math.tanh(x / 0.1) * (l2_msd(d, f_mhz, h1, hr, b) - mid) + mid
    elif dhbp == 0.0:
        lmsd = l2_msd(d, f_mhz, h1, hr, b)
    elif l > ds:
        lmsd = l1_msd(d, f_mhz, h1, hr, b, metropolitan) - math.tanh(x / zeta) * (upp - mid) - upp + mid
    else:
        lmsd = l2_msd(d, f_mhz, h1, hr, b) + math.tanh(x / zeta) * (mid - low) + mid - low
    return max(lbf + lrts + lmsd, lbf), lbf, lrts, lmsd


def main():
    print("// site general: placement, environment, los, d_m, f_ghz, loss_db")
    rows = [("below", "UrbanHighRise", True, 100.0, 3.5), ("below", "UrbanLowRiseSuburban", True, 400.0, 28.0),
            ("below", "UrbanHighRise", False, 200.0, 28.0), ("below", "UrbanHighRise", False, 600.0, 2.0),
            ("below", "UrbanLowRiseSuburban", False, 150.0, 39.0), ("below", "Residential", False, 100.0, 5.0),
            ("above", "UrbanHighRise", True, 500.0, 3.5), ("above", "UrbanLowRiseSuburban", True, 1000.0, 60.0),
            ("above", "UrbanHighRise", False, 800.0, 28.0)]
    for p, e, los, d, f in rows:
        print("    {P::%s, E::%s, %s, %.1f, %.1f, %.9f}," % (
            "BelowRooftop" if p == "below" else "AboveRooftop", e, "true" if los else "false", d, f,
            site_general(p, e, los, d, f)))
    print("// over rooftop: d_m, f_mhz, h1, h2, hr, b, w2, phi_deg, l_m, metropolitan, loss_db, lbf, lrts, lmsd")
    cases = [(100.0, 1800.0, 30.0, 1.5, 20.0, 50.0, 20.0, 90.0, 1000.0, False),
             (2000.0, 1800.0, 30.0, 1.5, 20.0, 50.0, 20.0, 90.0, 1000.0, False),
             (100.0, 900.0, 30.0, 1.5, 20.0, 50.0, 20.0, 90.0, 1000.0, False),
             (1000.0, 900.0, 30.0, 1.5, 20.0, 50.0, 20.0, 90.0, 1000.0, False),
             (500.0, 1800.0, 25.0, 1.5, 15.0, 40.0, 15.0, 45.0, 400.0, True),
             (2000.0, 1800.0, 40.0, 2.0, 20.0, 60.0, 20.0, 20.0, 1500.0, True),
             (300.0, 3500.0, 15.0, 1.5, 18.0, 35.0, 12.0, 60.0, 300.0, False),
             (800.0, 3500.0, 15.0, 1.5, 18.0, 35.0, 12.0, 60.0, 300.0, False),
             (150.0, 5000.0, 20.0, 1.5, 20.5, 30.0, 9.0, 30.0, 150.0, False),
             (600.0, 24000.0, 35.0, 1.5, 25.0, 50.0, 20.0, 80.0, 600.0, False),
             (50.0, 2400.0, 12.0, 1.5, 10.0, 30.0, 20.0, 10.0, 2000.0, False),
             (300.0, 1800.0, 20.3, 1.5, 20.0, 40.0, 20.0, 50.0, 200.0, False),
             (400.0, 900.0, 15.0, 1.5, 18.0, 40.0, 15.0, 70.0, 400.0, True),
             (20.0, 800.0, 55.0, 2.9, 10.0, 100.0, 60.0, 0.0, 20.0, False)]
    for d, f, h1, h2, hr, b, w2, phi, l, metro in cases:
        total, lbf, lrts, lmsd = over_rooftop(d, f, h1, h2, hr, b, w2, phi, l, metro)
        print("    {%.1f, %.1f, %.1f, %.1f, %.1f, %.1f, %.1f, %.1f, %.1f, %s, %.9f, %.9f, %.9f, %.9f},"
              % (d, f, h1, h2, hr, b, w2, phi, l, "true" if metro else "false", total, lbf, lrts, lmsd))


if __name__ == "__main__":
    main()
