#!/usr/bin/env python3
"""Independent reference for 3GPP TR 38.901 v17 path loss (Table 7.4.1-1) and LOS probability (Table 7.4.2-1).

Written from the TR text, separately from propagation/tr38901_pathloss.h; prints the C++ table rows pasted into
tests/propagation/tr38901_pathloss_test.cpp. Usage: python3 tr38901_reference.py
Conventions shared with the C++ model: hE = 1 m for UMa/UMi, c = 3e8 m/s in breakpoints, d2D clamped to >= 10 m
outdoors and d3D to >= 1 m for InH, NLOS = max(LOS, PL'_NLOS).
"""
import math

C = 3.0e8


def log10(x):
    return math.log10(x)


def pl_uma_los(d2d, hbs, hut, f_hz):
    fc = f_hz / 1e9
    d2d = max(d2d, 10.0)
    d3d = math.hypot(d2d, hbs - hut)
    dbp = 4.0 * (hbs - 1.0) * (hut - 1.0) * f_hz / C
    if d2d <= dbp:
        return 28.0 + 22.0 * log10(d3d) + 20.0 * log10(fc)
    return 28.0 + 40.0 * log10(d3d) + 20.0 * log10(fc) - 9.0 * log10(dbp ** 2 + (hbs - hut) ** 2)


def pl_uma_nlos(d2d, hbs, hut, f_hz):
    fc = f_hz / 1e9
    d3d = math.hypot(max(d2d, 10.0), hbs - hut)
    prime = 13.54 + 39.08 * log10(d3d) + 20.0 * log10(fc) - 0.6 * (hut - 1.5)
    return max(pl_uma_los(d2d, hbs, hut, f_hz), prime)


def pl_umi_los(d2d, hbs, hut, f_hz):
    fc = f_hz / 1e9
    d2d = max(d2d, 10.0)
    d3d = math.hypot(d2d, hbs - hut)
    dbp = 4.0 * (hbs - 1.0) * (hut - 1.0) * f_hz / C
    if d2d <= dbp:
        return 32.4 + 21.0 * log10(d3d) + 20.0 * log10(fc)
    return 32.4 + 40.0 * log10(d3d) + 20.0 * log10(fc) - 9.5 * log10(dbp ** 2 + (hbs - hut) ** 2)


def pl_umi_nlos(d2d, hbs, hut, f_hz):
    fc = f_hz / 1e9
    d3d = math.hypot(max(d2d, 10.0), hbs - hut)
    prime = 35.3 * log10(d3d) + 22.4 + 21.3 * log10(fc) - 0.3 * (hut - 1.5)
    return max(pl_umi_los(d2d, hbs, hut, f_hz), prime)


def rma_pl1(d, fc, h):
    return (20.0 * log10(40.0 * math.pi * d * fc / 3.0) + min(0.03 * h ** 1.72, 10.0) * log10(d)
            - min(0.044 * h ** 1.72, 14.77) + 0.002 * log10(h) * d)


def pl_rma_los(d2d, hbs, hut, f_hz, h, w):
    fc = f_hz / 1e9
    d2d = max(d2d, 10.0)
    d3d = math.hypot(d2d, hbs - hut)
    dbp = 2.0 * math.pi * hbs * hut * f_hz / C
    if d2d <= dbp:
        return rma_pl1(d3d, fc, h)
    return rma_pl1(dbp, fc, h) + 40.0 * log10(d3d / dbp)


def pl_rma_nlos(d2d, hbs, hut, f_hz, h, w):
    fc = f_hz / 1e9
    d3d = math.hypot(max(d2d, 10.0), hbs - hut)
    prime = (161.04 - 7.1 * log10(w) + 7.5 * log10(h) - (24.37 - 3.7 * (h / hbs) ** 2) * log10(hbs)
             + (43.42 - 3.1 * log10(hbs)) * (log10(d3d) - 3.0) + 20.0 * log10(fc)
             - (3.2 * (log10(11.75 * hut)) ** 2 - 4.97))
    return max(pl_rma_los(d2d, hbs, hut, f_hz, h, w), prime)


def pl_inh_los(d2d, hbs, hut, f_hz):
    d3d = max(math.hypot(d2d, hbs - hut), 1.0)
    return 32.4 + 17.3 * log10(d3d) + 20.0 * log10(f_hz / 1e9)


def pl_inh_nlos(d2d, hbs, hut, f_hz):
    d3d = max(math.hypot(d2d, hbs - hut), 1.0)
    prime = 38.3 * log10(d3d) + 17.30 + 24.9 * log10(f_hz / 1e9)
    return max(pl_inh_los(d2d, hbs, hut, f_hz), prime)


def p_los(scenario, d2d, hut):
    if scenario == "UMa":
        if d2d <= 18.0:
            return 1.0
        c = 0.0 if hut <= 13.0 else ((hut - 13.0) / 10.0) ** 1.5
        return ((18.0 / d2d + math.exp(-d2d / 63.0) * (1.0 - 18.0 / d2d))
                * (1.0 + c * 5.0 / 4.0 * (d2d / 100.0) ** 3 * math.exp(-d2d / 150.0)))
    if scenario == "UMi":
        if d2d <= 18.0:
            return 1.0
        return 18.0 / d2d + math.exp(-d2d / 36.0) * (1.0 - 18.0 / d2d)
    if scenario == "RMa":
        return 1.0 if d2d <= 10.0 else math.exp(-(d2d - 10.0) / 1000.0)
    if d2d <= 1.2:
        return 1.0
    if d2d < 6.5:
        return math.exp(-(d2d - 1.2) / 4.7)
    return math.exp(-(d2d - 6.5) / 32.6) * 0.32


