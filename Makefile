# Thin wrapper over CMake: `make demo` and `make test` set up dependencies, build in build/ (Release), then run.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) > $(BUILD_DIR).configure.log 2>&1 \
		|| (cat $(BUILD_DIR).configure.log; exit 1)

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	$(BUILD_DIR)/tarang demo -o tarang-demo
	$(BUILD_DIR)/tarang info tarang-demo/demo.h5
	@for layer in rsrp sinr throughput best_sector; do \
	  $(BUILD_DIR)/tarang export tarang-demo/demo.h5 --layer $$layer -o tarang-demo/$$layer.png || exit 1; done
	$(BUILD_DIR)/tarang report tarang-demo/demo.h5 -o tarang-demo/report.html

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log tarang-demo

# Hardening (docs/reliability.md). `make test-sanitize`: a subset of fast unit tests built with ASan+UBSan in
# build-sanitize/ (ctest only runs what was built). `make fuzz FUZZ_SECONDS=60`: clang libFuzzer build in build-fuzz/,
# each target run for FUZZ_SECONDS.
SANITIZE_DIR ?= build-sanitize
SANITIZE_TARGETS ?= progress_test parallel_for_test error_test interrupt_test scenario_yaml_test results_h5_test \
	scene_h5_test mesh_import_test building_footprints_test antenna_msi_test memory_budget_test coverage_run_test \
	fuzz_scenario_yaml fuzz_footprints_geojson fuzz_ply fuzz_mitsuba_xml fuzz_msi fuzz_results_h5
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
# results_h5 is left out by default: it re-finds known libhdf5 1.10.8 hangs within seconds (docs/reliability.md).
FUZZ_TARGETS ?= scenario_yaml footprints_geojson ply mitsuba_xml msi

.PHONY: test-sanitize fuzz

test-sanitize: deps
	@cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARANG_CUDA=OFF \
		-DTARANG_SANITIZE=address,undefined > $(SANITIZE_DIR).configure.log 2>&1 \
		|| (cat $(SANITIZE_DIR).configure.log; exit 1)
	@cmake --build $(SANITIZE_DIR) -j $(JOBS) --target $(SANITIZE_TARGETS)
	cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS) -E '_NOT_BUILT'

fuzz:
	@scripts/install-deps.sh --fuzz
	@cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARANG_CUDA=OFF -DTARANG_FUZZ=ON \
		-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ > $(FUZZ_DIR).configure.log 2>&1 \
		|| (cat $(FUZZ_DIR).configure.log; exit 1)
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	scripts/run-fuzzers.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
