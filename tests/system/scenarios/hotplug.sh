# hotplug: CPU hotplug while hoisted.
# Asserts: taking a hoisted CPU offline is refused with an error and it
# stays online (no hang); with a CPU offline at insmod, the others are
# hoisted, and that CPU, brought online, is hoisted too and traps CPUID;
# rmmod works each time.

last=$(( $(cpus_online) - 1 ))
check hotplug/insmod insmod $HOIST_KO || return 1
if echo 0 > /sys/devices/system/cpu/cpu$last/online 2>/dev/null; then
	fail hotplug/offline-refused "cpu$last went offline while hoisted"
	echo 1 > /sys/devices/system/cpu/cpu$last/online
else
	pass hotplug/offline-refused
fi
expect_eq hotplug/still-online "$(cat /sys/devices/system/cpu/cpu$last/online)" 1
check hotplug/rmmod rmmod hoist

check hotplug/offline-native sh -c "echo 0 > /sys/devices/system/cpu/cpu$last/online"
check hotplug/insmod-one-offline insmod $HOIST_KO
expect_eq hotplug/hoisted-online-only "$(hoist info cpus_hoisted)" "$last"
check hotplug/online-while-hoisted sh -c "echo 1 > /sys/devices/system/cpu/cpu$last/online"
expect_eq hotplug/new-cpu-hoisted "$(hoist info cpus_hoisted)" "$((last + 1))"
before=$(hoist stats $last | awk '$1 == "cpuid" { print $2 }')
taskset -c $last cpuid 0 >/dev/null
after=$(hoist stats $last | awk '$1 == "cpuid" { print $2 }')
[ "$after" -gt "$before" ] 2>/dev/null && pass hotplug/new-cpu-traps || fail hotplug/new-cpu-traps "$before -> $after"
check hotplug/rmmod-all rmmod hoist
