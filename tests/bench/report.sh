#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Turn the "BENCH key=value" lines of one bench boot into a Markdown report.
#
#   report.sh LOG [OUTPUT.md]
#
# LOG is the emulated machine's console output (tests/system/scenarios/
# bench.sh).  Every figure is the median of its runs (min and max shown);
# ratios compare figures of that one boot.  The report goes to stdout and,
# if given, to OUTPUT.md.  Fails, writing nothing, when the log has no
# "BENCH done" (the boot did not finish the scenario).
#
# The date is LOG's modification time.  The machine's QEMU options come from
# scripts/run-qemu.sh's "# boot NAME: -smp N -m M -cpu MODEL, ..." line in
# LOG, else from BENCH_QEMU_ARGS (default "-accel tcg -cpu max -smp 2
# -m 1024").  The commit is BENCH_COMMIT, else `git describe` of this tree.
set -euo pipefail

log=${1:?usage: report.sh LOG [OUTPUT.md]}
output=${2:-}
qemu_args=$(tr -d '\r' < "$log" |
	sed -n 's/^# boot [^:]*: \(-smp .*\), timeout .*/-accel tcg \1/p' | head -n 1)
[ -n "$qemu_args" ] || qemu_args=${BENCH_QEMU_ARGS:--accel tcg -cpu max -smp 2 -m 1024}

# Console lines may carry \r and terminal escapes before "BENCH".
lines=$(tr -d '\r' < "$log" | grep -o 'BENCH .*' || true)
grep -qx 'BENCH done' <<< "$lines" ||
	{ echo "report.sh: $log: no 'BENCH done' line, the bench did not finish" >&2; exit 1; }

# value KEY: the first value of KEY (for info_* lines)
value() { sed -n "s/^BENCH $1=//p" <<< "$lines" | head -n 1; }

# stats KEY [SCALE]: "median min max runs", values divided by SCALE; empty if none.
stats() {
	sed -n "s/^BENCH $1=\([0-9.][0-9.]*\)$/\1/p" <<< "$lines" | sort -g |
		awk -v s="${2:-1}" '{ v[NR] = $1 / s }
			END {
				if (NR == 0) exit
				m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
				printf "%.6g %.6g %.6g %d\n", m, v[1], v[NR], NR
			}'
}

# fmt NUMBER: 1 decimal below 1000, none above
fmt() { awk -v x="$1" 'BEGIN { printf (x < 1000 ? "%.1f" : "%.0f"), x }'; }

# row LABEL KEY [SCALE]: a results table row, or "not measured"
row() {
	local s
	s=$(stats "$2" "${3:-1}")
	if [ -z "$s" ]; then
		echo "| $1 | not measured | | | 0 |"
	else
		# shellcheck disable=SC2086 # split "median min max runs"
		set -- "$1" $s
		echo "| $1 | $(fmt "$2") | $(fmt "$3") | $(fmt "$4") | $5 |"
	fi
}

# ratio LABEL KEY_A KEY_B [SCALE_B]: median(A) / (median(B) / SCALE_B)
ratio() {
	local a b
	a=$(stats "$2" | cut -d' ' -f1)
	b=$(stats "$3" "${4:-1}" | cut -d' ' -f1)
	if [ -z "$a" ] || [ -z "$b" ]; then
		echo "| $1 | not measured |"
	else
		echo "| $1 | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }') |"
	fi
}

# paired KEY_A KEY_B: median of A[i] / B[i], the i-th values of each in log
# order (runs measured back to back, e.g. hoisted and native workload rounds)
paired() {
	paste <(sed -n "s/^BENCH $1=\([0-9.][0-9.]*\)$/\1/p" <<< "$lines") \
	      <(sed -n "s/^BENCH $2=\([0-9.][0-9.]*\)$/\1/p" <<< "$lines") |
		awk 'NF == 2 && $2 > 0 { print $1 / $2 }' | sort -g |
		awk '{ v[NR] = $1 }
			END {
				if (NR == 0) { print "not measured"; exit }
				m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
				printf "%.2f\n", m
			}'
}

