#!/usr/bin/env python3
"""Markdown tables for RESULTS.md from Google Benchmark JSON files (--benchmark_out=F.json --benchmark_repetitions=N).

Per benchmark: the best (minimum) wall time over the repetitions with that run's counters, the median wall time and the
least process CPU time (all threads). On a shared machine the minimum is the least disturbed run, and CPU time is less
sensitive to other processes than wall time. For sbr_benchmark output it also prints, per scene and thread count,
sbr_over_embree = EmbreeSameRays time / SbrWhole time (both trace the same segments), from the best wall times and
from the least CPU times.

Files written by the same executable are merged (their repetitions pooled), so runs at several moments of a busy
machine can be combined.

Usage: benchmarks/results_table.py sbr.json scene_build.json coverage.json [more runs ...]
"""
import json
import statistics
import sys

SKIP_KEYS = {"name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
             "repetition_index", "threads", "iterations", "real_time", "cpu_time", "time_unit", "label",
             "aggregate_name", "aggregate_unit", "error_occurred", "error_message"}


def si(value):
    """1234567 -> 1.23M (counters); small values keep 3 significant digits."""
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{suffix}"
    return f"{value:.3g}"


def runs_by_executable(paths):
    """{executable: (contexts, {run_name: [iteration runs]})} over all files."""
    merged = {}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        contexts, runs = merged.setdefault(data["context"]["executable"].split("/")[-1], ([], {}))
        contexts.append(data["context"])
        for b in data["benchmarks"]:
            if b.get("run_type") == "iteration" and not b.get("error_occurred"):
                runs.setdefault(b["run_name"], []).append(b)
    return merged


def print_table(executable, contexts, runs):
    print(f"### {executable}\n")
    for context in contexts:
        print(f"- run {context['date']}, {context['num_cpus']} CPUs, load average at start "
              f"{' / '.join(f'{x:.2f}' for x in context.get('load_avg', []))}")
    print()
    print("| benchmark | best wall | median wall | least CPU | runs | counters of the best run |")
    print("|---|---:|---:|---:|---:|---|")
    best, least_cpu = {}, {}
    for name, rs in runs.items():
        unit = rs[0]["time_unit"]
        b = min(rs, key=lambda r: r["real_time"])
        best[name] = b
        counters = ", ".join(f"{k}={si(v)}" for k, v in b.items() if k not in SKIP_KEYS and isinstance(v, float))
        median = statistics.median(r["real_time"] for r in rs)
        cpu = min(r["cpu_time"] for r in rs)
        least_cpu[name] = cpu
        print(f"| {name} | {b['real_time']:.4g} {unit} | {median:.4g} {unit} | {cpu:.4g} {unit} | {len(rs)} | "
              f"{counters} |")
    ratios = [(name, best[name.replace("EmbreeSameRays/", "SbrWhole/", 1)], b)
              for name, b in best.items()
              if name.startswith("EmbreeSameRays/") and name.replace("EmbreeSameRays/", "SbrWhole/", 1) in best]
    if ratios:
        print("\n| case | SBR segments/s | Embree segments/s | sbr_over_embree, wall (goal >= 0.7) | same, CPU time |")
        print("|---|---:|---:|---:|---:|")
        for name, sbr, embree in ratios:
            case = name.split("/", 1)[1].replace("/process_time", "").replace("/manual_time", "")
            sbr_name = name.replace("EmbreeSameRays/", "SbrWhole/", 1)
            print(f"| {case} | {si(sbr['queries_per_s'])} | {si(embree['queries_per_s'])} | "
                  f"{embree['real_time'] / sbr['real_time']:.3f} | {least_cpu[name] / least_cpu[sbr_name]:.3f} |")
    print()


if __name__ == "__main__":
    for executable, (contexts, runs) in runs_by_executable(sys.argv[1:]).items():
        print_table(executable, contexts, runs)
