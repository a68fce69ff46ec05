#!/bin/sh
# Writes measurements.csv: synthetic drive-test rows for city.yaml (no real data). The "true" network differs from
# the model by known per-sector offsets (dB) and distance slopes (dB/decade) plus 6 dB shadowing, which
# `tarang calibrate` should recover. Usage: make_measurements.sh [BUILD_DIR] (default: build).
set -e
here=$(dirname "$0")
build=${1:-build}
"$build/tarang-synth-measurements" "$here/city.yaml" -o "$here/measurements.csv" --devices 20000 --rows 10 --walk 60 \
  --seed 2026 --shadowing 6 \
  --sector connaught-a:4:3 --sector connaught-b:-3:0 --sector connaught-c:2:-2 \
  --sector mandi-a:-5:4 --sector mandi-b:0:0 --sector mandi-c:6:-3