# exit_share: exits x (hoisted - native CPUID time) / (hoisted - native
# workload time), medians; what of dom0's overhead the hypervisor's exits
# explain (the rest is the emulator's nested-paging walks).
exit_share() {
	local x c n h w
	x=$(stats workload_hoisted_exits | cut -d' ' -f1)
	c=$(stats cpuid_hoisted_ns | cut -d' ' -f1)
	n=$(stats cpuid_native_ns | cut -d' ' -f1)
	h=$(stats workload_hoisted_ns | cut -d' ' -f1)
	w=$(stats workload_native_ns | cut -d' ' -f1)
	if [ -z "$x" ] || [ -z "$c" ] || [ -z "$n" ] || [ -z "$h" ] || [ -z "$w" ]; then
		echo "not measured"
	else
		awk -v x="$x" -v c="$c" -v n="$n" -v h="$h" -v w="$w" 'BEGIN {
			if (h <= w) { print "no extra time"; exit }
			printf "%.2f (%.1f of %.1f ms)\n", x * (c - n) / (h - w),
				x * (c - n) / 1e6, (h - w) / 1e6 }'
	fi
}

digest_check() {
	local n h
	n=$(sed -n 's/^BENCH workload_native_digest=//p' <<< "$lines" | sort -u)
	h=$(sed -n 's/^BENCH workload_hoisted_digest=//p' <<< "$lines" | sort -u)
	if [ -z "$h" ]; then
		echo "not run"
	elif [ "$(wc -l <<< "$n")" -eq 1 ] && [ "$n" = "$h" ]; then
		echo "yes ($n)"
	else
		echo "NO (native: $(paste -sd' ' <<< "$n"), hoisted: $(paste -sd' ' <<< "$h"))"
	fi
}

