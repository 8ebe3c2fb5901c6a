#!/bin/bash
# Run all tests: unit tests on the host, then every boot of tests/system/matrix.
#
#   run-tests.sh [--system-only]
#
# Also runs the kernel style check (make check-style) after the unit tests.
# Collects the PASS:/FAIL: lines of all, prints the failures and ends with
# exactly one line "N passed, N failed"; exits non-zero if anything failed.
#
# Environment:
#   HOIST_TESTS=boot,...   run only these boots of the matrix
#   HOIST_MATRIX=FILE      another matrix file
#   HOIST_JOBS=N           boots run at once (default 1, see below)
#   HOIST_SIDE_BOOTS=0     run the single-threaded boots in line, not beside
#                          the others
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
matrix=${HOIST_MATRIX:-$TOP/tests/system/matrix}
# One boot at a time by default.  Measured on the 2-core host with four -smp 2
# smoke boots: 30.9 s one at a time, 26.4-27.7 s two at a time, but each boot then
# takes twice as long (7.5 s -> 12-14 s): multi-threaded TCG already fills both
# cores, so parallel boots gain ~10% and make timeouts and timings less reliable.
jobs=${HOIST_JOBS:-1}
system_only=0
[ "${1:-}" = --system-only ] && system_only=1

logs=$TOP/build/logs
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
fi

# (b) system tests: one boot per matrix line
#   <boot-name> <cpus> <mem_mb> <cpu_model> <timeout_s> <scenario>[,<scenario>...] [<accel>]
boots=()
while read -r bname cpus mem cpu tmo scen accel rest; do
	case $bname in ''|'#'*) continue ;; esac
	if [ -z "$scen" ] || [ -n "$rest" ]; then
		echo "FAIL: matrix: bad line for boot $bname" | tee -a "$results"
		continue
	fi
	if [ -n "${HOIST_TESTS:-}" ] && [[ ",$HOIST_TESTS," != *",$bname,"* ]]; then
		continue
	fi
	boots+=("$bname $cpus $mem $cpu $tmo $scen ${accel:-tcg}")
done < "$matrix"

if [ -n "${HOIST_TESTS:-}" ]; then
	for want in ${HOIST_TESTS//,/ }; do
		grep -qE "^$want[[:space:]]" "$matrix" ||
			echo "FAIL: $want: no such boot in $matrix" | tee -a "$results"
	done
fi

run_boot() {
	local bname=$1 cpus=$2 mem=$3 cpu=$4 tmo=$5 scen=$6 accel=$7
	"$TOP/scripts/run-qemu.sh" --name "$bname" --cpus "$cpus" --mem "$mem" \
		--cpu "$cpu" --timeout "$tmo" --accel "$accel" "$scen"
}

start=$SECONDS
if [ "$jobs" -le 1 ]; then
	# Single-threaded boots (accel tcg,thread=single: the Linux guest, the
	# attacks) use one host core each, while a multi-threaded boot keeps
	# both busy only part of the time: they run one after another beside
	# the others, each printed whole when all have ended.
	# HOIST_SIDE_BOOTS=0 runs them in line instead.
	side=()
	for b in "${boots[@]}"; do
		set -- $b
		if [ "$7" = tcg,thread=single ] && [ "${HOIST_SIDE_BOOTS:-1}" = 1 ]; then
			side+=("$b")
			continue
		fi
	done
	if [ ${#side[@]} -gt 0 ]; then
		(
			for b in "${side[@]}"; do
				set -- $b
				run_boot "$@" > "$logs/$1.out" 2>&1
			done
		) &
		side_pid=$!
	fi
	for b in "${boots[@]}"; do
		set -- $b
		[ "$7" = tcg,thread=single ] && [ "${HOIST_SIDE_BOOTS:-1}" = 1 ] && continue
		echo "=== boot $1"
		# Stream this boot's console live, as it comes.
		run_boot "$@" 2>&1 | tee "$logs/$1.out"
		collect "$logs/$1.out"
	done
	if [ ${#side[@]} -gt 0 ]; then
		wait "$side_pid"
		for b in "${side[@]}"; do
			set -- $b
			echo "=== boot $1"
			cat "$logs/$1.out"
			collect "$logs/$1.out"
		done
	fi
else
	# N boots at once, each into its own file; a boot's output is printed
	# whole when it ends, never interleaved with another's.
	declare -A running=()
	print_done() {
		local pid
		wait -n -p pid "${!running[@]}"
		local bname=${running[$pid]}
		unset "running[$pid]"
		echo "=== boot $bname"
		cat "$logs/$bname.out"
		collect "$logs/$bname.out"
	}
	for b in "${boots[@]}"; do
		set -- $b
		while [ ${#running[@]} -ge "$jobs" ]; do print_done; done
		run_boot "$@" > "$logs/$1.out" 2>&1 &
		running[$!]=$1
	done
	while [ ${#running[@]} -gt 0 ]; do print_done; done
fi
[ ${#boots[@]} -gt 0 ] && echo "# ${#boots[@]} boot(s) in $((SECONDS - start)) s"

passed=$(grep -c '^PASS: ' "$results")
failed=$(grep -c '^FAIL: ' "$results")
if [ "$failed" -gt 0 ]; then
	echo "=== failures"
	grep '^FAIL: ' "$results"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
