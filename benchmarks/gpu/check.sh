#!/usr/bin/env bash
# Device check, run on the GPU machine from the repository root with build-gpu/ carried (see prepare.sh):
# GPU == CPU parity tests (empirical maps, physics headers, SBR radio maps on a procedural city and munich; the LBVH
# built on the device bit for bit equal to the CPU build, with its build time on cities of 1e5 and 1e7 triangles and
# munich) with their timings; results as JSON under $OUT.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LD_LIBRARY_PATH="$PWD/build-gpu/carry/lib:${LD_LIBRARY_PATH:-}"
export PROJ_DATA="$PWD/build-gpu/carry/proj"
OUT="${OUT:-/tmp/tarang-gpu-check}"
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
status=0
for test in empirical_gain_maps_gpu_test physics_headers_device_test radio_map_sbr_gpu_test lbvh_build_gpu_test; do
  "build-gpu/tests/kernels/$test" --gtest_output="json:$OUT/$test.json" 2>&1 | tee "$OUT/$test.log" | tail -3
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  grep -h "LBVH build" "$OUT/$test.log" || true  # the device build times, printed by lbvh_build_gpu_test
done
echo "device check finished with status $status"
exit $status
