#!/bin/bash
# A stand-in for qemu-system-x86_64 that prints a console and exits, for
# testing the runner (tests/system/runner-test.sh) in seconds, without an
# emulated machine.  Called by scripts/run-qemu.sh with QEMU=this script.
#
# What it does depends on the scenarios in -append's hoist.scenario=A,B...:
# the first one's name, up to its first '-', says how the "kernel" boots:
#   hang-*      prints kernel lines, then hangs (until run-qemu's timeout)
#   panic-*     prints kernel lines and a kernel panic, then exits 0
#   hangonce-*  hangs like hang-* on its first run, boots on the next;
#               FAKE_QEMU_STATE=DIR (required) remembers the first run
# anything else boots; then each scenario S, by the same prefix:
#   pass-*      "=== HOIST-SCENARIO S", three "PASS: S/N" lines
#   fail-*      "=== HOIST-SCENARIO S", one PASS and one FAIL line
#   hanglate-*  "=== HOIST-SCENARIO S", one PASS line, then hangs
#   hangonce-*  as pass-* (once booted)
# and "HOIST-END pass=P fail=F".  FAKE_QEMU_DELAY (seconds, default 0.1)
# between console lines, so that boots run side by side overlap.
set -u

scen=
while [ $# -gt 0 ]; do
	case $1 in
	-append)
		for a in $2; do
			case $a in hoist.scenario=*) scen=${a#*=} ;; esac
		done
		shift 2 ;;
	*) shift ;;
	esac
done
delay=${FAKE_QEMU_DELAY:-0.1}
say() { echo "$1"; sleep "$delay"; }

say "[    0.000000] Linux version 6.1.0-fake (runner test)"
say "[    0.812345] ACPI: bus type PNP registered"
say "[    0.823456] pnp: PnP ACPI init"
first=${scen%%,*}
case $first in
hang-*)
	exec sleep 3600 ;;
panic-*)
	say "[    0.900000] Kernel panic - not syncing: fake panic in the kernel's own boot"
	exit 0 ;;
hangonce-*)
	state=${FAKE_QEMU_STATE:?FAKE_QEMU_STATE not set}/$first
	if [ ! -e "$state" ]; then
		: > "$state"
		exec sleep 3600
	fi ;;
esac
say "[    1.000000] Run /init as init process"

pass=0 fail=0
for s in ${scen//,/ }; do
	say "=== HOIST-SCENARIO $s"
	case $s in
	pass-*|hangonce-*)
		for n in 1 2 3; do say "PASS: $s/$n"; done
		pass=$((pass + 3)) ;;
	fail-*)
		say "PASS: $s/1"
		say "FAIL: $s/2: a fake failure"
		pass=$((pass + 1)) fail=$((fail + 1)) ;;
	hanglate-*)
		say "PASS: $s/1"
		exec sleep 3600 ;;
	*)
		say "FAIL: $s: fake-qemu does not know this scenario"
		fail=$((fail + 1)) ;;
	esac
done
say "HOIST-END pass=$pass fail=$fail"
say "[    2.000000] reboot: Power down"
exit 0
