#!/bin/bash
# The peer benchmark: Debian's kernel as a PVH domU of real Xen 4.17, in the
# same emulated machine as Hoist's benchmarks.
#
#   run.sh            (make bench-xen; environment: TOP, OUT, BUILD)
#
# Fetches Debian's Xen once (scripts/fetch-xen.sh into BUILD/xen), packs
# dom0's initramfs (mkinitramfs-xen.sh), then boots
#   qemu-system-x86_64 -accel tcg -cpu max -smp CPUS -m MEM
#     -kernel BUILD/xen/xen (multiboot)  -append "<Xen options>"
#     -initrd "out/kernel/vmlinuz <dom0 args>,<dom0 initramfs>"
# Dom0's /init (tests/bench/xen/init) does the measuring.  The whole console
# goes to build/logs/bench-xen.log; stdout gets its "BENCH ..." lines (the
# format of tests/bench/report.sh), "SKIP xen: ..." lines and progress.
#
# Exit status: 0 when dom0 finished ("BENCH xen_done") or something the run
# needs is missing (then "SKIP xen: <reason>" and "BENCH xen skipped
# reason=..."), 1 when the machine failed or timed out ("BENCH xen failed
# reason=...").  Never a figure that was not measured.
#
# Environment: XEN_BENCH_CPUS (2), XEN_BENCH_MEM (MiB, 1024), XEN_DOM0_MEM
# (MiB, 512), XEN_BENCH_RUNS (3), XEN_GUEST_MEM (MiB, 256),
# XEN_BENCH_TIMEOUT (s, 900), QEMU (qemu-system-x86_64).
set -uo pipefail

TOP=${TOP:-$(cd "$(dirname "$0")/../../.." && pwd)}
OUT=${OUT:-$TOP/out}
BUILD=${BUILD:-$TOP/build}
XEN_BUILD=$BUILD/xen
KERNEL_BUILD=$BUILD/kernel
cpus=${XEN_BENCH_CPUS:-2}
mem=${XEN_BENCH_MEM:-1024}
dom0_mem=${XEN_DOM0_MEM:-512}
runs=${XEN_BENCH_RUNS:-3}
guest_mem=${XEN_GUEST_MEM:-256}
timeout=${XEN_BENCH_TIMEOUT:-900}
qemu=${QEMU:-qemu-system-x86_64}
here=$TOP/tests/bench/xen
initrd=$XEN_BUILD/dom0-initramfs.cpio.gz
log=$BUILD/logs/bench-xen.log

# reason TEXT: TEXT as one word, without its parenthesised hints
reason() { echo "$1" | sed 's/ *([^)]*)//g' | tr ' ' _; }
skip() {
	echo "SKIP xen: $1"
	echo "BENCH xen skipped reason=$(reason "$1")"
	exit 0
}
failed() {
	echo "FAIL: bench-xen: $1"
	echo "BENCH xen failed reason=$(reason "$1")"
	exit 1
}

command -v "$qemu" > /dev/null || skip "no $qemu"
if [ ! -f "$OUT/kernel/vmlinuz" ] || [ ! -f "$KERNEL_BUILD/kver" ]; then
	skip "no kernel (make kernel)"
fi
[ -x "$OUT/tests/bin/ttfb" ] || skip "no $OUT/tests/bin/ttfb (make test-helpers)"

# Debian's Xen: fetched once, again when fetch-xen.sh changes.
if [ ! -f "$XEN_BUILD/stamp" ] || [ "$TOP/scripts/fetch-xen.sh" -nt "$XEN_BUILD/stamp" ]; then
	echo "# xen: fetching Debian's Xen 4.17 into $XEN_BUILD"
	"$TOP/scripts/fetch-xen.sh" "$XEN_BUILD" > "$BUILD/xen-fetch.log" 2>&1 ||
		{ tail -n 5 "$BUILD/xen-fetch.log" >&2; skip "fetching Debian's Xen 4.17 packages failed (see $BUILD/xen-fetch.log)"; }
	touch "$XEN_BUILD/stamp"
fi
[ -f "$XEN_BUILD/xen" ] || skip "no $XEN_BUILD/xen"

# Packed every run (seconds): the guest initramfs may have appeared since.
TOP=$TOP OUT=$OUT XEN_BUILD=$XEN_BUILD KERNEL_BUILD=$KERNEL_BUILD \
	"$here/mkinitramfs-xen.sh" "$initrd" | sed 's/^/# /' ||
	skip "packing dom0's initramfs failed"

# Xen: serial console; smap=0 because Xen 4.17 faults under QEMU's SMAP
# emulation.  Dom0 (PV): its console is Xen's (hvc0).  Multiboot module
# strings are comma-separated: no commas in dom0's arguments.
xen_args="console=com1 com1=115200,8n1 smap=0 dom0_mem=${dom0_mem}M,max:${dom0_mem}M"
dom0_args="console=hvc0 XEN_RUNS=$runs XEN_GUEST_MEM=$guest_mem"
# -cpu as scripts/run-qemu.sh (min-xlevel: keep leaf 0x80000008 visible).
cpu=max,min-xlevel=0x80000008

mkdir -p "$(dirname "$log")"
echo "# xen boot: -smp $cpus -m $mem -cpu $cpu, Xen $(cat "$XEN_BUILD/version" 2>/dev/null)," \
	"$runs runs, timeout ${timeout}s, host loadavg $(cut -d' ' -f1-3 /proc/loadavg), console log $log"
start=$(date +%s)
timeout -k 5 "$timeout" "$qemu" -accel tcg -cpu "$cpu" -smp "$cpus" -m "$mem" \
	-kernel "$XEN_BUILD/xen" -append "$xen_args" \
	-initrd "$OUT/kernel/vmlinuz $dom0_args,$initrd" \
	-no-reboot -nic none -vga none -display none -monitor none -serial stdio \
	< /dev/null 2>&1 | sed -u 's/\r$//' | tee "$log" |
	grep -a --line-buffered -E '^(BENCH |SKIP |FAIL|# xen)|\(XEN\) (Xen version|.*[Pp]anic)|Kernel panic'
rc=${PIPESTATUS[0]}
echo "# xen boot: $(($(date +%s) - start)) s, QEMU exit status $rc, host loadavg $(cut -d' ' -f1-3 /proc/loadavg)"

grep -aq '^BENCH xen_done' "$log" && exit 0
[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && failed "timeout after $timeout s"
tail -n 20 "$log" | sed 's/^/# /'
failed "machine stopped before dom0 finished (QEMU exit status $rc)"
