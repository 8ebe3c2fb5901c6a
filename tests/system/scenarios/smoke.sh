# smoke: the emulated machine booted the kernel we built for, with the CPUs and
# memory QEMU was asked for.  Independent of Hoist.
# Asserts: the kernel release; every possible CPU online, as many as
# /proc/cpuinfo lists and as run-qemu.sh asked for (hoist.cpus); some
# memory; the static cpuid test helper runs and agrees with the kernel on
# the CPU vendor.

expect_eq smoke-kernel "$(uname -r)" "$KVER"

# Every possible CPU is online (QEMU -smp N: possible = present = N).
possible=$(cat /sys/devices/system/cpu/possible)
expect_eq smoke-cpus-online "$(cat /sys/devices/system/cpu/online)" "$possible"
expect_eq smoke-cpus-count "$(cpus_online)" "$(grep -c ^processor /proc/cpuinfo)"
# run-qemu.sh passes the -smp count as hoist.cpus.
want=$(cmdline_arg hoist.cpus) && expect_eq smoke-cpus-requested "$(cpus_online)" "$want"

total=$(meminfo_kb MemTotal)
check smoke-meminfo test "${total:-0}" -gt 0

# The cpuid test helper runs (static binary) and agrees with the kernel.  Leaf 0
# holds the vendor in EBX:EDX:ECX and `cpuid -s` prints EBX:ECX:EDX.
if [ -x /bin/cpuid ]; then
	vendor=$(awk -F': ' '/^vendor_id/ { print $2; exit }' /proc/cpuinfo)
	expect_eq smoke-cpuid-vendor "$(cpuid -s 0)" \
		"$(echo "$vendor" | awk '{ print substr($0, 1, 4) substr($0, 9, 4) substr($0, 5, 4) }')"
fi
