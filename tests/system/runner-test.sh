#!/bin/bash
# The test runner's own test (run by scripts/run-tests.sh before the boots,
# a few seconds): scripts/run-tests.sh and scripts/run-qemu.sh drive
# tests/system/fake-qemu.sh instead of QEMU, through a matrix of fake boots
# that pass, fail, hang or panic before or after their first scenario.
# Asserted, one "PASS: runner/..." or "FAIL: runner/...: why" line each:
#   - a boot whose kernel hangs or panics before the first scenario is
#     retried once, with a "never reached the first scenario (...);
#     retrying once" line, and only its last attempt's results count (a
#     second such failure is one FAIL line);
#   - a boot that fails after a scenario started is not retried;
#   - HOIST_RETRY_UNBOOTED=0 turns the retry off;
#   - in lanes (HOIST_JOBS=2) each boot's output is printed whole, never
#     interleaved; every boot runs once, in a lane, and the "# lane" lines
#     list them; HOIST_JOBS=1 runs the boots one after another;
#   - a boot's kernel arguments (the matrix's eighth column) reach the
#     emulated kernel's command line;
#   - the last line is "N passed, M failed" with the right counts, and
#     the exit status says whether anything failed.
# The runs' own output stays in a temporary directory; it is shown,
# indented, when a check fails.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/hoist-runner-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/kernel"
: > "$tmp/initrd"

cat > "$tmp/matrix" <<'EOF'
# name     cpus mem cpu timeout scenarios [accel [kernel-args]]
ok-a       2    512 max 30      pass-a,pass-b
early      2    512 max 2       hangonce-c
hang       2    512 max 1       hang-d
panic      2    512 max 30      panic-e
late       2    512 max 2       pass-f,hanglate-g
fail       2    512 max 30      fail-h
ok-b       1    512 max 30      pass-i tcg,thread=single k1=v1,k2=v2
EOF

failed=0 shown=
ok() { echo "PASS: runner/$1"; }
bad() { # NAME WHY: a FAIL line, and the run's output the first time
	echo "FAIL: runner/$1: $2"
	[ "$shown" = "$out" ] || sed 's/^/  | /' "$out"
	shown=$out failed=1
}

# runs NAME [VAR=VALUE...]: run-tests.sh --system-only on the fake matrix,
# output in $tmp/NAME.out (then $out), exit status in $rc.
runs() {
	local name=$1
	shift
	rm -rf "$tmp/state" "$tmp/logs"
	mkdir -p "$tmp/state"
	out=$tmp/$name.out
	env -u HOIST_TESTS -u HOIST_JOBS -u HOIST_RETRY_UNBOOTED -u HOIST_SIDE_BOOTS FAKE_QEMU_DELAY=0.05 \
		QEMU="$TOP/tests/system/fake-qemu.sh" FAKE_QEMU_STATE="$tmp/state" \
		HOIST_KERNEL="$tmp/kernel" HOIST_INITRD="$tmp/initrd" \
		HOIST_LOG_DIR="$tmp/logs" HOIST_MATRIX="$tmp/matrix" \
		"$@" "$TOP/scripts/run-tests.sh" --system-only > "$out" 2>&1
	rc=$?
}
# count PATTERN: lines of $out matching the extended regular expression,
# up to the summary of failures (which repeats the FAIL lines)
count() { sed '/^=== failures$/,$d' "$out" | grep -cE "$1"; }
retry_line='emulated kernel never reached the first scenario'

# --- Two lanes, the whole fake matrix.
runs lanes HOIST_JOBS=2

n=$(count "^# boot early: $retry_line \(timeout after 2 s; last console line: '\[ *0\.823456\] pnp: PnP ACPI init'\); retrying once$")
m=$(count '^(PASS|FAIL): hangonce-c')
[ "$n" = 1 ] && [ "$m" = 3 ] && [ "$(count '^FAIL: hangonce-c')" = 0 ] &&
	[ -f "$tmp/logs/early.try1.log" ] && ok hang-then-boot-retried ||
	bad hang-then-boot-retried "$n retry lines, $m results of hangonce-c (want 1, 3 PASS, early.try1.log)"

