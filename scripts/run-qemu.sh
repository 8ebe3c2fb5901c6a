#!/bin/bash
# Boot the emulated test machine and run system test scenarios in it.
#
#   run-qemu.sh [--cpus N] [--mem MB] [--cpu MODEL] [--timeout SEC]
#               [--append "kernel args"] [--name LOGNAME] [--interactive]
#               [--accel tcg|tcg,thread=single] [--retry-unbooted N]
#               [SCENARIO[,SCENARIO...]]
#
# Streams the serial console (carriage returns stripped) to stdout and to
# build/logs/<name>.log.  Exits 0 only if the machine printed
# "HOIST-END pass=P fail=0" and no FAIL line.  On timeout QEMU is killed and
# "FAIL: <scenario>: timeout after N s" is printed for the scenario that was running.
# --interactive: console on the terminal (Ctrl-A x quits QEMU), no timeout; with no
# scenario the machine starts a shell, with scenarios it starts one after them.
#
# --retry-unbooted N (default 0; scripts/run-tests.sh passes 1): a boot that
# failed before its console showed the first "=== HOIST-SCENARIO" line (the
# emulated kernel hung or died in its own boot, before Hoist was loaded)
# is the emulator's: say so in a "# boot NAME: emulated kernel never
# reached the first scenario (...); retrying once" line and boot again, up
# to N more times.  That attempt's console is kept as <name>.try<K>.log and
# prints no FAIL line; the last attempt fails as usual.  A failure after a
# scenario has started is never retried.
#
# --accel tcg,thread=single: one host thread for all emulated CPUs (QEMU's
# multi-threaded TCG runs a Hoist domU's world switches wrongly now and then;
# see docs/architecture.md, "Emulator faults").
#
# Environment: QEMU (default qemu-system-x86_64), HOIST_ACCEL (the default
# for --accel: tcg), HOIST_KERNEL, HOIST_INITRD, HOIST_LOG_DIR (default
# build/logs).
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
cpus=2 mem=512 cpu=max timeout=300 append= name= interactive=0 scenarios=
retries=0
accel=${HOIST_ACCEL:-tcg}

usage() { sed -n '3,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--cpus) cpus=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--retry-unbooted) retries=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	-h|--help) usage ;;
	-*) echo "run-qemu: unknown option $1" >&2; usage ;;
	*) [ -z "$scenarios" ] || usage; scenarios=$1; shift ;;
	esac
done
[ -n "$scenarios" ] || [ $interactive = 1 ] || usage

qemu=${QEMU:-qemu-system-x86_64}
kernel=${HOIST_KERNEL:-$TOP/out/kernel/vmlinuz}
initrd=${HOIST_INITRD:-$TOP/out/initramfs.cpio.gz}
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "FAIL: ${scenarios:-boot}: $f missing (make kernel initramfs)"; exit 1; }
done

# QEMU quirk: without SVM, -cpu max's extended CPUID level drops below 0x80000008,
# so the kernel assumes 48-bit virtual addresses while LA57 is on, rejects its own
# 5-level kernel addresses in copy_from_kernel_nofault(), /proc/self/exe reads
# "xxxxxxx" and every static glibc binary aborts in _dl_get_origin.  Keep leaf
# 0x80000008 (address sizes) visible.
case $cpu in *xlevel*) ;; *) cpu+=",min-xlevel=0x80000008" ;; esac

cmdline="console=ttyS0 panic=-1 hoist.cpus=$cpus"
[ -n "$scenarios" ] && cmdline+=" hoist.scenario=$scenarios"
[ $interactive = 1 ] && [ -n "$scenarios" ] && cmdline+=" hoist.shell=1"
[ -n "$append" ] && cmdline+=" $append"

# No NIC, no VGA: nothing the tests use, and less for the BIOS and kernel to probe.
args=(-accel "$accel" -cpu "$cpu" -smp "$cpus" -m "$mem"
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline"
	-no-reboot -nic none -vga none)

if [ $interactive = 1 ]; then
	exec "$qemu" "${args[@]}" -nographic
