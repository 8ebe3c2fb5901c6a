# hoist stats adds up: on every CPU, the exits counted per reason (every row
# above "total", whatever reasons there are) sum to the total.  Guests run
# first, so that domU exits of every common kind are in the table: physical
# interrupts and hypercalls (spin, hello), port I/O (piostorm).  A kind of
# exit the hypervisor handles but does not count leaves its CPUs' reasons
# short of the total (the hypervisor before this test counted no domU
# interrupt, HLT or port I/O exit).

# stats_sums: one line per CPU column: "CPUn SUM TOTAL ok|bad".
stats_sums() {
	hoist stats | awk '
	$1 == "Reason" { for (i = 2; i <= NF; i++) cpu[i] = $i; n = NF; next }
	$1 == "total" {
		for (i = 2; i <= n; i++)
			print cpu[i], s[i] + 0, $i, (s[i] == $i + 0 ? "ok" : "bad")
		exit
	}
	{ for (i = 2; i <= NF; i++) s[i] += $i }'
}
total_all() { stats_sums | awk '{ t += $3 } END { print t + 0 }'; }
guest() { # NAME KERNEL [CMDLINE]
	printf 'name = "%s"\ntype = "pvh"\nmemory = 32\nkernel = "/guests/%s"\ncmdline = "%s"\n' \
		"$1" "$2" "$3" > /tmp/$1.cfg
}

check stats/insmod insmod $HOIST_KO || return 1
t0=$(total_all)
guest st-spin spin iterations=100000000000
guest st-pio piostorm reads=20000
guest st-hello hello
check stats/create-spin hoist create /tmp/st-spin.cfg
timeout 120 hoist create -c /tmp/st-pio.cfg > /tmp/st-pio.out 2>&1
timeout 30 hoist create -c /tmp/st-hello.cfg > /tmp/st-hello.out 2>&1
grep -q 'HOIST-GUEST: PASS piostorm' /tmp/st-pio.out && grep -q 'HOIST-GUEST: PASS hello' /tmp/st-hello.out &&
	pass stats/workload || fail stats/workload "$(tail -n 2 /tmp/st-pio.out /tmp/st-hello.out)"
sleep 2
hoist destroy st-spin
t1=$(total_all)
info "exits: $t0 before the guests, $t1 after"
[ $((t1 - t0)) -ge 20000 ] && pass stats/workload-exits ||
	fail stats/workload-exits "$((t1 - t0)) exits, fewer than piostorm's 20000 port reads"

# A CPU counting an exit can be between its total and its reason: look again.
for try in 1 2 3; do
	sums=$(stats_sums)
	case "$sums" in *bad*) sleep 1 ;; *) break ;; esac
done
echo "$sums" | sed 's/^/# /'
if [ -z "$sums" ]; then
	fail stats/reasons-add-up "no CPU column in: $(hoist stats | head -n 2)"
else
	case "$sums" in
	*bad*)
		hoist stats | sed 's/^/  | /'
		fail stats/reasons-add-up "$(echo "$sums" | awk '$4 == "bad" { printf "%s: %s of %s; ", $1, $2, $3 }')" ;;
	*) pass stats/reasons-add-up ;;
	esac
fi
check stats/rmmod rmmod hoist
