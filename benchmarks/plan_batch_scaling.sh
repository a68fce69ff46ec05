#!/usr/bin/env bash
# Strong scaling of a plan's gain matrix over MPI ranks: `tarang plan` on 1, 2, ... ranks (one thread per rank, no
# gains cache), checking that every gains cache, /plan group and plan YAML equals the 1-rank one. Prints a Markdown
# table for benchmarks/RESULTS.md ("Batch scaling").
#   benchmarks/plan_batch_scaling.sh [SCENARIO] [RANKS...]     (from the repository root, after building build/tarang)
# Defaults: benchmarks/plan_6km_streets.yaml (145 candidate positions = work units), ranks 1 2. The search and the
# final coverage run on rank 0 alone; the scenario's search stops by iterations, so its plan is the same every run.
# Environment: TARANG (binary, default build/tarang), MPIRUN (default mpirun), MPIRUN_FLAGS (default
# "--allow-run-as-root --oversubscribe --bind-to none"), THREADS (per rank, default 1), REPEATS (best of, default 3).
set -euo pipefail

scenario=${1:-benchmarks/plan_6km_streets.yaml}
shift || true
ranks_list=("$@")
[ ${#ranks_list[@]} -eq 0 ] && ranks_list=(1 2)
tarang=${TARANG:-build/tarang}
mpirun=${MPIRUN:-mpirun}
flags=${MPIRUN_FLAGS:---allow-run-as-root --oversubscribe --bind-to none}
threads=${THREADS:-1}
repeats=${REPEATS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run on `ranks` ranks: prints the gain-matrix units time (`mpi: ... in S s` of the run summary: computing the
# positions and sending them to rank 0, not writing the cache), the whole command's time and the positions.
run_once() {
  local ranks=$1 start end out
  rm -f "$work/np$ranks.gains.h5"  # computed every time, never reused
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  out=$($mpirun $flags -np "$ranks" "$tarang" plan "$scenario" -o "$work/np$ranks.h5" --threads "$threads" \
        2>/dev/null) || [ $? -eq 3 ]  # 3: target not met, the plan is still written
  end=$(date +%s.%N)
  echo "$(sed -n 's/^mpi: .* candidate positions in \([0-9.]*\) s$/\1/p' <<<"$out")" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" \
    "$(sed -n 's/^mpi: .* of \([0-9]*\) candidate positions in .*$/\1/p' <<<"$out")"
}

echo "scenario: $scenario; $(nproc) cores; $threads thread(s) per rank; best of $repeats; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| ranks | matrix units (s) | speedup | efficiency | whole command (s) | identical to 1 rank |"
echo "|------:|-----------------:|--------:|-----------:|------------------:|:-------------------:|"
# Repeats alternate between the rank counts, so that a change of the machine's load hits all of them alike.
declare -A best_matrix best_total
for _ in $(seq "$repeats"); do
  for ranks in "${ranks_list[@]}"; do
    read -r matrix total positions < <(run_once "$ranks")
    best_matrix[$ranks]=$(awk -v a="$matrix" -v b="${best_matrix[$ranks]:-}" 'BEGIN { print (b == "" || a < b) ? a : b }')
    best_total[$ranks]=$(awk -v a="$total" -v b="${best_total[$ranks]:-}" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
done
base=${best_matrix[${ranks_list[0]}]}
for ranks in "${ranks_list[@]}"; do
  matrix=${best_matrix[$ranks]} total=${best_total[$ranks]}
  speedup=$(awk -v a="$base" -v b="$matrix" 'BEGIN { print a / b }')
  efficiency=$(awk -v s="$speedup" -v r="$ranks" 'BEGIN { print 100 * s / r }')
  first=$work/np${ranks_list[0]}
  same="yes"
  h5diff -q "$first.gains.h5" "$work/np$ranks.gains.h5" >/dev/null || same="NO"
  for group in /plan/candidates /plan/selected /plan/trajectory /maps /kpi; do
    h5diff -q "$first.h5" "$work/np$ranks.h5" "$group" "$group" >/dev/null || same="NO"
  done
  cmp -s "$first.yaml" "$work/np$ranks.yaml" || same="NO"
  printf "| %5d | %16.2f | %7.2f | %9.0f%% | %17.2f | %19s |\n" "$ranks" "$matrix" "$speedup" "$efficiency" \
    "$total" "$same"
done
echo
echo "candidate positions (work units): $positions; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
