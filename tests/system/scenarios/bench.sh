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
#   3. RUNS rounds of: workload native; insmod hoist.ko; null hypercall;
#      workload hoisted; rmmod hoist.  Native and hoisted runs alternate, so
#      a slow spell of the (shared, emulating) host hits both alike.
# Hoist's steps print "BENCH <name> skipped reason=..." when the module is
# absent or does not load, so the scenario runs before the module exists.
# Assertions (PASS/FAIL): the workload has no errors and one digest native
# and hoisted; each tool that ran, ran cleanly.
#
# Environment (the kernel passes NAME=VALUE boot arguments to /init):
# BENCH_RUNS (5), BENCH_WL_ROUNDS (workload -n, 5), BENCH_ITER (calls per
# hypercall run, 10000), HOIST_PARAMS (module parameters, none).
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

# 3. native and hoisted, alternating
hoist_ok=1 hoist_bad=0 reason=
if [ ! -f "$HOIST_KO" ]; then
	hoist_ok=0 reason=no_hoist.ko
fi
i=0
while [ "$i" -lt "$RUNS" ]; do
	i=$((i + 1))
	workload_run workload_native
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

	workload_run workload_hoisted

	if ! out=$(modtime unload hoist 2>&1); then
		hoist_ok=0 reason=rmmod_$(field errno "$out")
		bench "hoist_rmmod failed errno=$(field errno "$out")"
		fail bench-hoist-rmmod "$(oneline "$out")"
		break	# still hoisted: no more native runs
	fi
	bench "hoist_rmmod_ns=$(field ns "$out")"
done

# 4. Guest domains (needs the module): create to first console output of
# the hello guest; a domU hypercall the hypervisor answers alone; the spin
# guest against the same loop (the same object code) in dom0.
SPIN_ITER=${BENCH_SPIN_ITER:-50000000}
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
	done
	sleep 1
	rmmod hoist && pass bench-guests || fail bench-guests "rmmod failed"
else
	bench "domu skipped reason=no_hoist"
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
