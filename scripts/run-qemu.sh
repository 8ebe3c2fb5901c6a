#!/bin/bash
# Boot the emulated test machine and run system test scenarios in it.
#
#   run-qemu.sh [--cpus N] [--mem MB] [--cpu MODEL] [--timeout SEC]
#               [--append "kernel args"] [--name LOGNAME] [--interactive]
#               [--accel tcg|tcg,thread=single] [SCENARIO[,SCENARIO...]]
#
# Streams the serial console (carriage returns stripped) to stdout and to
# build/logs/<name>.log.  Exits 0 only if the machine printed
# "HOIST-END pass=P fail=0" and no FAIL line.  On timeout QEMU is killed and
# "FAIL: <scenario>: timeout after N s" is printed for the scenario that was running.
# --interactive: console on the terminal (Ctrl-A x quits QEMU), no timeout; with no
# scenario the machine starts a shell, with scenarios it starts one after them.
#
# --accel tcg,thread=single: one host thread for all emulated CPUs (QEMU's
# multi-threaded TCG runs a Hoist domU's world switches wrongly now and then;
# see docs/architecture.md, "Emulator faults").
#
# Environment: QEMU (default qemu-system-x86_64), HOIST_ACCEL (the default
# for --accel: tcg), HOIST_KERNEL, HOIST_INITRD.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
cpus=2 mem=512 cpu=max timeout=300 append= name= interactive=0 scenarios=
accel=${HOIST_ACCEL:-tcg}

usage() { sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--cpus) cpus=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
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
logdir=$TOP/build/logs
mkdir -p "$logdir"
log=$logdir/$name.log
first=${scenarios%%,*}

start=$(date +%s.%N)
echo "# boot $name: -accel $accel -smp $cpus -m $mem -cpu $cpu, timeout ${timeout}s, cmdline: $cmdline"
# stdin from /dev/null: the console is output only, and QEMU leaves the terminal alone.
timeout -k 5 "$timeout" "$qemu" "${args[@]}" -display none -monitor none -serial stdio \
	</dev/null 2>&1 | sed -u 's/\r$//' | tee "$log"
rc=${PIPESTATUS[0]}
secs=$(echo "$(date +%s.%N) - $start" | bc)
secs=$(printf '%.1f' "$secs")

# Which scenario was running when the machine stopped (for the reason line).
current=$(sed -n 's/^=== HOIST-SCENARIO //p' "$log" | tail -n1)
current=${current:-$first}
end=$(grep -a '^HOIST-END ' "$log" | tail -n1)

report() { echo "$1" | tee -a "$log"; }
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	report "FAIL: $current: timeout after $timeout s"
elif [ -z "$end" ]; then
	why="machine stopped without HOIST-END (QEMU exit status $rc)"
	grep -aq 'Kernel panic' "$log" && why="kernel panic: $(grep -a -m1 'Kernel panic' "$log" | sed 's/^\[[^]]*\] //')"
	report "FAIL: $current: $why"
elif [ $rc -ne 0 ]; then
	report "FAIL: $current: QEMU exit status $rc"
fi
echo "# boot $name: ${secs}s, QEMU exit status $rc, ${end:-no HOIST-END}, log $log"

case $end in
*" fail=0") grep -aq '^FAIL: ' "$log" && exit 1; exit 0 ;;
*) exit 1 ;;
esac
