#!/bin/bash
# The Xen peer's section of the benchmark report.
#
#   report.sh LOG [OUTPUT.md]
#
# Reads the "BENCH key=value" lines of tests/bench/xen/run.sh (appended to
# the bench console log by `make bench`) and prints a Markdown section: the
# medians of the xen_linux_* figures and, for each, the ratio to Hoist's
# figure for the same thing (from tests/system/scenarios/bench.sh:
# domu_linux_init_ms, domu_linux_hcbench_ns/_tsc, workload_hoist_linux_ns,
# domu_linux_xs_read_ns)
# when the same log has it.  With
# OUTPUT.md the section is appended to that file too.  Prints nothing when
# the log has no Xen lines.
set -euo pipefail

log=${1:?usage: report.sh LOG [OUTPUT.md]}
output=${2:-}
lines=$(tr -d '\r' < "$log" | grep -o 'BENCH .*' || true)
grep -qE '^BENCH (xen_|info_xen_|xen )' <<< "$lines" || exit 0

value() { sed -n "s/^BENCH $1=//p" <<< "$lines" | head -n 1; }

# stats KEY SCALE: "median min max runs" of KEY's values / SCALE; empty if none
stats() {
	sed -n "s/^BENCH $1=\([0-9.][0-9.]*\)$/\1/p" <<< "$lines" | sort -g |
		awk -v s="$2" '{ v[NR] = $1 / s }
			END {
				if (NR == 0) exit
				m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
				printf "%.6g %.6g %.6g %d\n", m, v[1], v[NR], NR
			}'
}
fmt() { awk -v x="$1" 'BEGIN { printf (x < 1000 ? "%.1f" : "%.0f"), x }'; }

# row LABEL KEY SCALE HOIST_KEY HOIST_SCALE: Xen's figure (xen_KEY),
# Hoist's (HOIST_KEY), Hoist / Xen
row() {
	local x h xs="not measured" hs="not measured" r="not measured"
	x=$(stats "xen_$2" "$3")
	h=$(stats "$4" "$5")
	# x, h: "median min max runs"
	[ -z "$x" ] || xs=$(echo "$x" | while read -r m lo hi n; do
		echo "$(fmt "$m") ($(fmt "$lo")-$(fmt "$hi"), $n runs)"; done)
	[ -z "$h" ] || hs=$(fmt "${h%% *}")
	if [ -n "$x" ] && [ -n "$h" ]; then
		r=$(awk -v a="${h%% *}" -v b="${x%% *}" 'BEGIN { printf "%.2f", a / b }')
	fi
	echo "| $1 | $xs | $hs | $r |"
}

section() {
	cat <<EOF

## Peer: Debian's kernel as a PVH domU of real Xen $(value info_xen_version)

The same emulated CPU (\`-accel tcg -cpu max\`), booted separately by
\`make bench-xen\` (tests/bench/xen/run.sh): Debian's xen-hypervisor-4.17-amd64
and xen-utils-4.17, unpacked, not installed; Xen options \`$(value info_xen_commandline)\`;
dom0 is the same Debian kernel.  The domU: Debian's kernel, $(value info_xen_guest_mem_mib) MiB, 1 vCPU,
\`tsc_mode = "native"\`, guest initramfs: $(value info_xen_guest_initrd).  Median (min-max).

| Measurement | Xen | Hoist | Hoist / Xen |
|---|---:|---:|---:|
$(row "\`xl create\` / \`hoist create\` to the guest's init (ms)" linux_create_to_init_ns 1000000 domu_linux_init_ms 1)
$(row "domU in-kernel hypercall round trip, xen_version (ns)" linux_hypercall_ns 1 domu_linux_hcbench_ns 1)
$(row "same, TSC ticks" linux_hypercall_ticks 1 domu_linux_hcbench_tsc 1)
$(row "CPU-bound program in the domU (ms)" linux_workload_ns 1000000 workload_hoist_linux_ns 1000000)
$(row "xenstore read round trip from the domU's user space (µs)" linux_xs_read_ns 1000 domu_linux_xs_read_ns 1000)
EOF
	local skipped
	skipped=$(grep -E '^BENCH xen[a-z_]* (skipped|failed)' <<< "$lines" | sed 's/^BENCH /- /' || true)
	[ -z "$skipped" ] || printf '\nXen skipped or failed:\n\n%s\n' "$skipped"
}

text=$(section)
echo "$text"
[ -z "$output" ] || echo "$text" >> "$output"
