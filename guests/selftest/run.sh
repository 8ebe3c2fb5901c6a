#!/bin/bash
# Offline self-test of the guest framework: boots each guest (built with
# fakehv.c, see there) in plain QEMU via PVH `-kernel`, and checks its
# console lines and how it ended.  Proves entry, paging, long mode, start_info
# parsing, printf, verdicts and the fuzzer's checks; NOT Hoist itself.
#
#   run.sh SELFTEST_BIN_DIR DOM0_SPIN
# One line per case: `PASS: guest-selftest-<case>` or `FAIL: ...: <reason>`.
set -uo pipefail

bin=$1 dom0_spin=$2
qemu=${QEMU:-qemu-system-x86_64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# The exit status the fake hypervisor causes (QEMU: (value << 1) | 1).
status_of() {
	case $1 in
	poweroff) echo $(((16 + 0) * 2 + 1)) ;; reboot) echo $(((16 + 1) * 2 + 1)) ;;
	crash) echo $(((16 + 3) * 2 + 1)) ;; watchdog) echo $(((16 + 4) * 2 + 1)) ;;
	blocked) echo $((15 * 2 + 1)) ;;
	esac
}

# run CASE GUEST CMDLINE END LINE... : END is poweroff|reboot|crash|watchdog|
# blocked; every LINE must appear as a whole console line.
run() {
	local name=$1 guest=$2 cmdline=$3 want=$4
	shift 4
	local log=$work/$name.log rc why=
	# shellcheck disable=SC2086  # QEMU_EXTRA: extra words, e.g. "-smp 2"
	timeout 120 "$qemu" -accel tcg -cpu max -m 64 -nodefaults -display none ${QEMU_EXTRA:-} \
		-no-reboot -kernel "$bin/$guest" -append "$cmdline" \
		-debugcon "file:$log" -device isa-debug-exit,iobase=0xf4,iosize=1 \
		>"$work/$name.qemu" 2>&1
	rc=$?
	[ "$rc" -eq "$(status_of "$want")" ] || why="ended with status $rc, want $want ($(status_of "$want"))"
	for line in "$@"; do
		grep -qxF -- "$line" "$log" 2>/dev/null || why="${why:+$why; }no line '$line'"
	done
	if [ -z "$why" ]; then
		echo "PASS: guest-selftest-$name"
		passed=$((passed + 1))
	else
		echo "FAIL: guest-selftest-$name: $why"
		sed 's/^/    | /' "$log" "$work/$name.qemu" 2>/dev/null | head -40
		failed=$((failed + 1))
	fi
}

# QEMU's map for -m 64: RAM 0-0x9fbff and 0x100000-0x3fdffff (63.5 MiB).
run hello hello "greeting=hi x=1" poweroff \
	"HOIST-GUEST: START hello" "Hello from a Hoist domU" \
	"hello: memory 63 MiB" 'hello: cmdline "greeting=hi x=1"' "HOIST-GUEST: PASS hello"
run hello-port-e9 hello "fakehv=noconsole" poweroff \
	"HOIST-GUEST: START hello" "Hello from a Hoist domU" "HOIST-GUEST: PASS hello"

sum=$("$dom0_spin" 1000000 | sed -n 's/.*checksum=\(0x[0-9a-f]*\).*/\1/p')
run spin spin "iterations=1000000" poweroff "HOIST-GUEST: PASS spin"
if grep -q "^spin: iterations=1000000 checksum=$sum ticks=[0-9]*$" "$work/spin.log"; then
	echo "PASS: guest-selftest-spin-checksum-matches-dom0"; passed=$((passed + 1))
else
	echo "FAIL: guest-selftest-spin-checksum-matches-dom0: dom0 $sum, guest: $(grep '^spin:' "$work/spin.log")"
	failed=$((failed + 1))
fi
run spin-bad-number spin "iterations=12x" crash \
	"HOIST-GUEST: FAIL spin: cmdline: iterations=12x is not a number"

# Plain QEMU has no hypervisor to stop it: this is the "succeeded" branch.
run badmem badmem "" poweroff \
	"badmem: RAM ends at 0x3fe0000, reading 0x80000000" \
	"HOIST-GUEST: FAIL badmem: access outside memory succeeded"

run fuzz fuzz "seed=7 count=5000" poweroff "fuzz: 5000 calls" "HOIST-GUEST: PASS fuzz"
run fuzz-clobber fuzz "count=4000 fakehv=clobber" crash
grep -q "^HOIST-GUEST: FAIL fuzz: 0 insane results, [1-9][0-9]* calls clobbered registers$" \
	"$work/fuzz-clobber.log" && grep -q "^fuzz: r12: nr=0x11f" "$work/fuzz-clobber.log" &&
	{ echo "PASS: guest-selftest-fuzz-sees-clobber"; passed=$((passed + 1)); } ||
	{ echo "FAIL: guest-selftest-fuzz-sees-clobber"; failed=$((failed + 1)); }
