# The Xen peer benchmark: Debian's kernel as a PVH domU of real Xen 4.17
# (Debian's packages, downloaded at build time into $(BUILD)/xen, never
# installed or committed), booted in the same emulated machine.
#
#   make xen         fetch and unpack Debian's Xen (scripts/fetch-xen.sh)
#   make bench-xen   one boot of Xen + dom0 that times the domU
#                    (tests/bench/xen/run.sh); its console in
#                    build/logs/bench-xen.log, the BENCH lines on stdout
#   make bench       also runs it (tests/bench/build.mk appends its lines to
#                    the bench log; tests/bench/xen/report.sh adds a section)
#
# Overrides (environment or make variables): XEN_BENCH_RUNS (3),
# XEN_BENCH_TIMEOUT (s, 900), XEN_BENCH_CPUS (2), XEN_BENCH_MEM (MiB, 1024),
# XEN_DOM0_MEM (MiB, 512), XEN_GUEST_MEM (MiB, 256).
# A missing piece (no network for apt, no kernel, ...) is "SKIP xen: ...",
# exit 0; a machine that fails or times out exits 1.

XEN_BUILD     := $(BUILD)/xen
XEN_BENCH     := BUILD=$(BUILD) $(TOP)/tests/bench/xen/run.sh
XEN_REPORT    := $(TOP)/tests/bench/xen/report.sh
export XEN_BENCH_RUNS XEN_BENCH_TIMEOUT XEN_BENCH_CPUS XEN_BENCH_MEM XEN_DOM0_MEM XEN_GUEST_MEM \
              XEN_GUEST_INITRD

xen: $(XEN_BUILD)/stamp

$(XEN_BUILD)/stamp: $(TOP)/scripts/fetch-xen.sh | $(DEPS_STAMP)
	$(TOP)/scripts/fetch-xen.sh $(XEN_BUILD)
	@touch $@

# The guests' kernel and the helpers it packs (ttfb, workload) come from `all`.
bench-xen: kernel test-helpers guests
	@$(XEN_BENCH)

.PHONY: xen bench-xen
