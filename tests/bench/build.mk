# Benchmarks: one boot of the emulated machine runs the bench scenario
# (tests/system/scenarios/bench.sh), then tests/bench/report.sh turns its
# "BENCH key=value" lines into a Markdown table of medians and ratios.
#
#   make bench    prints the report; writes docs/benchmarks.md when the boot
#                 passed (no FAIL line), so a broken run never replaces it
#
# The console log is kept in $(OUT)/bench/console.log; `make bench-report`
# re-renders the report from it without booting.
# Overrides: BENCH_CPUS (2), BENCH_MEM (MiB, 1024), BENCH_TIMEOUT (s, 1200),
# BENCH_APPEND (extra kernel arguments: the kernel hands NAME=VALUE arguments
# to /init as environment, so e.g. BENCH_APPEND="BENCH_RUNS=3 BENCH_ITER=5000"
# reaches the scenario; see bench.sh for its variables).

BENCH_CPUS    ?= 2
BENCH_MEM     ?= 1024
BENCH_TIMEOUT ?= 1200
BENCH_APPEND  ?=
BENCH_LOG     := $(OUT)/bench/console.log
BENCH_DOC     := $(TOP)/docs/benchmarks.md
BENCH_REPORT  := BENCH_QEMU_ARGS="-accel tcg -cpu max -smp $(BENCH_CPUS) -m $(BENCH_MEM)" \
                 $(TOP)/tests/bench/report.sh

bench: all
	@mkdir -p $(dir $(BENCH_LOG))
	@set -o pipefail; rc=0; \
	echo "# host loadavg: $$(cut -d' ' -f1-3 /proc/loadavg)" | tee $(BENCH_LOG); \
	$(RUN_QEMU) --name bench --cpus $(BENCH_CPUS) --mem $(BENCH_MEM) \
		--timeout $(BENCH_TIMEOUT) --append "$(BENCH_APPEND)" bench | tee -a $(BENCH_LOG) || rc=$$?; \
	echo; \
	if [ $$rc -eq 0 ]; then \
		$(BENCH_REPORT) $(BENCH_LOG) $(BENCH_DOC) && echo "bench: wrote $(BENCH_DOC)"; \
	else \
		$(BENCH_REPORT) $(BENCH_LOG) || true; \
		echo "bench: the boot reported failures; $(BENCH_DOC) not updated" >&2; \
		exit 1; \
	fi

bench-report:
	$(BENCH_REPORT) $(BENCH_LOG)

.PHONY: bench bench-report
