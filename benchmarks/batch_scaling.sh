#!/usr/bin/env bash
# Strong scaling of one coverage job over MPI ranks: the same scenario on 1, 2, 4, 8 ranks (one thread per rank),
# checking every result equals the 1-rank one. Prints a Markdown table for benchmarks/RESULTS.md ("Batch scaling").
#   benchmarks/batch_scaling.sh [SCENARIO] [RANKS...]     (from the repository root, after building build/tarang)
# Defaults: benchmarks/coverage_1000x1000_30sectors.yaml (10 sites x 16 row bands = 160 work units), ranks 1 2 4 8.
# Environment: TARANG (binary, default build/tarang), MPIRUN (default mpirun), MPIRUN_FLAGS (default
# "--allow-run-as-root --oversubscribe --bind-to none"), THREADS (per rank, default 1), REPEATS (best of, default 3).
set -euo pipefail

scenario=${1:-benchmarks/coverage_1000x1000_30sectors.yaml}
shift || true
ranks_list=("$@")
[ ${#ranks_list[@]} -eq 0 ] && ranks_list=(1 2 4 8)
tarang=${TARANG:-build/tarang}
mpirun=${MPIRUN:-mpirun}
flags=${MPIRUN_FLAGS:---allow-run-as-root --oversubscribe --bind-to none}
threads=${THREADS:-1}
repeats=${REPEATS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Best-of-$repeats times of one rank count: the work-unit phase (from the run summary) and the whole command.
measure() {
  local ranks=$1 best_units="" best_total=""
  for _ in $(seq "$repeats"); do
    local start end out units total
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    out=$($mpirun $flags -np "$ranks" "$tarang" coverage "$scenario" -o "$work/np$ranks.h5" --threads "$threads" \
          --restart 2>/dev/null)
    end=$(date +%s.%N)
    units=$(sed -n 's/^mpi: .* work units in \([0-9.]*\) s$/\1/p' <<<"$out")
    total=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    best_units=$(awk -v a="$units" -v b="$best_units" 'BEGIN { print (b == "" || a < b) ? a : b }')
    best_total=$(awk -v a="$total" -v b="$best_total" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
  echo "$best_units $best_total"
}

echo "scenario: $scenario; $(nproc) cores; $threads thread(s) per rank; best of $repeats"
echo
echo "| ranks | work units (s) | speedup | efficiency | whole command (s) | identical to 1 rank |"
echo "|------:|---------------:|--------:|-----------:|------------------:|:-------------------:|"
base=""
for ranks in "${ranks_list[@]}"; do
  read -r units total < <(measure "$ranks")
  [ -z "$base" ] && base=$units
  speedup=$(awk -v a="$base" -v b="$units" 'BEGIN { print a / b }')
  efficiency=$(awk -v s="$speedup" -v r="$ranks" 'BEGIN { print 100 * s / r }')
  same="yes"
  for group in /maps /kpi /sectors /grid; do
    h5diff -q "$work/np${ranks_list[0]}.h5" "$work/np$ranks.h5" "$group" "$group" >/dev/null || same="NO"
  done
  printf "| %5d | %14.2f | %7.2f | %9.0f%% | %17.2f | %19s |\n" "$ranks" "$units" "$speedup" "$efficiency" \
    "$total" "$same"
done
