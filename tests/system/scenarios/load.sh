# load: dom0 under load on all CPUs for HOIST_LOAD_SECONDS (60) while
# hoisted (CPU, memory, fork/exec, timers), against 5 s of the same natively.
# The workload prints a digest per round that depends only on the work, not
# on how many rounds fit in the time.
# Asserts: the hoisted digests equal the native ones, with no errors and at
# least one round; every CPU is still hoisted after; rmmod works.

secs=${HOIST_LOAD_SECONDS:-60}
digests() { sed -n 's/.*\(job=[0-9]*\).*\(round_digest=[0-9a-f]*\).*/\1 \2/p; s/^workload rounds=.* \(round_digest=[0-9a-f]*\).*/all \1/p'; }
native=$(workload -t 5)
info "native: $(echo "$native" | tail -1)"
check load/insmod insmod $HOIST_KO || return 1
hoisted=$(workload -t "$secs")
info "hoisted ($secs s): $(echo "$hoisted" | tail -1)"
want=$(echo "$native" | digests | tr '\n' ' ')
got=$(echo "$hoisted" | digests | tr '\n' ' ')
[ -n "$want" ] && expect_eq load/same-results "$got" "$want" || fail load/same-results "no digest natively"
expect_eq load/no-errors "$(echo "$hoisted" | grep -c 'errors=[1-9]')" 0
rounds=$(echo "$hoisted" | sed -n 's/^workload rounds=\([0-9]*\).*/\1/p')
[ "${rounds:-0}" -gt 0 ] && pass load/made-progress || fail load/made-progress "no rounds"
expect_eq load/still-hoisted "$(hoist info cpus_hoisted)" "$(cpus_online)"
check load/rmmod rmmod hoist
