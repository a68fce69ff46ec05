#!/bin/sh
# Writes OUT_DIR/city.yaml (a copy of calibration_city.yaml) and OUT_DIR/measurements.csv: synthetic drive-test rows
# for it (no real data). The "true" network differs from the model by known per-sector offsets (dB) and distance
# slopes (dB/decade) plus 6 dB shadowing, which `tarang calibrate` should recover.
# Usage: make_calibration_measurements.sh [BUILD_DIR (default build)] [OUT_DIR (default calibration-demo)]
set -e
here=$(dirname "$0")
build=${1:-build}
out=${2:-calibration-demo}
mkdir -p "$out"
cp "$here/calibration_city.yaml" "$out/city.yaml"
"$build/tarang-synth-measurements" "$out/city.yaml" -o "$out/measurements.csv" --devices 20000 --rows 10 --walk 60 \
  --seed 2026 --shadowing 6 \
  --sector connaught-a:4:3 --sector connaught-b:-3:0 --sector connaught-c:2:-2 \
  --sector mandi-a:-5:4 --sector mandi-b:0:0 --sector mandi-c:6:-3
