# bench: every Hoist benchmark in one boot of the emulated machine, so the
# ratios compare figures measured side by side.  Sourced by /init after
# lib.sh (boot with hoist.scenario=bench, 2 CPUs).
#
# Prints "BENCH key=value" lines, one per run of each measurement
# (tests/bench/report.sh takes the medians), and ends with "BENCH done":
#   1. one workload run to warm caches (not reported)
#   2. KVM, the peer: null VMMCALL and exit-to-user round trip, RUNS times
#      in one VM; then KVM is unloaded (Hoist refuses to load while SVM is
#      in use)
#   3. RUNS rounds of: workload native; CPUID loop native; insmod
#      hoist.ko; null hypercall; CPUID loop hoisted; workload hoisted,
#      counting dom0's exits; rmmod hoist.  Native and hoisted runs
#      alternate, so a slow spell of the (shared, emulating) host hits both
#      alike.
#   4. guest domains: the hello, hcbench and spin test guests; the
#      hypervisor's memory per GiB of guest, and what growing it by a
#      chunk costs; grant copy against memcpy (guests/grant)
#   5. the Linux guest (Debian's kernel, guests/linux initramfs; 1 vCPU,
#      256 MiB): create to init under KVM (step 2) and as a Hoist domU,
#      its in-kernel xen_version round trip, and workload -j 1 in it
#      against workload -j 1 in dom0
# Hoist's steps print "BENCH <name> skipped reason=..." when the module is
# absent or does not load, so the scenario runs before the module exists;
# so does the Linux domU when it does not reach init in time.
# Assertions (PASS/FAIL): the workload has no errors and one digest native
# and hoisted; each tool that ran, ran cleanly.
#
# Environment (the kernel passes NAME=VALUE boot arguments to /init):
# BENCH_RUNS (5), BENCH_WL_ROUNDS (workload -n, 5), BENCH_ITER (calls per
# hypercall run, 10000), HOIST_PARAMS (module parameters, none),
# BENCH_POOL_MB (the guest the hypervisor's memory is measured with, 512);
# the Linux guest: BENCH_LINUX_RUNS (boots to init, and workload runs, 3),
# BENCH_LINUX_WL_ROUNDS (workload -n, 3), BENCH_LINUX_KVM_TIMEOUT (s per
# KVM boot, 300), BENCH_LINUX_HOIST_TIMEOUT (s per domU, 180).
# HOIST_KO comes from lib.sh.

RUNS=${BENCH_RUNS:-5}
WL_ROUNDS=${BENCH_WL_ROUNDS:-5}
WL_JOBS=2
ITER=${BENCH_ITER:-10000}
HOIST_KO=${HOIST_KO:-/lib/hoist/hoist.ko}

bench() { echo "BENCH $*"; }

# field KEY "k=v k=v ...": the value of KEY
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }

# oneline TEXT: TEXT on one line, for a FAIL reason
oneline() { echo "$1" | tr '\n' ' '; }