[ "$(count "^# boot hang: $retry_line .*retrying once$")" = 1 ] &&
	[ "$(count '^FAIL: ')" -ge 1 ] && [ "$(count '^FAIL: hang-d')" = 1 ] &&
	grep -q '^FAIL: hang-d: timeout after 1 s$' "$out" && ok hang-twice-fails-once ||
	bad hang-twice-fails-once "want one retry line and one 'FAIL: hang-d: timeout after 1 s'"

[ "$(count "^# boot panic: $retry_line \(kernel panic: Kernel panic - not syncing: fake panic")" = 1 ] &&
	[ "$(count '^FAIL: panic-e: kernel panic: ')" = 1 ] && ok panic-retried-then-fails ||
	bad panic-retried-then-fails "want one retry line and one kernel panic FAIL for panic-e"

[ "$(count "^# boot late: $retry_line")" = 0 ] &&
	[ "$(count '^FAIL: hanglate-g: timeout after 2 s$')" = 1 ] &&
	[ "$(count '^PASS: pass-f/')" = 3 ] && ok hang-after-scenario-not-retried ||
	bad hang-after-scenario-not-retried "want no retry, pass-f's 3 PASS, one timeout FAIL in hanglate-g"

[ "$(count "^# boot fail: $retry_line")" = 0 ] && [ "$(count '^FAIL: fail-h/2: a fake failure$')" = 1 ] &&
	ok fail-after-scenario-not-retried || bad fail-after-scenario-not-retried "want one FAIL, no retry"

# Whole blocks: between "=== boot X" and the next "=== boot" or "# lane"
# line, every "# boot Y:" line is X's and every result is X's scenarios'.
mixed=$(awk '
	/^=== boot / { b = $3; next }
	/^# lane / { b = "" }
	b != "" && /^# boot / { y = $3; sub(/:$/, "", y); if (y != b) print b " holds " $0 }
	b != "" && /^(PASS|FAIL): / { s = $2; sub(/[:\/].*/, "", s); if (index(own[b], "," s ",") == 0) print b " holds " $0 }
	BEGIN {
		own["ok-a"] = ",pass-a,pass-b,"; own["early"] = ",hangonce-c,"; own["hang"] = ",hang-d,"
		own["panic"] = ",panic-e,"; own["late"] = ",pass-f,hanglate-g,"; own["fail"] = ",fail-h,"
		own["ok-b"] = ",pass-i,"
	}' "$out")
[ -z "$mixed" ] && [ "$(count '^=== boot ')" = 7 ] && ok lanes-whole-blocks ||
	bad lanes-whole-blocks "${mixed:-not 7 boot blocks}"

[ "$(count '^# boot ok-b: .*cmdline: .* k1=v1 k2=v2$')" = 1 ] &&
	[ "$(count '^# boot ok-a: .*cmdline: .*k1=v1')" = 0 ] && ok kernel-args ||
	bad kernel-args "want ok-b's cmdline to end with k1=v1 k2=v2, ok-a's without"

lanes=$(grep '^# lane ' "$out")
every=1
for b in ok-a early hang panic late fail ok-b; do
	[ "$(echo "$lanes" | grep -oE "(: |, )$b [0-9]+ s" | wc -l)" = 1 ] || every=0
done
[ $every = 1 ] && [ "$(echo "$lanes" | wc -l)" = 2 ] &&
	[ "$(count '^# 7 boot\(s\) in [0-9]+ s, 2 lane\(s\)$')" = 1 ] && ok lanes-summary ||
	bad lanes-summary "want 2 lane lines naming each boot once"

# 17 results pass: pass-a, pass-b, hangonce-c, pass-f, pass-i 3 each,
# hanglate-g and fail-h 1 each; 4 fail: hang-d, panic-e, hanglate-g, fail-h.
[ "$(tail -n 1 "$out")" = "17 passed, 4 failed" ] && [ $rc -ne 0 ] && ok lanes-counts ||
	bad lanes-counts "last line '$(tail -n 1 "$out")', exit status $rc (want '17 passed, 4 failed', non-zero)"

# --- One lane: the same retry, consoles streamed one boot after another.
runs one-lane HOIST_JOBS=1 HOIST_TESTS=early,ok-b,ok-a
order=$(sed -n 's/^=== boot //p' "$out" | tr '\n' ' ')
[ "$order" = "ok-a early ok-b " ] && [ "$(count "^# boot early: $retry_line .*retrying once$")" = 1 ] &&
	[ "$(count '^# 3 boot\(s\) in [0-9]+ s, 1 lane\(s\)$')" = 1 ] &&
	[ "$(tail -n 1 "$out")" = "12 passed, 0 failed" ] && [ $rc -eq 0 ] && ok one-lane ||
	bad one-lane "boots '$order', last line '$(tail -n 1 "$out")', exit status $rc"

# --- HOIST_RETRY_UNBOOTED=0: no retry.
runs no-retry HOIST_RETRY_UNBOOTED=0 HOIST_TESTS=early
[ "$(count "$retry_line")" = 0 ] && [ "$(tail -n 1 "$out")" = "0 passed, 1 failed" ] && ok retry-off ||
	bad retry-off "last line '$(tail -n 1 "$out")'"

exit $failed
