# Helpers for system test scenarios (busybox sh), sourced by /init before each
# /tests/NAME.sh.  Every assertion prints exactly one line:
#   PASS: <name>
#   FAIL: <name>: <reason>
# and is counted in $HOIST_RESULTS for the final "HOIST-END pass=P fail=F".

HOIST_RESULTS=${HOIST_RESULTS:-/tmp/hoist-results}
KVER=$(cat /etc/hoist-kver 2>/dev/null)
HOIST_KO=/lib/hoist/hoist.ko
HOIST_TEST_KO_DIR=/lib/hoist-tests

# pass NAME
pass() {
	echo "PASS: $1"
	echo "PASS $1" >> "$HOIST_RESULTS"
	return 0
}

# fail NAME REASON...   (returns 1, so `check ... || return` stops a scenario)
fail() {
	_n=$1
	shift
	echo "FAIL: $_n: $*"
	echo "FAIL $_n" >> "$HOIST_RESULTS"
	return 1
}

# check NAME CMD [ARG...]: pass if CMD succeeds; on failure show its last output.
check() {
	_n=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	if [ $_rc -eq 0 ]; then
		pass "$_n"
	else
		echo "$_out" | tail -n 5 | sed 's/^/  | /'
		fail "$_n" "'$*' exited with status $_rc"
	fi
}

# run_checks NAME CMD [ARG...]: for a CMD that prints its own result lines
# (ioctl-check): each "PASS: x" or "FAIL: x: why" line it prints is counted
# through pass/fail, its other lines are shown indented.  NAME fails if CMD
# exits non-zero without having printed a FAIL line, or prints no result.
run_checks() {
	_rk_name=$1
	shift
	_rk_out=$("$@" 2>&1)
	_rk_rc=$?
	_rk_results=0 _rk_fails=0
	while IFS= read -r _rk_l; do
		case $_rk_l in
		"PASS: "*)
			pass "${_rk_l#PASS: }"
			_rk_results=$((_rk_results + 1)) ;;
		"FAIL: "*": "*)
			_rk_l=${_rk_l#FAIL: }
			fail "${_rk_l%%: *}" "${_rk_l#*: }"
			_rk_results=$((_rk_results + 1)) _rk_fails=$((_rk_fails + 1)) ;;
		"FAIL: "*)
			fail "${_rk_l#FAIL: }" "(no reason given)"
			_rk_results=$((_rk_results + 1)) _rk_fails=$((_rk_fails + 1)) ;;
		?*)
			echo "  | $_rk_l" ;;
		esac
	done <<EOF
$_rk_out
EOF
	if [ $_rk_rc -ne 0 ] && [ $_rk_fails -eq 0 ]; then
		fail "$_rk_name" "'$*' exited with status $_rk_rc without a FAIL line"
	elif [ $_rk_results -eq 0 ]; then
		fail "$_rk_name" "'$*' printed no PASS or FAIL line"
	else
		[ $_rk_fails -eq 0 ]
	fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "got '$2', want '$3'"
	fi
}

# info TEXT: a comment line in the log (not a result)
info() {
	echo "# $*"
}

# load_kvm [KVM_AMD_PARAMS...]: insmod the KVM modules in dependency order
# (the order file was computed at build time from the modules' depends).
load_kvm() {
	for _m in $(cat /lib/kvm/order); do
		_name=$(echo "${_m%.ko}" | tr - _)
		grep -q "^$_name " /proc/modules && continue
		if [ "$_name" = kvm_amd ]; then
			insmod "/lib/kvm/$_m" "$@" || return 1
		else
			insmod "/lib/kvm/$_m" || return 1
		fi
	done
	[ -e /dev/kvm ]
}

# meminfo_kb FIELD: the value of FIELD (e.g. MemFree) in /proc/meminfo, in kB
meminfo_kb() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# free_kb: free memory in kB, counting the pages parked on the per-CPU free
# lists. MemFree leaves those out, and a freed 2 MiB block can sit there
# (6.1 keeps order-9 pages per CPU), so leak checks use this instead.
free_kb() {
	awk '$1 == "nr_free_pages" || $1 == "count:" { n += $2 } END { print n * 4 }' /proc/zoneinfo
}

# cmdline_arg NAME: the value of NAME=VALUE on the kernel command line
cmdline_arg() {
	for _a in $(cat /proc/cmdline); do
		case $_a in "$1="*) echo "${_a#*=}"; return 0 ;; esac
	done
	return 1
}

# cpus_online: number of online CPUs according to /sys
cpus_online() {
	_c=0
	for _f in /sys/devices/system/cpu/cpu[0-9]*; do
		if [ ! -f "$_f/online" ] || [ "$(cat "$_f/online")" = 1 ]; then
			_c=$((_c + 1))
		fi
	done
	echo $_c
}

# refute NAME REASON CMD [ARG...]: pass if CMD fails, fail with REASON if it succeeds.
refute() {
	_n=$1
	_r=$2
	shift 2
	if "$@" >/dev/null 2>&1; then
		fail "$_n" "$_r"
	else
		pass "$_n"
	fi
}

# no_oops NAME: no BUG, Oops, general protection fault or WARNING in the kernel
# log, except the one WARNING a contained dom0 access to forbidden memory causes
# on purpose (Hoist's #GP inside copy_from_kernel_nofault: docs/architecture.md).
no_oops() {
	_bad=$(dmesg | grep -E 'BUG:|Oops|general protection|WARNING' |
		grep -v 'ex_handler_uaccess' | head -n 1)
	if [ -n "$_bad" ]; then
		fail "$1" "$_bad"
	else
		pass "$1"
	fi
}

# stop_xenstored: end the hoist-xenstored that `hoist create` started for a
# Linux guest (it keeps /dev/hoist open, so rmmod would fail), and wait up
# to 5 s for it to go.  Nothing when none runs.
stop_xenstored() {
	for _p in $(pidof hoist-xenstored); do kill "$_p"; done
	_i=0
	while pidof hoist-xenstored > /dev/null && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