run fuzz-insane fuzz "count=4000 fakehv=insane" crash
grep -q "^HOIST-GUEST: FAIL fuzz: [1-9][0-9]* insane results, 0 calls clobbered registers$" \
	"$work/fuzz-insane.log" && grep -q "^fuzz: insane: nr=0x11f .* ret=-5000$" "$work/fuzz-insane.log" &&
	{ echo "PASS: guest-selftest-fuzz-sees-insane"; passed=$((passed + 1)); } ||
	{ echo "FAIL: guest-selftest-fuzz-sees-insane"; failed=$((failed + 1)); }

for r in poweroff:0 reboot:1 crash:3 watchdog:4; do
	run "shutdown-${r%:*}" shutdown "reason=${r%:*}" "${r%:*}" \
		"shutdown: reason=${r%:*} (${r#*:})"
done
run shutdown-default shutdown "" poweroff "shutdown: reason=poweroff (0)"
run shutdown-unknown shutdown "reason=halt" crash \
	"HOIST-GUEST: FAIL shutdown: unknown reason=halt (poweroff|reboot|crash|watchdog)"

run block block "" blocked "HOIST-GUEST: START block" "blocking"
# memtouch: every RAM page written and read back; plain QEMU's RAM holds the
# firmware's tables (zeroed=0), and its -m 640 with max-ram-below-4g=512M
# puts 128 MiB above 4 GiB (head.S's identity map reaches them).
run memtouch memtouch "zeroed=0" poweroff "HOIST-GUEST: PASS memtouch"
QEMU_EXTRA="-m 640 -machine pc,max-ram-below-4g=512M" run memtouch-high memtouch "zeroed=0 seed=3" \
	poweroff "memtouch: RAM 0x100000000-0x108000000 (128 MiB)" "HOIST-GUEST: PASS memtouch"
grep -q "^memtouch: touched [0-9]* pages (6[0-9][0-9] MiB), 32768 pages (128 MiB) above 4 GiB, 0 pages read zero first$" \
	"$work/memtouch-high.log" &&
	{ echo "PASS: guest-selftest-memtouch-above-4gib"; passed=$((passed + 1)); } ||
	{ echo "FAIL: guest-selftest-memtouch-above-4gib: $(grep 'touched' "$work/memtouch-high.log")"; failed=$((failed + 1)); }
# The zero check can fail: the firmware's pages are not zero.
run memtouch-not-zero memtouch "" crash
grep -q "^HOIST-GUEST: FAIL memtouch: [1-9][0-9]* of [0-9]* pages were not zero before the first write$" \
	"$work/memtouch-not-zero.log" &&
	{ echo "PASS: guest-selftest-memtouch-sees-non-zero"; passed=$((passed + 1)); } ||
	{ echo "FAIL: guest-selftest-memtouch-sees-non-zero: $(grep FAIL "$work/memtouch-not-zero.log")"; failed=$((failed + 1)); }

# A second CPU really started in the VCPU_HVM_MODE_64B state (fakehv + tramp.S).
QEMU_EXTRA="-smp 2" run smp smp "" poweroff "vcpu 0 running" "vcpu 1 running" \
	"smp: counter 2000000 = 2 vcpus x 1000000" "HOIST-GUEST: PASS smp"
QEMU_EXTRA="-smp 4" run smp-4 smp "vcpus=4 iterations=300000" poweroff \
	"vcpu 1 running" "vcpu 2 running" "vcpu 3 running" \
	"smp: counter 1200000 = 4 vcpus x 300000" "HOIST-GUEST: PASS smp"
# vcpu_op refused: smp must report the error, not hang.
run smp-no-vcpu-op smp "fakehv=novcpu" crash "vcpu 0 running" \
	"HOIST-GUEST: FAIL smp: VCPUOP_initialise(vcpu 1): -38 (ENOSYS)"
# Expected exceptions (ASM_EXTABLE) resume the guest: the XSETBV #GPs are
# "ok"; plain QEMU raises #UD for RDPMC, insn's one BAD line here.
run insn insn "" crash "insn: rdtscp after wrmsr 0x5a5a: ok" \
	"insn: xsetbv xcr0=5 (avx without sse) raises #GP: ok" \
	"insn: rdpmc ecx=0 raises #GP: BAD: #UD (error 0x0), want #GP" \
	"insn: invd: completes, memory kept: ok"
run trap trap "" crash "trap: loading from a non-canonical address"
grep -q "^HOIST-GUEST: FAIL trap: exception #GP (vector 13) error 0x0 at rip 0x1[0-9a-f]*, cr2 0x0$" \
	"$work/trap.log" &&
	{ echo "PASS: guest-selftest-trap-line"; passed=$((passed + 1)); } ||
	{ echo "FAIL: guest-selftest-trap-line: $(grep FAIL "$work/trap.log")"; failed=$((failed + 1)); }

echo "guest selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
