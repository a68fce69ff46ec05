#!/usr/bin/env bash
# Runs each libFuzzer target of BUILD_DIR for SECONDS, one after the other, and prints executions and findings per
# target. Usage: scripts/run-fuzzers.sh BUILD_DIR SECONDS TARGET...  (target names without the fuzz_ prefix).
# Working corpora grow in BUILD_DIR/fuzz-corpus/TARGET (seeded from tests/fuzz/corpus/TARGET); crashing inputs land
# in BUILD_DIR/fuzz-artifacts/TARGET/ — add each, once fixed, to tests/fuzz/regressions/TARGET/. FUZZ_FLAGS adds
# libFuzzer flags, e.g. FUZZ_FLAGS="-fork=1 -ignore_timeouts=1" to keep going past a known library hang.
set -uo pipefail
build_dir=$1 seconds=$2
shift 2
source_dir=$(cd "$(dirname "$0")/.." && pwd)
failed=0
summary=""
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}  # see docs/reliability.md
for target in "$@"; do
  exe=$build_dir/tests/fuzz/fuzz_$target
  corpus=$build_dir/fuzz-corpus/$target
  artifacts=$build_dir/fuzz-artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  seeds=("$source_dir/tests/fuzz/corpus/$target")
  [[ -d $source_dir/tests/fuzz/regressions/$target ]] && seeds+=("$source_dir/tests/fuzz/regressions/$target")
  log=$build_dir/fuzz-$target.log
  echo "== fuzz_$target for ${seconds}s (log: $log)"
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${FUZZ_FLAGS:-} "$corpus" "${seeds[@]}" > "$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  [[ -z $execs ]] && execs=$(grep -o '^#[0-9]*' "$log" | tr -d '#' | tail -1)  # -fork mode prints no stats
  found=$(find "$artifacts" -type f | wc -l)
  line="fuzz_$target: ${execs:-?} executions, exit $rc, $found artifact(s) in $artifacts"
  echo "$line"
  summary+="$line"$'\n'
  [[ $rc -ne 0 || $found -ne 0 ]] && failed=1
done
echo
echo "$summary"
exit $failed