# The machine the figures come from.
bench "info_kernel=$(uname -r)"
bench "info_cpus=$(grep -c '^processor' /proc/cpuinfo)"
bench "info_mem_kib=$(meminfo_kb MemTotal)"
bench "info_cpu_model=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1 | tr ' ' '_')"
tsc=$(dmesg | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p' | tail -n 1)
[ -n "$tsc" ] || tsc=$(dmesg | sed -n 's/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' | tail -n 1)
bench "info_tsc_mhz=${tsc:-unknown}"
bench "info_runs=$RUNS"
bench "info_iterations=$ITER"
bench "info_workload=-n_${WL_ROUNDS}_-j_${WL_JOBS}"
bench "info_pool_mb=${BENCH_POOL_MB:-512}"

# workload_run NAME: one workload run; prints NAME_ns and NAME_digest and
# records the digest (or "error") in the file /tmp/bench-NAME.
workload_run() {
	_out=$(workload -n "$WL_ROUNDS" -j "$WL_JOBS")
	_rc=$?
	_sum=$(echo "$_out" | grep '^workload digest=')
	_d=$(field digest "$_sum")
	bench "${1}_ns=$(field elapsed_ns "$(echo "$_out" | grep elapsed_ns=)")"
	bench "${1}_digest=$_d"
	if [ "$_rc" -eq 0 ] && [ "$(field errors "$_sum")" = 0 ] && [ -n "$_d" ]; then
		echo "$_d" >> "/tmp/bench-$1"
	else
		echo error >> "/tmp/bench-$1"
	fi
}

# digests NAME: the distinct digests NAME's runs recorded, on one line
digests() { sort -u "/tmp/bench-$1" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }

rm -f /tmp/bench-workload_native /tmp/bench-workload_hoisted

# The Linux guest (step 5): Debian's kernel and the guests/linux initramfs.
LINUX_RUNS=${BENCH_LINUX_RUNS:-3}
LINUX_WL_ROUNDS=${BENCH_LINUX_WL_ROUNDS:-3}
LINUX_KVM_TIMEOUT=${BENCH_LINUX_KVM_TIMEOUT:-300}
LINUX_HOIST_TIMEOUT=${BENCH_LINUX_HOIST_TIMEOUT:-180}
# quiet: the figures are about booting, not about console speed (a serial
# byte under KVM costs an exit to user space).
LINUX_ARGS=quiet
LINUX_INIT="hoist-guest: init reached"
LINUX_WL="guest.run=workload guest.wl_n=$LINUX_WL_ROUNDS guest.wl_j=1 guest.wl_runs=$LINUX_RUNS"
bench "info_linux_runs=$LINUX_RUNS"
bench "info_linux_wl_rounds=$LINUX_WL_ROUNDS"
rm -f /tmp/bench-workload_dom0_1job /tmp/bench-workload_kvm_linux \
	/tmp/bench-workload_hoist_linux

# linux_results NAME LOG: the workload figures of a Linux guest's console
# log as BENCH NAME_ns lines; digests (or "error") to /tmp/bench-NAME.
linux_results() {
	tr -d '\r' < "$2" | sed -n 's/^workload elapsed_ns=\([0-9]*\)$/\1/p' |
		while read -r _ns; do bench "${1}_ns=$_ns"; done
	tr -d '\r' < "$2" | grep '^workload digest=' | while read -r _l; do
		if [ "$(field errors "$_l")" = 0 ]; then
			field digest "$_l"
		else
			echo error
		fi
	done >> "/tmp/bench-$1"
}

# kvm_linux LOG GUEST_ARGS: boot the Linux guest under KVM, console to LOG
kvm_linux() {
	kvm-linux -c "console=ttyS0 $LINUX_ARGS panic=-1 $2" -t "$LINUX_KVM_TIMEOUT" \
		< /dev/null > "$1" 2>&1
}

# kvm_linux_bench: step 5 under KVM.  A boot that fails is reported and
# another is tried (two spare attempts): KVM is the peer here, not the
# thing measured.
kvm_linux_bench() {
	if [ ! -f /boot/vmlinuz ] || [ ! -f /root/initrd.img ]; then
		bench "kvm_linux skipped reason=no_/boot/vmlinuz_or_/root/initrd.img"
		fail bench-kvm-linux "the Linux guest is not in the initramfs"
		return
	fi
	_ok=0 _tries=0
	while [ "$_ok" -lt "$LINUX_RUNS" ] && [ "$_tries" -lt $((LINUX_RUNS + 2)) ]; do
		_tries=$((_tries + 1))
		if kvm_linux /tmp/kvm-linux.log guest.run=true; then
			bench "kvm_linux_init_ms=$(sed -n 's/^kvm-linux: init after \([0-9]*\) ms$/\1/p' /tmp/kvm-linux.log)"
			_ok=$((_ok + 1))
		else
			bench "kvm_linux_boot failed reason=$(grep '^kvm-linux: ' /tmp/kvm-linux.log | tail -n 1 | tr ' ' _)"
			tr -d '\r' < /tmp/kvm-linux.log | tail -n 8 | sed 's/^/  | /'
		fi
	done
	if [ "$_ok" -eq "$LINUX_RUNS" ]; then
		pass bench-kvm-linux-boot
	else
		fail bench-kvm-linux-boot "$_ok of $_tries boots reached init and powered off"
	fi

	# workload -j 1: dom0 native, then in one boot of the guest (1 vCPU)
	_i=0
	while [ "$_i" -lt "$LINUX_RUNS" ]; do
		_i=$((_i + 1))
		workload -n "$LINUX_WL_ROUNDS" -j 1 > /tmp/dom0-wl.log 2>&1
		linux_results workload_dom0_1job /tmp/dom0-wl.log
	done
	if kvm_linux /tmp/kvm-linux-wl.log "$LINUX_WL"; then
		linux_results workload_kvm_linux /tmp/kvm-linux-wl.log
		expect_eq bench-kvm-linux-workload "$(digests workload_kvm_linux)" \
			"$(digests workload_dom0_1job)"
	else
		bench "workload_kvm_linux failed reason=$(grep '^kvm-linux: ' /tmp/kvm-linux-wl.log | tail -n 1 | tr ' ' _)"
		tr -d '\r' < /tmp/kvm-linux-wl.log | tail -n 8 | sed 's/^/  | /'
		fail bench-kvm-linux-workload "the guest did not complete the workload"
	fi
}

# 1. warm-up
workload -n 1 -j "$WL_JOBS" > /dev/null

# 2. KVM, the peer.  One kvm-null process, one VM, all runs: each VM
# creation and destruction patches kernel text (static keys), which QEMU's
# multi-threaded TCG has been seen to hang on.
if load_kvm; then
	if out=$(kvm-null --all -n "$ITER" -r "$RUNS" 2>&1); then
		echo "$out" | sed 's/^/BENCH /'
		pass bench-kvm-null
	else
		echo "$out" | sed 's/^/BENCH /'
		fail bench-kvm-null "$(echo "$out" | tail -n 1)"
	fi
	kvm_linux_bench
else
	bench "kvm skipped reason=load_kvm_failed"
	fail bench-kvm-load "could not load the KVM modules"
fi
# Unload in reverse load order.
# shellcheck disable=SC2013 # one module file name per line, no spaces
for m in $(sed '1!G;h;$!d' /lib/kvm/order); do
	m=$(echo "${m%.ko}" | tr - _)
	grep -q "^$m " /proc/modules && rmmod "$m"
done

# dom0_exits: the exits counted so far, all CPUs and reasons (hoist stats)
dom0_exits() { hoist stats | awk '$1 == "total" { for (c = 2; c <= NF; c++) t += $c; print t + 0 }'; }

# 3. native and hoisted, alternating
hoist_ok=1 hoist_bad=0 reason=
if [ ! -f "$HOIST_KO" ]; then
	hoist_ok=0 reason=no_hoist.ko
fi
i=0
while [ "$i" -lt "$RUNS" ]; do
	i=$((i + 1))
	workload_run workload_native
	bench "cpuid_native_ns=$(cpuid -n "$ITER" 0 | sed -n 's/^ns_per_call=//p')"
	[ "$hoist_ok" = 1 ] || continue

	# shellcheck disable=SC2086 # HOIST_PARAMS is a word list
	if ! out=$(modtime load "$HOIST_KO" $HOIST_PARAMS 2>&1); then
		hoist_ok=0 reason=insmod_$(field errno "$out")
		fail bench-hoist-insmod "$(oneline "$out")"
		continue
	fi
	bench "hoist_insmod_ns=$(field ns "$out")"

	if out=$(hoist-bench-null -n "$ITER" 2>&1); then
		echo "$out" | sed 's/^/BENCH /'
	else
		bench "hoist_null_hypercall failed reason=$(oneline "$out" | tr ' ' _)"
		fail bench-hoist-null "$(oneline "$out")"
		hoist_bad=1
	fi

	# Every exit dom0 takes while hoisted: how many the workload causes,
	# and what one costs (CPUID, the exit the workload takes).
	bench "cpuid_hoisted_ns=$(cpuid -n "$ITER" 0 | sed -n 's/^ns_per_call=//p')"
	x0=$(dom0_exits)
	workload_run workload_hoisted
	bench "workload_hoisted_exits=$(($(dom0_exits) - x0))"

	if ! out=$(modtime unload hoist 2>&1); then
		hoist_ok=0 reason=rmmod_$(field errno "$out")
		bench "hoist_rmmod failed errno=$(field errno "$out")"
		fail bench-hoist-rmmod "$(oneline "$out")"
		break	# still hoisted: no more native runs
	fi
	bench "hoist_rmmod_ns=$(field ns "$out")"
done

# pool_used: the hypervisor's pages in use
pool_used() { echo $(( $(hoist info hypervisor_pages) - $(hoist info hypervisor_free_pages) )); }

# pool_bench: the hypervisor's memory per GiB of guest (the module's
# default: 2 MiB frames):
# its pages in use before and after creating a blocked guest of
# BENCH_POOL_MB (nested tables, the guest's and dom0's split around its
# pages, and the domain's own), with the chunks it grew by; then what a
# chunk costs: the hostile test module gives a 2 MiB block of its own
# (HOIST_HC_POOL_GROW), has every CPU flush, and takes it back zeroed.
POOL_MB=${BENCH_POOL_MB:-512}
pool_bench() {
	printf 'name = "poolg"\ntype = "pvh"\nmemory = %s\nkernel = "/guests/block"\n' \
		"$POOL_MB" > /tmp/poolg.cfg
	_u0=$(pool_used)
	_c0=$(hoist info hv_chunks_added)
	if hoist create /tmp/poolg.cfg > /dev/null 2>&1; then
		_u1=$(pool_used)
		bench "hv_kib_per_guest_gib=$(( (_u1 - _u0) * 4 * 1024 / POOL_MB ))"
		bench "hv_chunks_grown_per_guest=$(( $(hoist info hv_chunks_added) - _c0 ))"
		hoist destroy poolg
	else
		bench "hv_kib_per_guest_gib failed"
	fi
	_hostile=$HOIST_TEST_KO_DIR/hoist_hostile.ko
	if [ -f "$_hostile" ] && insmod "$_hostile" op=pool; then
		_p=/sys/module/hoist_hostile/parameters
		if [ "$(cat $_p/grow_ok)/$(cat $_p/shrink_ok)" = 0/0 ]; then
			bench "hv_pool_grow_ns=$(cat $_p/grow_ns)"
			bench "hv_pool_sync_ns=$(cat $_p/sync_ns)"
			bench "hv_pool_shrink_ns=$(cat $_p/shrink_ns)"
		else
			bench "hv_pool_grow failed"
		fi
		rmmod hoist_hostile
	fi
}

# 4. Guest domains (needs the module): create to first console output of
# the hello guest; a domU hypercall the hypervisor answers alone; the spin
# guest against the same loop (the same object code) in dom0; the
# hypervisor's memory per GiB of guest (pool_bench).
SPIN_ITER=${BENCH_SPIN_ITER:-50000000}
# Grant copy (issue 13): 4 KiB copies in batches of 32 out of guests/grant's
# ref 8 into dom0, against memcpy of the same pages (gnt-test bench).
gnt_bench() {
	printf 'name = "gntb"\ntype = "pvh"\nmemory = 16\nkernel = "/guests/grant"\n' > /tmp/gntb.cfg
	if ! hoist create /tmp/gntb.cfg > /dev/null 2>&1; then
		bench "gntcopy skipped reason=create"
		return
	fi
	_d=$(hoist list | awk '$1 == "gntb" { print $2 }')
	_t=0
	until gnt-test bench "$_d" 1 > /dev/null 2>&1 || [ $_t -ge 60 ]; do
		sleep 0.5	# until the guest has granted its pages
		_t=$((_t + 1))
	done
	_o=$(gnt-test bench "$_d" 300 2>&1 | sed -n 's/^bench: gntcopy \([0-9.]*\) MB.s memcpy \([0-9.]*\) MB.s.*/\1 \2/p')
	if [ -n "$_o" ]; then
		bench "gntcopy_mbs=${_o% *}"
		bench "gntcopy_memcpy_mbs=${_o#* }"
	else
		bench "gntcopy failed"
	fi
	hoist destroy gntb > /dev/null 2>&1
}
guest_cfg() { printf 'name = "%s"\ntype = "pvh"\nmemory = 32\nkernel = "/guests/%s"\ncmdline = "%s"\n' "$1" "$1" "$2" > "/tmp/$1.cfg"; }
if [ -f "$HOIST_KO" ] && insmod "$HOIST_KO"; then
	guest_cfg hello ""
	guest_cfg hcbench "count=$ITER"
	guest_cfg spin "iterations=$SPIN_ITER"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		t=$(ttfb "HOIST-GUEST: START" hoist create -c /tmp/hello.cfg 2>&1 >/dev/null | sed -n 's/^ttfb_ns=//p')
		bench "domu_first_output_ns=$t"
		out=$(hoist create -c /tmp/hcbench.cfg 2>/dev/null)
		bench "domu_hypercall_tsc_per_call=$(echo "$out" | sed -n 's/.*ticks_per_call=\([0-9]*\).*/\1/p')"
		out=$(hoist create -c /tmp/spin.cfg 2>/dev/null)
		bench "domu_spin_ticks=$(echo "$out" | sed -n 's/.*ticks=\([0-9]*\).*/\1/p')"
		out=$(dom0-spin "$SPIN_ITER")
		bench "dom0_spin_ticks=$(echo "$out" | sed -n 's/.*ticks=\([0-9]*\).*/\1/p')"
		pool_bench
		gnt_bench
	done
	sleep 1
	rmmod hoist && pass bench-guests || fail bench-guests "rmmod failed"
else
	bench "domu skipped reason=no_hoist"
fi

# 5. The Linux guest as a Hoist domU: create to init (hoist create -c, timed
# until the init line shows on its console), the in-guest hypercall round
# trip (xen_hcbench.ko), workload -j 1.  The first boot that does not
# reach init in time ends this step with "skipped" lines, not a FAIL.
linux_cfg() {
	cat > "/tmp/$1.cfg" <<-EOF
	name = "$1"
	type = "pvh"
	memory = 256
	vcpus = 1
	kernel = "/boot/vmlinuz"
	ramdisk = "/root/initrd.img"
	cmdline = "console=hvc0 $LINUX_ARGS $2"
	on_reboot = "destroy"
	on_crash = "destroy"
	EOF
}

# hoist_linux NAME: create the domU NAME (/tmp/NAME.cfg) with its console
# attached, until its /init prints its last line ("hoist-guest: run=...
# status=..."), then destroy it; the console and linetime_ns= in
# /tmp/NAME.log.  The guest's power-off is not waited for: it is not what
# is measured (a PVH Linux without ACPI S5 halts its CPUs instead).
# Fails unless the guest reached init and its action ended in time.
hoist_linux() {
	linetime -t "$LINUX_HOIST_TIMEOUT" -q "hoist-guest: run=" "$LINUX_INIT" \
		hoist create -c "/tmp/$1.cfg" > "/tmp/$1.log" 2>&1
	_rc=$?
	hoist destroy "$1" > /dev/null 2>&1
	_ns=$(tr -d '\r' < "/tmp/$1.log" | sed -n 's/^linetime_ns=//p' | head -n 1)
	[ "$_rc" -eq 0 ] && [ "${_ns:--1}" != -1 ] &&
		tr -d '\r' < "/tmp/$1.log" | grep -q '^hoist-guest: run=.* status=0$'
}

# linux_skip NAME: the reason the domU NAME failed, for a "skipped" line
linux_skip() {
	_why=$(tr -d '\r' < "/tmp/$1.log" | grep -v '^linetime_ns=' | tail -n 1)
	grep -q "$LINUX_INIT" "/tmp/$1.log" || _why="no init line: $_why"
	info "Linux domU $1 did not complete; its last console lines:"
	tr -d '\r' < "/tmp/$1.log" | tail -n 8 | sed 's/^/  | /'
	for _k in domu_linux_init domu_linux_hcbench domu_linux_xs_read workload_hoist_linux; do
		bench "$_k skipped reason=$(echo "$_why" | tr -c 'A-Za-z0-9_.:=/\n-' _)"
	done
}

linux_domu_bench() {
	_i=0
	while [ "$_i" -lt "$LINUX_RUNS" ]; do
		_i=$((_i + 1))
		linux_cfg linux-init guest.run=true
		hoist_linux linux-init || { linux_skip linux-init; return; }
		bench "domu_linux_init_ms=$(($(sed -n 's/^linetime_ns=//p' /tmp/linux-init.log | head -n 1) / 1000000))"
	done

	linux_cfg linux-hc guest.run=hcbench
	hoist_linux linux-hc || { linux_skip linux-hc; return; }
	_l=$(tr -d '\r' < /tmp/linux-hc.log | grep -o 'hcbench: xen_version round trip [0-9]* ns median [0-9]* ticks' | tail -n 1)
	if [ -n "$_l" ]; then
		# shellcheck disable=SC2086 # split the line into its words
		set -- $_l
		bench "domu_linux_hcbench_ns=$5"
		bench "domu_linux_hcbench_tsc=$8"
	else
		bench "domu_linux_hcbench failed reason=$(tr -d '\r' < /tmp/linux-hc.log | grep 'hcbench' | tail -n 1 | tr ' ' _)"
	fi

	# The store read round trip from the domU's user space (xsbench:
	# libxenstore through xenbus, the ring, hoist-xenstored), and the same
	# reads from dom0 over the daemon's socket.
	linux_cfg linux-xs "guest.run=xsbench guest.xs_n=1000"
	hoist_linux linux-xs || { linux_skip linux-xs; return; }
	_l=$(tr -d '\r' < /tmp/linux-xs.log | sed -n 's/.*xsbench: read round trip \([0-9][0-9]*\) ns.*/\1/p' | head -n 1)
	if [ -n "$_l" ]; then
		bench "domu_linux_xs_read_ns=$_l"
	else
		bench "domu_linux_xs_read failed reason=$(tr -d '\r' < /tmp/linux-xs.log | grep 'xsbench' | tail -n 1 | tr ' ' _)"
	fi
	_l=$(xsbench -n 1000 /local 2>&1 | sed -n 's/.*read round trip \([0-9][0-9]*\) ns.*/\1/p')
	if [ -n "$_l" ]; then
		bench "dom0_xs_read_ns=$_l"
	else
		bench "dom0_xs_read failed reason=no_xsbench_line"
	fi

	linux_cfg linux-wl "$LINUX_WL"
	hoist_linux linux-wl || { linux_skip linux-wl; return; }
	linux_results workload_hoist_linux /tmp/linux-wl.log
	expect_eq bench-linux-domu-workload "$(digests workload_hoist_linux)" \
		"$(digests workload_dom0_1job)"
	pass bench-linux-domu
}

if [ ! -f "$HOIST_KO" ]; then
	bench "domu_linux skipped reason=no_hoist.ko"
elif [ ! -f /boot/vmlinuz ] || [ ! -f /root/initrd.img ]; then
	bench "domu_linux skipped reason=no_/boot/vmlinuz_or_/root/initrd.img"
elif ! out=$(insmod "$HOIST_KO" 2>&1); then
	bench "domu_linux skipped reason=insmod_failed"
else
	linux_domu_bench
	stop_xenstored
	sleep 1
	if ! rmmod hoist; then
		bench "hoist_rmmod failed after=linux_domu"
		fail bench-linux-domu-rmmod "rmmod hoist failed after the Linux domU"
	fi
fi

native=$(digests workload_native)
case $native in
'' | *' '* | error) fail bench-workload-native "digests of the runs: ${native:-none}" ;;
*) pass bench-workload-native ;;
esac
if [ -f /tmp/bench-workload_hoisted ]; then
	expect_eq bench-workload-hoisted "$(digests workload_hoisted)" "$native"
fi
if [ "$hoist_ok" = 1 ] && [ "$hoist_bad" = 0 ]; then
	pass bench-hoist	# RUNS insmod, null hypercall, rmmod cycles
fi
if [ -n "$reason" ]; then
	for s in hoist_insmod hoist_null_hypercall workload_hoisted hoist_rmmod; do
		bench "$s skipped reason=$reason"
	done
fi
bench "done"
