#!/bin/bash
# Run all tests: unit tests on the host, then every boot of tests/system/matrix.
#
#   run-tests.sh [--system-only]
#
# Also runs the kernel style check (make check-style) and the runner's own
# test (tests/system/runner-test.sh, a few seconds) after the unit tests.
# Collects the PASS:/FAIL: lines of all, prints the failures and ends with
# exactly one line "N passed, N failed"; exits non-zero if anything failed.
#
# The boots run in lanes (HOIST_JOBS, default 2: one per host core): each
# lane takes the next boot of the matrix, in matrix order, when its last
# one ends, so the matrix lists the longest boots first (see its head).
# Each boot's output is printed whole when it ends, never interleaved with
# another's; with HOIST_JOBS=1 the boots run one after another in matrix
# order, their consoles streamed live.  A "# lane" summary at the end gives
# each boot's wall-clock time.
#
# A boot that fails before its console shows the first scenario (the
# emulated kernel hung or died in its own boot, Hoist not yet loaded) is
# the emulator's: run-qemu.sh says so ("emulated kernel never reached the
# first scenario (...); retrying once") and boots it once more; the second
# attempt counts.  A failure after a scenario has started is never retried.
#
# Environment:
#   HOIST_TESTS=boot,...     run only these boots of the matrix
#   HOIST_MATRIX=FILE        another matrix file
#   HOIST_JOBS=N             lanes, boots run at once (default 2)
#   HOIST_RETRY_UNBOOTED=N   retries of a boot that never reached its first
#                            scenario (default 1; 0: none)
#   HOIST_LOG_DIR=DIR        logs and results (default build/logs)
#   HOIST_SIDE_BOOTS=0       the former switch for "one boot at a time":
#                            the same as HOIST_JOBS=1
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
matrix=${HOIST_MATRIX:-$TOP/tests/system/matrix}
# Two lanes: the long boots run single-threaded TCG, at most one host core
# each (and the guest boots far less: guests-2cpu used 34 s of host CPU in
# 313 s), so two at once do not crowd the 2-core CI machine.  Multi-threaded
# boots meet each other only at the end, short ones: measured on the
# 2-core host with four -smp 2 smoke boots, 30.9 s one at a time,
# 26.4-27.7 s two at a time (each boot 7.5 s -> 12-14 s); make check's two
# boots, 29-33 s side by side, 38-42 s one after the other (a shared host).
jobs=${HOIST_JOBS:-2}
[ "${HOIST_SIDE_BOOTS:-1}" = 0 ] && jobs=1
retries=${HOIST_RETRY_UNBOOTED:-1}
system_only=0
[ "${1:-}" = --system-only ] && system_only=1

logs=${HOIST_LOG_DIR:-$TOP/build/logs}
export HOIST_LOG_DIR=$logs
mkdir -p "$logs"
results=$logs/results.txt
: > "$results"

# Keep the result lines of some output (carriage returns stripped).
collect() { tr -d '\r' < "$1" | grep -a -E '^(PASS|FAIL): ' >> "$results"; }

# (a) unit tests
if [ $system_only = 0 ]; then
	echo "=== unit tests"
	out=$logs/unit-test.log
	make -C "$TOP" unit-test > "$out" 2>&1
	rc=$?
	cat "$out"
	if [ $rc -ne 0 ] && grep -q "No rule to make target 'unit-test'" "$out"; then
		echo "FAIL: unit-tests: target missing" | tee -a "$results"
	else
		collect "$out"
		if [ $rc -ne 0 ] && ! grep -q '^FAIL: ' "$out"; then
			echo "FAIL: unit-tests: make unit-test exited with status $rc" | tee -a "$results"
		fi
	fi

	# (a') kernel style of the module and test modules: one line per file
	echo "=== style"
	out=$logs/check-style.log
	make -s -C "$TOP" check-style > "$out" 2>&1
	rc=$?
	cat "$out"
	collect "$out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL: ' "$out"; then
		echo "FAIL: style: make check-style exited with status $rc" | tee -a "$results"
	fi

	# (a'') this runner and run-qemu.sh, with a fake emulator (seconds)
	echo "=== runner"
	out=$logs/runner-test.log
	"$TOP/tests/system/runner-test.sh" > "$out" 2>&1
	rc=$?
	cat "$out"
	collect "$out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL: ' "$out"; then
		echo "FAIL: runner: tests/system/runner-test.sh exited with status $rc" | tee -a "$results"
	fi
