#!/usr/bin/env bash
# End-to-end timing of the issue #2 workload (1000 x 1000 cells, 30 sectors, TR 38.901) with the built `tarang coverage`.
# Usage: benchmarks/coverage_benchmark.sh [BUILD_DIR]   (default: build; RUNS=5 runs per thread count)
# Prints hyperfine's wall-time statistics (a plain loop when hyperfine is absent), then a phase table read from the
# CLI's own output: "gain maps: done in S s" (stderr progress) and "wrote FILE in S s" (everything after reading the
# scenario); the rest (best server, KPIs, HDF5 write) is their difference. Then the gain-map kernel alone, through
# BUILD_DIR/benchmarks/coverage_benchmark when it was built.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
tarang=$build/tarang
runs=${RUNS:-5}
scenario=$here/coverage_1000x1000_30sectors.yaml
[[ -x $tarang ]] || { echo "error: $tarang not found; build first (cmake --build $build)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== tarang coverage $(basename "$scenario"), $runs runs per thread count ($(nproc) cores)"
for threads in 1 0; do
  command_line="$tarang coverage $scenario -o $work/result.h5 --threads $threads"
  if command -v hyperfine > /dev/null; then
    hyperfine --style basic --warmup 1 --runs "$runs" --command-name "threads=$threads (0 = all)" "$command_line"
  else
    for ((i = 0; i < runs; ++i)); do
      start=$(date +%s.%N)
      $command_line > /dev/null 2>&1
      awk -v a="$start" -v b="$(date +%s.%N)" -v t="$threads" -v i="$i" 'BEGIN { printf "threads=%s run %d: %.2f s\n", t, i, b - a }'
    done
  fi
done

echo
echo "== phases from the CLI's output (one run each)"
printf '%-8s %12s %14s %14s\n' threads total_s gain_maps_s rest_s
for threads in 1 0; do
  $tarang coverage "$scenario" -o "$work/result.h5" --threads "$threads" > "$work/out.txt" 2> "$work/err.txt"
  total=$(sed -n 's/^wrote .* in \([0-9.]*\) s$/\1/p' "$work/out.txt")
  maps=$(sed -n 's/^gain maps: done in \([0-9.]*\) s$/\1/p' "$work/err.txt")
  if [[ -n $maps ]]; then
    printf '%-8s %12s %14s %14s\n' "$threads" "$total" "$maps" "$(awk -v a="$total" -v b="$maps" 'BEGIN { printf "%.2f", a - b }')"
  else
    printf '%-8s %12s %14s %14s\n' "$threads" "$total" "<1 (silent)" "-"
  fi
done

kernel=$build/benchmarks/coverage_benchmark
if [[ -x $kernel ]]; then
  echo
  echo "== the empirical gain-map kernel alone and the other phases ($kernel)"
  "$kernel" --benchmark_filter='EmpiricalGainMaps|BestServerMaps|CoverageKpis|WriteResultH5'
fi