fi

name=${name:-${scenarios//,/+}}
logdir=${HOIST_LOG_DIR:-$TOP/build/logs}
mkdir -p "$logdir"
log=$logdir/$name.log
first=${scenarios%%,*}

# Host CPU time used by this script's finished children (QEMU above all),
# in clock ticks: how busy a boot keeps the host, beside its wall-clock time.
tck=$(getconf CLK_TCK)
child_ticks() { local st; read -r -a st < /proc/$$/stat; echo $((st[15] + st[16])); }

# boot_once: one run of the machine, console to stdout and $log.  Sets rc
# (QEMU's exit status, 124/137 on timeout), secs and cpu (wall-clock and
# host CPU seconds), end (the HOIST-END line), why (the reason line of a
# failure, empty if none) and reached (1 if the console showed a scenario
# starting).
boot_once() {
	local start current ticks
	start=$(date +%s.%N)
	ticks=$(child_ticks)
	echo "# boot $name: -accel $accel -smp $cpus -m $mem -cpu $cpu, timeout ${timeout}s, cmdline: $cmdline"
	# stdin from /dev/null: the console is output only, and QEMU leaves the terminal alone.
	timeout -k 5 "$timeout" "$qemu" "${args[@]}" -display none -monitor none -serial stdio \
		</dev/null 2>&1 | sed -u 's/\r$//' | tee "$log"
	rc=${PIPESTATUS[0]}
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	secs=$(printf '%.1f' "$secs")
	cpu=$(printf '%.1f' "$(echo "scale=2; ($(child_ticks) - $ticks) / $tck" | bc)")

	# Which scenario was running when the machine stopped (for the reason line).
	current=$(sed -n 's/^=== HOIST-SCENARIO //p' "$log" | tail -n1)
	reached=0
	[ -n "$current" ] && reached=1
	current=${current:-$first}
	end=$(grep -a '^HOIST-END ' "$log" | tail -n1)

	why=
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		why="$current: timeout after $timeout s"
	elif [ -z "$end" ]; then
		why="machine stopped without HOIST-END (QEMU exit status $rc)"
		grep -aq 'Kernel panic' "$log" && why="kernel panic: $(grep -a -m1 'Kernel panic' "$log" | sed 's/^\[[^]]*\] //')"
		why="$current: $why"
	elif [ $rc -ne 0 ]; then
		why="$current: QEMU exit status $rc"
	fi
}

# The exit status of the boot: 0 only for "HOIST-END ... fail=0" and no FAIL line.
boot_passed() {
	case $end in
	*" fail=0") [ -z "$why" ] && ! grep -aq '^FAIL: ' "$log" ;;
	*) return 1 ;;
	esac
}

attempt=1
while :; do
	boot_once
	if boot_passed || [ $reached = 1 ] || [ $attempt -gt "$retries" ]; then
		break
	fi
	# Failed before the first scenario: the emulated kernel's own boot.
	# The console's last line (not QEMU's own "terminating on signal").
	last=$(grep -av -e '^[[:space:]]*$' -e '^qemu-system[^:]*: terminating on signal' "$log" |
		tail -n1 | cut -c1-120)
	mv "$log" "$logdir/$name.try$attempt.log"
	echo "# boot $name: ${secs}s (host CPU ${cpu}s), QEMU exit status $rc, log $logdir/$name.try$attempt.log"
	left=$((retries - attempt + 1))
	again="retrying once"
	[ $left -gt 1 ] && again="retrying ($left attempts left)"
	if [ -n "$last" ]; then last="last console line: '$last'"; else last="no console output"; fi
	echo "# boot $name: emulated kernel never reached the first scenario (${why#*: }; $last); $again"
	attempt=$((attempt + 1))
done

[ -n "$why" ] && { echo "FAIL: $why" | tee -a "$log"; }
echo "# boot $name: ${secs}s (host CPU ${cpu}s), QEMU exit status $rc, ${end:-no HOIST-END}, log $log"
boot_passed
