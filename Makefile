# Hoist top-level build.  See README.md.
#
#   make          install build dependencies, fetch Debian's kernel, build all
#   make test     unit tests on the host + system tests in the emulated machine
#   make check    the edit-build-test loop: unit tests, style, two short boots
#   make test-linux  only the boot with Debian's kernel as a guest (tests/system/matrix-linux)
#   make bench    benchmarks in one boot of the emulated machine
#   make demo     boot the emulated machine and show a hoist
#   make docs     man pages and the guide
#   make module KDIR=/lib/modules/$(uname -r)/build   the module for a real host

SHELL   := /bin/bash
TOP     := $(abspath .)
OUT     ?= $(TOP)/out
export TOP OUT

.DEFAULT_GOAL := all

include scripts/build.mk          # deps, kernel download, initramfs, qemu runner
include guests/build.mk           # $(OUT)/guests/*: test guests
include hv/build.mk               # $(OUT)/hv/hv.bin
include kmod/build.mk             # $(OUT)/hoist.ko, make module
include tools/build.mk            # $(OUT)/hoist
include tools/xenstored/build.mk  # $(OUT)/hoist-xenstored, hoist-xsctl
include tests/unit/build.mk       # unit-test
include tests/abi/build.mk        # abi-test (run by unit-test)
include tests/system/build.mk     # system-test, test helpers
include tests/bench/build.mk      # bench
include docs/build.mk             # docs

all: deps kernel hv kmod tools xenstored guests test-helpers initramfs

test: all
	@$(TOP)/scripts/run-tests.sh

# The fast loop: unit tests, kernel style, the runner's own test (about
# 10 s), the smoke and hoist-2cpu boots side by side (about 30 s).  `make
# test` is the whole suite; scripts/run-tests.sh says how it runs.
check: all
	@HOIST_TESTS=$${HOIST_TESTS:-smoke,hoist-2cpu} $(TOP)/scripts/run-tests.sh

# Only the boot with Debian's kernel as a guest (it is also in `make test`).
test-linux: all
	@HOIST_MATRIX=$(TOP)/tests/system/matrix-linux $(TOP)/scripts/run-tests.sh

demo: all
	@$(RUN_QEMU) --cpus 2 --mem 1024 --timeout 900 --accel tcg,thread=single --name demo demo

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf $(TOP)/build

.PHONY: all test check test-linux demo clean distclean
