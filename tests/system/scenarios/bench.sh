# bench: every Hoist benchmark in one boot of the emulated machine, so the
# ratios compare figures measured side by side.  Sourced by /init after
# lib.sh (boot with hoist.scenario=bench, 2 CPUs).
#
# Prints "BENCH key=value" lines, one per run of each measurement
# (tests/bench/report.sh takes the medians), and ends with "BENCH done":
#   a. the workload, native
#   b. KVM (the peer): null VMMCALL and exit-to-user round trip; then KVM is
#      unloaded, since Hoist refuses to load while SVM is in use
#   c. insmod/rmmod hoist.ko RUNS times (the last insmod stays), then the
#      null hypercall, hoisted
#   d. the workload, hoisted
#   e. the last rmmod
# Hoist's steps print "BENCH <name> skipped reason=..." when the module is
# absent or does not load, so the scenario runs before the module exists.
# Assertions (PASS/FAIL): the workload has no errors and one digest native
# and hoisted; each tool that ran, ran cleanly.
#
# Environment: BENCH_RUNS (5), BENCH_WL_ROUNDS (workload -n, 5),
# BENCH_ITER (calls per hypercall run, 10000), HOIST_PARAMS (module
# parameters, none).  HOIST_KO comes from lib.sh.

RUNS=${BENCH_RUNS:-5}
WL_ROUNDS=${BENCH_WL_ROUNDS:-5}
WL_JOBS=2
ITER=${BENCH_ITER:-10000}
HOIST_KO=${HOIST_KO:-/lib/hoist/hoist.ko}

bench() { echo "BENCH $*"; }

# field KEY "k=v k=v ...": the value of KEY
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }

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

# workload_runs PREFIX: RUNS workload runs; prints PREFIX_ns per run and sets
# wl_digest (empty if the runs disagree) and wl_errors (total errors + crashes).
workload_runs() {
	wl_digest= wl_errors=0
	_i=0
	while [ "$_i" -lt "$RUNS" ]; do
		_out=$(workload -n "$WL_ROUNDS" -j "$WL_JOBS")
		_rc=$?
		_sum=$(echo "$_out" | grep '^workload digest=')
		_d=$(field digest "$_sum")
		_e=$(field errors "$_sum")
		bench "${1}_ns=$(field elapsed_ns "$(echo "$_out" | grep elapsed_ns=)")"
		bench "${1}_digest=$_d"
		[ "$_rc" -eq 0 ] && [ "$_e" = 0 ] || wl_errors=$((wl_errors + 1))
		[ "$_i" -eq 0 ] && wl_digest=$_d
		[ "$_d" = "$wl_digest" ] || wl_errors=$((wl_errors + 1))
		_i=$((_i + 1))
	done
	[ "$wl_errors" -eq 0 ] || wl_digest=
}

# a. native workload
workload_runs workload_native
native_digest=$wl_digest
expect_eq bench-workload-native "errors=$wl_errors" "errors=0"

# b. KVM, the peer
if load_kvm; then
	kvm_bad=0
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		out=$(kvm-null -n "$ITER") || kvm_bad=1
		echo "$out" | sed 's/^/BENCH /'
		out=$(kvm-null --exit-io -n "$ITER") || kvm_bad=1
		echo "$out" | sed 's/^/BENCH /'
		i=$((i + 1))
	done
	expect_eq bench-kvm-null "failed=$kvm_bad" "failed=0"
else
	bench "kvm skipped reason=load_kvm_failed"
	fail bench-kvm-load "could not load the KVM modules"
fi
# Unload in reverse load order.
for m in $(sed '1!G;h;$!d' /lib/kvm/order); do
	m=$(echo "${m%.ko}" | tr - _)
	grep -q "^$m " /proc/modules && rmmod "$m"
done

# c. Hoist: load/unload latency, then the null hypercall while hoisted
hoisted=0 reason=
if [ ! -f "$HOIST_KO" ]; then
	reason=no_hoist.ko
else
	i=1
	while [ "$i" -le "$RUNS" ]; do
		# shellcheck disable=SC2086 # HOIST_PARAMS is a word list
		if ! out=$(modtime load "$HOIST_KO" $HOIST_PARAMS 2>&1); then
			reason=insmod_$(field errno "$out")
			fail bench-hoist-insmod "$(echo "$out" | tr "\n" " ")"
			break
		fi
		bench "hoist_insmod_ns=$(field ns "$out")"
		hoisted=1
		[ "$i" -eq "$RUNS" ] && break
		if ! out=$(modtime unload hoist 2>&1); then
			bench "hoist_rmmod failed errno=$(field errno "$out")"
			fail bench-hoist-rmmod "$(echo "$out" | tr "\n" " ")"
			break
		fi
		bench "hoist_rmmod_ns=$(field ns "$out")"
		hoisted=0
		i=$((i + 1))
	done
fi

if [ "$hoisted" = 1 ]; then
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		if ! out=$(hoist-bench-null -n "$ITER" 2>&1); then
			bench "hoist_null_hypercall skipped reason=$(echo "$out" | tr ' ' '_')"
			fail bench-hoist-null "$(echo "$out" | tr "\n" " ")"
			break
		fi
		echo "$out" | sed 's/^/BENCH /'
		i=$((i + 1))
	done
	# d. hoisted workload
	workload_runs workload_hoisted
	expect_eq bench-workload-hoisted "errors=$wl_errors digest=$wl_digest" \
		"errors=0 digest=$native_digest"
	# e. the last rmmod
	if out=$(modtime unload hoist 2>&1); then
		bench "hoist_rmmod_ns=$(field ns "$out")"
		pass bench-hoist
	else
		bench "hoist_rmmod failed errno=$(field errno "$out")"
		fail bench-hoist-rmmod "$(echo "$out" | tr "\n" " ")"
	fi
else
	for s in hoist_insmod hoist_null_hypercall workload_hoisted hoist_rmmod; do
		bench "$s skipped reason=${reason:-not_hoisted}"
	done
fi
bench done
