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

# The Xen peer (make bench-xen): its own boot, lines appended to the same log.
include $(TOP)/tests/bench/xen/build.mk

# Destroying a large guest (make bench-destroy), then guests of real size
# against KVM (tests/system/scenarios/bigbench.sh): their own boot with
# more memory, lines appended to the same log; report.sh shows bigbench's
# rows with the others.  DESTROY_MEM (MiB, 6144), DESTROY_GUEST_MIB (4096),
# BIG_MIB (the guest of bigbench, 4096), DESTROY_TIMEOUT (s, 3000: the
# boot creates and destroys about fifteen 4 GiB guests; it took 590 s on a
# busy host, and creating one is slower still with little free memory),
# DESTROY_APPEND (more kernel arguments, e.g. "BIG_RUNS=1 BIG_STEPS=4,5").
DESTROY_MEM       ?= 6144
DESTROY_GUEST_MIB ?= 4096
BIG_MIB           ?= 4096
DESTROY_TIMEOUT   ?= 3000
DESTROY_APPEND    ?=
DESTROY_BENCH     := $(RUN_QEMU) --name bench-destroy --cpus $(BENCH_CPUS) \
                     --mem $(DESTROY_MEM) --timeout $(DESTROY_TIMEOUT) \
                     --append "DESTROY_GUEST_MIB=$(DESTROY_GUEST_MIB) BIG_MIB=$(BIG_MIB) $(DESTROY_APPEND)" \
                     destroybench,bigbench
DESTROY_REPORT    := $(TOP)/tests/bench/destroy-report.sh

bench: all
	@mkdir -p $(dir $(BENCH_LOG))
	@set -o pipefail; rc=0; \
	echo "# host loadavg: $$(cut -d' ' -f1-3 /proc/loadavg)" | tee $(BENCH_LOG); \
	$(RUN_QEMU) --name bench --cpus $(BENCH_CPUS) --mem $(BENCH_MEM) \
		--timeout $(BENCH_TIMEOUT) --append "$(BENCH_APPEND)" bench | tee -a $(BENCH_LOG) || rc=$$?; \
	$(XEN_BENCH) | tee -a $(BENCH_LOG) || rc=$$?; \
	$(DESTROY_BENCH) | tee -a $(BENCH_LOG) || rc=$$?; \
	echo; \
	if [ $$rc -eq 0 ]; then \
		$(BENCH_REPORT) $(BENCH_LOG) $(BENCH_DOC) && $(XEN_REPORT) $(BENCH_LOG) $(BENCH_DOC) && \
			$(DESTROY_REPORT) $(BENCH_LOG) $(BENCH_DOC) && \
			echo "bench: wrote $(BENCH_DOC)"; \
	else \
		$(BENCH_REPORT) $(BENCH_LOG) && $(XEN_REPORT) $(BENCH_LOG) && \
			$(DESTROY_REPORT) $(BENCH_LOG) || true; \
		echo "bench: the boot reported failures; $(BENCH_DOC) not updated" >&2; \
		exit 1; \
	fi

bench-report:
	$(BENCH_REPORT) $(BENCH_LOG)

# Only the boot with more memory: prints the destroy section and the report
# (bigbench's rows; the rest "not measured"), writes nothing.
bench-destroy: all
	@mkdir -p $(OUT)/bench
	@set -o pipefail; $(DESTROY_BENCH) | tee $(OUT)/bench/destroy.log && \
		$(DESTROY_REPORT) $(OUT)/bench/destroy.log && \
		$(BENCH_REPORT) $(OUT)/bench/destroy.log

.PHONY: bench bench-report bench-destroy

# ---------------------------------------------------------------- Linux guest
# The Linux guest of the benchmarks: Debian's kernel (out/kernel/vmlinuz) as a
# Hoist PVH domU and, for comparison, under KVM.
#
#   $(OUT)/guests/linux-initrd.cpio.gz  its initramfs (scripts/mkguest-initrd.sh:
#                        guests/linux/init, busybox, workload, xen_hcbench.ko)
#   $(OUT)/guests/linux/xen_hcbench.ko  tests/bench/guest: in-guest hypercall
#                        round trip (built against $(KDIR), like the test modules)
#   $(OUT)/tests/bin/kvm-linux          tests/bench/kvm-linux: boots the same
#                        kernel and initramfs under KVM (static, C11)
#   $(OUT)/tests/bin/NAME               tests/bench/helpers/NAME.c (static, C11):
#                        linetime times a command until a line of its output;
#                        xsbench times xenstore reads (libxenstore, static)
# The emulated machine's initramfs carries all three (scripts/mkinitramfs.sh:
# /boot/vmlinuz, /root/initrd.img, /root/debian.cfg).

GUEST_INITRD   := $(OUT)/guests/linux-initrd.cpio.gz
HCBENCH_KO     := $(OUT)/guests/linux/xen_hcbench.ko
HCBENCH_BUILD  := $(BUILD)/bench/guest
KVM_LINUX      := $(OUT)/tests/bin/kvm-linux
KVM_LINUX_SRCS := $(wildcard $(TOP)/tests/bench/kvm-linux/*.c)
KVM_LINUX_HDRS := $(wildcard $(TOP)/tests/bench/kvm-linux/*.h)
KVM_LINUX_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror -static -pthread
BENCH_HELPERS  := $(patsubst $(TOP)/tests/bench/helpers/%.c,$(OUT)/tests/bin/%, \
                    $(wildcard $(TOP)/tests/bench/helpers/*.c))

$(HCBENCH_KO): $(wildcard $(TOP)/tests/bench/guest/*) $(KERNEL_STAMP)
	rm -rf $(HCBENCH_BUILD)
	mkdir -p $(HCBENCH_BUILD) $(@D)
	cp $(TOP)/tests/bench/guest/Kbuild $(TOP)/tests/bench/guest/*.c $(HCBENCH_BUILD)/
	$(MAKE) -C $(KDIR) M=$(HCBENCH_BUILD) modules
	cp $(HCBENCH_BUILD)/xen_hcbench.ko $@

$(GUEST_INITRD): $(TOP)/guests/linux/init $(TOP)/scripts/mkguest-initrd.sh \
                 $(OUT)/tests/bin/workload $(HCBENCH_KO) $(OUT)/tests/bin/xsbench | $(DEPS_STAMP)
	TOP=$(TOP) BUILD=$(BUILD) $(TOP)/scripts/mkguest-initrd.sh $@ \
		$(OUT)/tests/bin/workload $(HCBENCH_KO) $(OUT)/tests/bin/xsbench

$(KVM_LINUX): $(KVM_LINUX_SRCS) $(KVM_LINUX_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(HELPER_CC) $(KVM_LINUX_CFLAGS) -o $@ $(KVM_LINUX_SRCS)

# Libraries a helper links (Debian's static archives).
BENCH_LIBS_xsbench := -lxenstore -lxentoolcore

$(BENCH_HELPERS): $(OUT)/tests/bin/%: $(TOP)/tests/bench/helpers/%.c $(HOIST_HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(HELPER_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Werror -static -pthread \
		-I$(TOP)/include -o $@ $< $(BENCH_LIBS_$*)

guests: $(GUEST_INITRD)
test-helpers: $(KVM_LINUX) $(BENCH_HELPERS)
$(INITRAMFS): $(GUEST_INITRD) $(KVM_LINUX) $(BENCH_HELPERS) $(KERNEL_OUT)/vmlinuz
