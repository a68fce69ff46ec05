#!/usr/bin/env bash
# Device check, run on the GPU machine from the repository root with build-gpu/ carried (see prepare.sh):
# GPU == CPU parity tests (empirical maps, physics headers, SBR radio maps on a procedural city and munich) with
# their timings; results as JSON under $OUT.
set -uo pipefail
cd "$(dirname "$0")/../.."
export LD_LIBRARY_PATH="$PWD/build-gpu/carry/lib:${LD_LIBRARY_PATH:-}"
export PROJ_DATA="$PWD/build-gpu/carry/proj"
OUT="${OUT:-/tmp/tarang-gpu-check}"
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
status=0
for test in empirical_gain_maps_gpu_test physics_headers_device_test radio_map_sbr_gpu_test; do
  "build-gpu/tests/kernels/$test" --gtest_output="json:$OUT/$test.json" 2>&1 | tee "$OUT/$test.log" | tail -3
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
echo "device check finished with status $status"
exit $status
