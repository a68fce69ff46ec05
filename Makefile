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
