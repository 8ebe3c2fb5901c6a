# dom0 under load on all CPUs for a minute while hoisted (CPU, memory,
# fork/exec, timers) gives the same results as natively.

secs=${HOIST_LOAD_SECONDS:-60}
native=$(workload -n 2 | grep -E '^workload ' | grep -v elapsed)
info "native: $native"
check load/insmod insmod $HOIST_KO || return 1
hoisted=$(workload -t "$secs" | grep -E '^workload ' | grep -v elapsed)
info "hoisted ($secs s): $hoisted"
expect_eq load/round-digest "$(echo "$hoisted" | sed -n 's/.*round_digest=\([^ ]*\).*/\1/p')" \
	"$(echo "$native" | sed -n 's/.*round_digest=\([^ ]*\).*/\1/p')"
expect_eq load/errors "$(echo "$hoisted" | sed -n 's/.*errors=\([^ ]*\).*/\1/p')" 0
rounds=$(echo "$hoisted" | sed -n 's/.*rounds=\([0-9]*\).*/\1/p')
[ "${rounds:-0}" -gt 0 ] && pass load/made-progress || fail load/made-progress "no rounds"
expect_eq load/still-hoisted "$(hoist info cpus_hoisted)" "$(cpus_online)"
check load/rmmod rmmod hoist