fi

# (b) system tests: one boot per matrix line
#   <boot-name> <cpus> <mem_mb> <cpu_model> <timeout_s> <scenario>[,<scenario>...] [<accel> [<kernel-arg>[,<kernel-arg>...]]]
boots=()
while read -r bname cpus mem cpu tmo scen accel kargs rest; do
	case $bname in ''|'#'*) continue ;; esac
	if [ -z "$scen" ] || [ -n "$rest" ]; then
		echo "FAIL: matrix: bad line for boot $bname" | tee -a "$results"
		continue
	fi
	if [ -n "${HOIST_TESTS:-}" ] && [[ ",$HOIST_TESTS," != *",$bname,"* ]]; then
		continue
	fi
	boots+=("$bname $cpus $mem $cpu $tmo $scen ${accel:-tcg} ${kargs:-}")
done < "$matrix"

if [ -n "${HOIST_TESTS:-}" ]; then
	for want in ${HOIST_TESTS//,/ }; do
		grep -qE "^$want[[:space:]]" "$matrix" ||
			echo "FAIL: $want: no such boot in $matrix" | tee -a "$results"
	done
fi

run_boot() {
	local bname=$1 cpus=$2 mem=$3 cpu=$4 tmo=$5 scen=$6 accel=$7 kargs=${8:-}
	"$TOP/scripts/run-qemu.sh" --name "$bname" --cpus "$cpus" --mem "$mem" \
		--cpu "$cpu" --timeout "$tmo" --accel "$accel" \
		${kargs:+--append "${kargs//,/ }"} \
		--retry-unbooted "$retries" "$scen"
}

# Per lane: "boot N s, ..." and the lane's total, for the summary.
declare -A lane_boots=() lane_secs=()
note_lane() { # LANE BOOT SECONDS
	lane_boots[$1]+="${lane_boots[$1]:+, }$2 $3 s"
	lane_secs[$1]=$(( ${lane_secs[$1]:-0} + $3 ))
}

start=$SECONDS
if [ "$jobs" -le 1 ]; then
	# One lane: each boot's console streamed live, as it comes.
	for b in "${boots[@]}"; do
		set -- $b
		echo "=== boot $1"
		t0=$SECONDS
		run_boot "$@" 2>&1 | tee "$logs/$1.out"
		collect "$logs/$1.out"
		note_lane 1 "$1" $((SECONDS - t0))
	done
else
	# N lanes: the next boot in matrix order starts in the first lane
	# free, into its own file; a boot's output is printed whole when it
	# ends, never interleaved with another's.
	declare -A running=() lane_of=() t0_of=()
	declare -A busy=()
	print_done() {
		local pid bname
		wait -n -p pid "${!running[@]}"
		bname=${running[$pid]}
		unset "running[$pid]"
		unset "busy[${lane_of[$pid]}]"
		note_lane "${lane_of[$pid]}" "$bname" $((SECONDS - ${t0_of[$pid]}))
		echo "=== boot $bname"
		cat "$logs/$bname.out"
		collect "$logs/$bname.out"
	}
	for b in "${boots[@]}"; do
		set -- $b
		while [ ${#running[@]} -ge "$jobs" ]; do print_done; done
		lane=1
		while [ -n "${busy[$lane]:-}" ]; do lane=$((lane + 1)); done
		run_boot "$@" > "$logs/$1.out" 2>&1 &
		running[$!]=$1
		lane_of[$!]=$lane
		t0_of[$!]=$SECONDS
		busy[$lane]=1
	done
	while [ ${#running[@]} -gt 0 ]; do print_done; done
fi
if [ ${#boots[@]} -gt 0 ]; then
	for lane in $(printf '%s\n' "${!lane_boots[@]}" | sort -n); do
		echo "# lane $lane: ${lane_boots[$lane]}; ${lane_secs[$lane]} s in all"
	done
	echo "# ${#boots[@]} boot(s) in $((SECONDS - start)) s, $jobs lane(s)"
fi

passed=$(grep -c '^PASS: ' "$results")
failed=$(grep -c '^FAIL: ' "$results")
if [ "$failed" -gt 0 ]; then
	echo "=== failures"
	grep '^FAIL: ' "$results"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