# (scenario, d2d_m, h_bs_m, h_ut_m, f_hz, rma_h_m, rma_w_m): below and above each breakpoint, several
# frequencies and heights, plus one clamped distance per scenario.
CASES = [
    ("UMa", 5.0, 25.0, 1.5, 3.5e9, 5.0, 20.0),
    ("UMa", 100.0, 25.0, 1.5, 5.0e9, 5.0, 20.0),
    ("UMa", 300.0, 25.0, 1.5, 3.5e9, 5.0, 20.0),    # d'BP = 560 m
    ("UMa", 1000.0, 25.0, 1.5, 3.5e9, 5.0, 20.0),   # above d'BP
    ("UMa", 400.0, 25.0, 1.5, 0.9e9, 5.0, 20.0),    # d'BP = 144 m
    ("UMa", 2000.0, 30.0, 8.0, 28.0e9, 5.0, 20.0),  # below d'BP (75.8 km)
    ("UMa", 4000.0, 25.0, 2.0, 2.0e9, 5.0, 20.0),   # above d'BP (640 m)
    ("UMi", 5.0, 10.0, 1.5, 3.5e9, 5.0, 20.0),
    ("UMi", 50.0, 10.0, 1.5, 3.5e9, 5.0, 20.0),     # d'BP = 210 m
    ("UMi", 500.0, 10.0, 1.5, 3.5e9, 5.0, 20.0),    # above
    ("UMi", 800.0, 10.0, 1.5, 28.0e9, 5.0, 20.0),   # below (1680 m)
    ("UMi", 3000.0, 10.0, 1.5, 28.0e9, 5.0, 20.0),  # above
    ("UMi", 150.0, 12.0, 5.0, 0.9e9, 5.0, 20.0),    # below (d'BP = 528 m)
    ("UMi", 700.0, 12.0, 5.0, 0.9e9, 5.0, 20.0),    # above
    ("RMa", 5.0, 35.0, 1.5, 0.7e9, 5.0, 20.0),
    ("RMa", 500.0, 35.0, 1.5, 0.7e9, 5.0, 20.0),    # dBP = 769.7 m
    ("RMa", 3000.0, 35.0, 1.5, 0.7e9, 5.0, 20.0),   # above
    ("RMa", 9000.0, 35.0, 1.5, 0.7e9, 5.0, 20.0),   # above, past the 5 km NLOS range (extrapolated)
    ("RMa", 2000.0, 35.0, 1.5, 3.5e9, 5.0, 20.0),   # below (3848 m)
    ("RMa", 6000.0, 35.0, 1.5, 3.5e9, 5.0, 20.0),   # above
    ("RMa", 1500.0, 50.0, 3.0, 2.0e9, 15.0, 35.0),  # dBP = 6283 m, other h and W
    ("InH", 0.5, 3.0, 2.5, 3.5e9, 5.0, 20.0),       # d3D < 1 m, clamped
    ("InH", 5.0, 3.0, 1.0, 3.5e9, 5.0, 20.0),
    ("InH", 20.0, 3.0, 1.0, 28.0e9, 5.0, 20.0),
    ("InH", 100.0, 3.0, 1.5, 60.0e9, 5.0, 20.0),
]

P_LOS_CASES = [
    ("UMa", 10.0, 1.5), ("UMa", 50.0, 1.5), ("UMa", 200.0, 1.5), ("UMa", 1000.0, 1.5),
    ("UMa", 50.0, 17.0), ("UMa", 200.0, 22.5),
    ("UMi", 10.0, 1.5), ("UMi", 50.0, 1.5), ("UMi", 200.0, 1.5),
    ("RMa", 5.0, 1.5), ("RMa", 500.0, 1.5), ("RMa", 5000.0, 1.5),
    ("InH", 1.0, 1.0), ("InH", 3.0, 1.0), ("InH", 10.0, 1.0), ("InH", 50.0, 1.0),
]


def main():
    funcs = {
        "UMa": (pl_uma_los, pl_uma_nlos), "UMi": (pl_umi_los, pl_umi_nlos),
        "InH": (pl_inh_los, pl_inh_nlos),
    }
    print("// {scenario, d2d_m, h_bs_m, h_ut_m, frequency_hz, rma_h_m, rma_w_m, los_db, nlos_db}")
    for sc, d, hbs, hut, f, h, w in CASES:
        if sc == "RMa":
            los, nlos = pl_rma_los(d, hbs, hut, f, h, w), pl_rma_nlos(d, hbs, hut, f, h, w)
        else:
            los, nlos = funcs[sc][0](d, hbs, hut, f), funcs[sc][1](d, hbs, hut, f)
        print(f"{{S::{sc}, {d!r}, {hbs!r}, {hut!r}, {f / 1e9:g}e9, {h!r}, {w!r}, {los:.4f}, {nlos:.4f}}},")
    print("// {scenario, d2d_m, h_ut_m, p_los}")
    for sc, d, hut in P_LOS_CASES:
        print(f"{{S::{sc}, {d!r}, {hut!r}, {p_los(sc, d, hut):.6f}}},")


if __name__ == "__main__":
    main()