# The guests of real size (tests/system/scenarios/bigbench.sh, the boot
# with more memory): rows and ratios, none when that boot did not run.
big_mib=$(value info_big_mib)
big_rows() {
	[ -n "$big_mib" ] || return 0
	local g="$big_mib MiB"
	row "$g guest, Hoist: create, block guest, until hoist create returns (ms)" big_hoist_create_ms
	row "$g guest, Hoist: destroy, every page scrubbed (ms)" big_hoist_destroy_ms
	row "$g guest, KVM: create, memory untouched (ms)" big_kvm_create_none_us 1000
	row "$g guest, KVM: destroy, memory untouched (ms)" big_kvm_destroy_none_us 1000
	row "$g guest, KVM: create, memory allocated by the VMM (ms)" big_kvm_create_host_us 1000
	row "$g guest, KVM: destroy, memory allocated by the VMM (ms)" big_kvm_destroy_host_us 1000
	# not in the default (BIG_KVM_TOUCH)
	if [ -n "$(stats big_kvm_create_guest_us)" ]; then
		row "$g guest, KVM: create, every page touched by the guest (ms)" big_kvm_create_guest_us 1000
		row "$g guest, KVM: destroy, every page touched by the guest (ms)" big_kvm_destroy_guest_us 1000
		row "... of its memory in dom0's transparent huge pages (MiB)" big_kvm_thp_guest_mib
	fi
	row "$g Linux guest, Hoist domU: create to init (ms)" big_hoist_linux_init_ms
	row "$g Linux guest, KVM: create to init (ms)" big_kvm_linux_init_ms
	row "workload -w cpu, dom0 native, $g machine (ms)" big_wl_cpu_dom0_ns 1000000
	row "workload -w cpu, $g Linux domU (ms)" big_wl_cpu_hoist_ns 1000000
	row "workload -w cpu, $g Linux guest under KVM (ms)" big_wl_cpu_kvm_ns 1000000
	row "workload -w mem rounds, dom0 native (ms)" big_wl_mem_dom0_ns 1000000
	row "workload -w mem rounds, $g Linux domU (ms)" big_wl_mem_hoist_ns 1000000
	row "workload -w mem rounds, $g Linux guest under KVM (ms)" big_wl_mem_kvm_ns 1000000
	row "workload -w mem first touch, dom0 native (ms)" big_wl_memtouch_dom0_ns 1000000
	row "workload -w mem first touch, $g Linux domU (ms)" big_wl_memtouch_hoist_ns 1000000
	row "workload -w mem first touch, $g Linux guest under KVM (ms)" big_wl_memtouch_kvm_ns 1000000
}
big_text() {
	[ -n "$big_mib" ] || return 0
	local m
	m=$(tr -d '\r' < "$log" |
		sed -n 's/^# boot bench-destroy: \(-smp .*\), timeout .*/-accel tcg \1/p' | head -n 1)
	cat <<END
- **Guests of real size** (the rows "$big_mib MiB ..."): the boot of
  "Destroying a large guest" below (\`${m:-unknown}\`), scenario
  \`bigbench\` after \`destroybench\`, $(value info_big_runs) runs each.
  **Hoist create** is \`hoist create\` of the block test guest with
  \`memory = $big_mib\`, until the command returns: dom0's pages allocated,
  zeroed and donated, the nested tables built for every page, the guest
  loaded and unpaused; **destroy** is \`hoist destroy\` until it returns:
  every page scrubbed and given back to dom0.  **KVM create** is
  \`kvm-linux -x\` (tests/bench/kvm-linux/touch.c): from KVM_CREATE_VM
  to a small 64-bit program's last exit in a VM of the same size,
  its memory 2 MiB-aligned as QEMU's (so that KVM can map dom0's
  transparent huge pages, here "$(value info_big_thp)", with 2 MiB
  nested entries): *untouched* (the program only runs; KVM allocates on
  first touch, its usual way), *allocated by the VMM*
  (MADV_POPULATE_WRITE: dom0 allocates and zeroes every page, the
  nearest to Hoist's create; KVM's nested entries are still made at the
  guest's first touch of each page), or, when measured
  (BIG_KVM_TOUCH=none,host,guest), *touched by the guest* (the program
  writes every 4 KiB page: each page allocated, zeroed and mapped, the
  state Hoist's create leaves); **KVM
  destroy** closes the VM and unmaps its memory: freed, not scrubbed
  (Linux zeroes a page when it is next allocated, init_on_alloc).  Timed
  with /proc/uptime (10 ms) for Hoist, CLOCK_MONOTONIC for KVM.
  **Linux guest**: the Linux guest above with $big_mib MiB and 1 vCPU, booted
  once per workload mode as a Hoist domU and under \`kvm-linux\` (RAM
  split around the 32-bit hole: 3 GiB at 0, the rest at 4 GiB; Hoist's
  is libxl's, to 0xFC000000), create to init as above.  **workload -w
  cpu** (\`$(value info_big_wl | tr _ ' ' | sed 's/;.*//')\`): integer hashing
  only, no system call.  **workload -w mem** (\`$(value info_big_wl | tr _ ' ' | sed 's/.*; *//')\`): one buffer,
  written page by page once (**first touch**: the guest kernel's page
  faults and zeroing and, under KVM, for memory the guest never had,
  KVM's nested faults and dom0's allocation), then per round a
  sequential write pass, a sequential checksumming read pass and one
  random read per 8 words (**rounds**).  Each $(value info_big_runs) runs in one
  boot per guest; dom0 native with KVM loaded; the digests must agree.
END
}
big_ratios() {
	[ -n "$big_mib" ] || return 0
	local g="$big_mib MiB"
	ratio "$g guest create: Hoist / KVM, memory allocated by the VMM" big_hoist_create_ms big_kvm_create_host_us 1000
	ratio "$g guest destroy: Hoist / KVM, memory allocated by the VMM" big_hoist_destroy_ms big_kvm_destroy_host_us 1000
	if [ -n "$(stats big_kvm_create_guest_us)" ]; then
		ratio "$g guest create: Hoist / KVM, every page touched by the guest" big_hoist_create_ms big_kvm_create_guest_us 1000
		ratio "$g guest destroy: Hoist / KVM, every page touched by the guest" big_hoist_destroy_ms big_kvm_destroy_guest_us 1000
	fi
	ratio "$g Linux guest create to init: Hoist domU / KVM" big_hoist_linux_init_ms big_kvm_linux_init_ms
	ratio "workload -w cpu, $g: Linux domU / Linux guest under KVM" big_wl_cpu_hoist_ns big_wl_cpu_kvm_ns
	ratio "workload -w mem rounds, $g: Linux domU / Linux guest under KVM" big_wl_mem_hoist_ns big_wl_mem_kvm_ns
	ratio "workload -w mem first touch, $g: Linux domU / Linux guest under KVM" big_wl_memtouch_hoist_ns big_wl_memtouch_kvm_ns
	ratio "workload -w cpu, $g: Linux domU / dom0 native" big_wl_cpu_hoist_ns big_wl_cpu_dom0_ns
	ratio "workload -w mem rounds, $g: Linux domU / dom0 native" big_wl_mem_hoist_ns big_wl_mem_dom0_ns
	ratio "workload -w mem rounds, $g: Linux guest under KVM / dom0 native" big_wl_mem_kvm_ns big_wl_mem_dom0_ns
}

host_cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1)
host_cores=$(grep -c '^processor' /proc/cpuinfo)
qemu_version=$(qemu-system-x86_64 --version 2>/dev/null | head -n 1 || true)
# The code measured: BENCH_COMMIT, else the repository's commit.
commit=${BENCH_COMMIT:-$(git -C "$(dirname "$0")" describe --always --dirty 2>/dev/null || echo unknown)}
# Written by tests/bench/build.mk before the boot: other work on the host
# slows the emulation and widens the spread of the runs.
loadavg=$(tr -d '\r' < "$log" | sed -n 's/^# host loadavg: //p' | head -n 1)
mem_kib=$(value info_mem_kib)

report() {
	cat <<EOF
# Hoist benchmarks

Measured $(date -u -r "$log" '+%Y-%m-%d %H:%M UTC') (commit $commit) by \`make bench\`: one boot of the emulated
machine runs every benchmark, $(value info_runs) runs each; a figure is the median of its
runs (min and max alongside), and every ratio compares figures of that one boot.

## Machine

- Build host: ${host_cpu:-unknown CPU}, $host_cores logical CPUs; load average
  before the boot: ${loadavg:-not recorded}
- QEMU: ${qemu_version:-unknown}
- Emulated machine: \`qemu-system-x86_64 $qemu_args\` (TCG, emulated AMD SVM + NPT);
  $(value info_cpus) vCPUs, MemTotal $((${mem_kib:-0} / 1024)) MiB,
  CPU "$(value info_cpu_model | tr _ ' ')", TSC $(value info_tsc_mhz) MHz
- Guest kernel: Debian $(value info_kernel)
- Hypercall loops: $(value info_iterations) calls per run; workload: \`workload $(value info_workload | tr _ ' ')\`

## Results

| Measurement | Median | Min | Max | Runs |
|---|---:|---:|---:|---:|
$(row "Hoist null hypercall from dom0's kernel (TSC ticks/call)" hoist_null_hypercall_tsc_per_call)
$(row "Hoist null hypercall, ioctl wall time (ns/call)" hoist_null_hypercall_ns_per_call)
$(row "KVM null VMMCALL, in-kernel (TSC ticks/call)" kvm_null_vmmcall_tsc_per_call)
$(row "KVM null VMMCALL, wall time (ns/call)" kvm_null_vmmcall_ns_per_call)
$(row "KVM exit to user space and back (ns/call)" kvm_io_exit_ns_per_call)
$(row "Workload, native (ms)" workload_native_ns 1000000)
$(row "Workload, hoisted (ms)" workload_hoisted_ns 1000000)
$(row "dom0 exits during one hoisted workload run" workload_hoisted_exits)
$(row "CPUID, native (ns/call)" cpuid_native_ns)
$(row "CPUID, hoisted: an exit to the hypervisor (ns/call)" cpuid_hoisted_ns)
$(row "insmod hoist.ko (ms)" hoist_insmod_ns 1000000)
$(row "rmmod hoist (ms)" hoist_rmmod_ns 1000000)
$(row "domU: create to first console output, hello guest (ms)" domu_first_output_ns 1000000)
$(row "domU hypercall xen_version, in-guest (TSC ticks/call)" domu_hypercall_tsc_per_call)
$(row "Hypervisor memory per GiB of guest, 2 MiB frames (KiB)" hv_kib_per_guest_gib)
$(row "Chunks the hypervisor grew by for that guest" hv_chunks_grown_per_guest)
$(row "Growing the hypervisor by a 2 MiB chunk: the hypercall (us)" hv_pool_grow_ns 1000)
$(row "... then every CPU's flush, before it may use it (us)" hv_pool_sync_ns 1000)
$(row "Giving a chunk back, zeroed (us)" hv_pool_shrink_ns 1000)
$(row "Grant copy, 4 KiB in batches of 32, domU to dom0 (MB/s)" gntcopy_mbs)
$(row "memcpy of the same 4 KiB pages in dom0 (MB/s)" gntcopy_memcpy_mbs)
$(row "spin loop in a domU (M TSC ticks)" domu_spin_ticks 1000000)
$(row "same spin loop in dom0, hoisted (M TSC ticks)" dom0_spin_ticks 1000000)
$(row "Linux guest under KVM: create to init (ms)" kvm_linux_init_ms)
$(row "Linux guest as a Hoist domU: create to init (ms)" domu_linux_init_ms)
$(row "Linux domU: xen_version round trip, in its kernel (ns/call)" domu_linux_hcbench_ns)
$(row "Linux domU: xen_version round trip, in its kernel (TSC ticks/call)" domu_linux_hcbench_tsc)
$(row "Linux domU: xenstore read round trip from user space (us)" domu_linux_xs_read_ns 1000)
$(row "dom0: xenstore read round trip over the daemon's socket (us)" dom0_xs_read_ns 1000)
$(row "Workload -j 1, dom0 native (ms)" workload_dom0_1job_ns 1000000)
$(row "Workload -j 1, in the Linux guest under KVM (ms)" workload_kvm_linux_ns 1000000)
$(row "Workload -j 1, in the Linux domU (ms)" workload_hoist_linux_ns 1000000)
$(big_rows)

## Ratios

| Ratio | Value |
|---|---:|
$(ratio "Hoist null hypercall / KVM null VMMCALL (TSC ticks)" hoist_null_hypercall_tsc_per_call kvm_null_vmmcall_tsc_per_call)
$(ratio "Hoist null hypercall / KVM null VMMCALL (ns)" hoist_null_hypercall_ns_per_call kvm_null_vmmcall_ns_per_call)
$(ratio "Hoisted workload / native workload (time)" workload_hoisted_ns workload_native_ns)
| Hoisted workload / native workload, median of per-round ratios | $(paired workload_hoisted_ns workload_native_ns) |
| Share of the hoisted workload's extra time spent in dom0's exits | $(exit_share) |
$(ratio "domU hypercall / KVM guest null VMMCALL (TSC ticks)" domu_hypercall_tsc_per_call kvm_null_vmmcall_tsc_per_call)
$(ratio "spin loop in a domU / in dom0 (TSC ticks)" domu_spin_ticks dom0_spin_ticks)
$(ratio "Grant copy domU to dom0 / memcpy in dom0 (MB/s)" gntcopy_mbs gntcopy_memcpy_mbs)
$(ratio "Linux guest create to init: Hoist domU / KVM" domu_linux_init_ms kvm_linux_init_ms)
$(ratio "Linux domU xen_version / KVM guest null VMMCALL (TSC ticks)" domu_linux_hcbench_tsc kvm_null_vmmcall_tsc_per_call)
$(ratio "Workload -j 1: Linux guest under KVM / dom0 native" workload_kvm_linux_ns workload_dom0_1job_ns)
$(ratio "Workload -j 1: Linux domU / dom0 native" workload_hoist_linux_ns workload_dom0_1job_ns)
$(ratio "Workload -j 1: Linux domU / Linux guest under KVM" workload_hoist_linux_ns workload_kvm_linux_ns)
$(big_ratios)

Workload digest identical hoisted and native: $(digest_check)

## What is measured

- **Hoist null hypercall**: \`hoist-bench-null\` asks the module (ioctl
  HOIST_IOC_BENCH_NULL) to issue N null hypercalls (VMMCALL from dom0's kernel,
  a world switch to the hypervisor and back); the module returns the TSC ticks.
- **KVM null VMMCALL**: \`kvm-null\` runs a 32-bit guest under KVM that issues N
  VMMCALLs with an unknown hypercall number (KVM answers -KVM_ENOSYS without
  leaving the kernel), timed by RDTSC in the guest.  KVM only offsets the TSC,
  so guest ticks are host ticks.  The wall time (CLOCK_MONOTONIC around the
  KVM_RUN calls, divided by N) starts once the VM exists.
- **KVM exit to user space**: the same guest doing N OUTs, each handled by the
  \`kvm-null\` process (KVM_EXIT_IO) before the next KVM_RUN.
- **Workload**: \`workload\` (2 processes of integer hashing, 16 MiB
  fill/verify, fork+exec, nanosleep/timerfd checks), wall time.  Native and
  hoisted runs alternate (native, insmod, hoisted, rmmod, ...) so that the
  shared host's slow spells hit both; the per-round ratio pairs each hoisted
  run with the native run just before it.
- **dom0's exits**: \`hoist stats\` summed over every CPU and reason, reset
  just before the hoisted workload run and read just after.  **CPUID**: N
  CPUIDs (leaf 0) in a loop (\`cpuid -n\`), native and hoisted; hoisted,
  each is an exit to the hypervisor and back.  The **share of the extra
  time** multiplies the exits by the extra cost of one and divides by the
  extra time of the hoisted workload: what the hypervisor's exits explain.
  The rest is the emulator's: each miss of QEMU's software TLB walks dom0's
  page tables and, for every level, the nested table too.
- **domU create to first output**: \`ttfb\` times \`hoist create -c\` of the
  hello test guest (32 MiB) until its first console line: config parsing,
  memory allocation, loading, donation to the hypervisor, the guest's boot.
- **domU hypercall**: the hcbench test guest times N \`xen_version\` calls,
  which the hypervisor answers without involving dom0 (compare KVM's null
  VMMCALL, also answered in its kernel).
- **spin**: the same integer loop (one object file) in a domU and in dom0's
  user space while hoisted, TSC ticks.
- **Hypervisor memory per GiB of guest**: the hypervisor's pages in use
  (\`hoist info\`) before and after creating a blocked guest of
  $(value info_pool_mb) MiB, scaled to a GiB, with the module's default, its
  memory in 2 MiB frames: its nested tables (a page per GiB), dom0's tables
  split around the frames it donated (as many), and the domain's own pages
  (VMCB, vCPU, console), which dominate at this size.  In 4 KiB pages
  (huge_pages=0) it is about 4 MiB per GiB: a table page per 2 MiB in each
  NPT (the poolbig scenario: 4126 KiB per GiB for 3 GiB), and the pool grows
  by 2 MiB chunks for it.  **Growing by a chunk**: the hostile
  test module gives a 2 MiB block of its own (\`HOIST_HC_POOL_GROW\`: checks,
  dom0's tables split, the chunk pending), then every CPU passes through
  the hypervisor (\`HOIST_HC_TLB_SYNC\`, an IPI to each) so that the
  hypervisor may use it; **giving it back** is \`HOIST_HC_POOL_SHRINK\` until
  done (zeroing 128 pages a call, then dom0's tables merged back).
- **Linux guest**: Debian's kernel (the one dom0 runs) with the busybox
  initramfs of \`guests/linux\` (\`scripts/mkguest-initrd.sh\`), 1 vCPU,
  256 MiB, kernel argument \`quiet\`.  Under KVM, \`kvm-linux\` boots it like
  kvmtool or Firecracker (64-bit boot protocol, in-kernel PIC/IOAPIC/PIT,
  a 16550 UART console on ttyS0); as a Hoist domU, \`hoist create -c\` with
  console hvc0.  **Create to init** runs from just before KVM_CREATE_VM (in
  \`kvm-linux\`) or just before \`hoist create\` (\`linetime\`) to the console
  line \`hoist-guest: init reached\`, which the guest's /init prints first.
  The **xen_version round trip** is \`xen_hcbench.ko\` in the domU: the median
  of 5 batches of 2000 in-kernel HYPERVISOR_xen_version calls.  **Workload
  -j 1**: \`workload -n $(value info_linux_wl_rounds) -j 1\`, the same binary in
  dom0 (native, KVM loaded but idle) and in each guest, $(value info_linux_runs)
  runs each (one boot per guest); the digests must agree.
- **xenstore read round trip**: \`xsbench\` (tests/bench/helpers, linked
  with Debian's libxenstore) reads one node 1000 times after 100 warm-up
  reads, and prints the mean.  In the domU it goes through Linux's
  /dev/xen/xenbus, the store ring and an event channel each way to
  \`hoist-xenstored\`; in dom0 over the daemon's unix socket.  The same
  binary in the same guest initramfs is what \`make bench-xen\` times under
  Xen 4.17 (its C xenstored).
- **insmod / rmmod**: the finit_module / delete_module syscalls alone
  (\`modtime\`), i.e. hoisting and unhoisting every CPU.
- Under TCG every figure is emulation cost, dominated by QEMU's world switch
  (~18 us per VMRUN/#VMEXIT pair); ratios, not absolute times, are the result.
$(big_text)
EOF
	local skipped
	skipped=$(grep -E '^BENCH [a-z_]+ (skipped|failed)' <<< "$lines" | sed 's/^BENCH /- /' || true)
	if [ -n "$skipped" ]; then
		printf '\n## Skipped or failed\n\n%s\n' "$skipped"
	fi
}

text=$(report)
echo "$text"
if [ -n "$output" ]; then
	mkdir -p "$(dirname "$output")"
	echo "$text" > "$output"
fi
