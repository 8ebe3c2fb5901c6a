# pvfuzz: the hostile PV-ops guest (guests/pvfuzz.c): 100,000 random
# grant-table and event-channel operations by their Xen numbers, and
# add_to_physmap of grant frames and shared_info at random idx/gfn, with
# random structure contents and pointers, while another guest (pvfuzz
# ticks=1) prints a tick about every second beside it, and dom0
# (evtchn-tool grab) binds every port of the fuzzer's it can, takes its
# events and notifies them, closing its fd every few rounds.
# Asserts: the fuzzer runs to completion (its count, no insane result, no
# clobbered register, its code unchanged: PASS, and it powers off, not
# crashed); the guest beside it kept printing while it ran and after;
# dom0's binds were only ever refused with EINVAL, ENOENT or ENOSPC and
# some succeeded; dom0 answers; `hoist info` is sane (every CPU still hoisted, free pages
# within the pool); after both are destroyed every hypervisor page is
# back; no oops.

mk() { # NAME GUEST [extra config lines...]
	_n=$1 _g=$2
	shift 2
	printf 'name = "%s"\ntype = "pvh"\nmemory = 32\nkernel = "/guests/%s"\n' "$_n" "$_g" > /tmp/$_n.cfg
	for _l in "$@"; do echo "$_l" >> /tmp/$_n.cfg; done
}
state() { hoist list | awk -v n="$1" '$1 == n { print $5 }'; }
ticks() { grep -c 'pvfuzz: tick' /tmp/tk.out; }

check pvfuzz/insmod insmod $HOIST_KO || return 1
pages0=$(dom-smoke pages)

mk tk pvfuzz 'cmdline = "ticks=1"'
hoist create -c /tmp/tk.cfg > /tmp/tk.out 2>&1 &
tk=$!
sleep 3
t0=$(ticks)
mk pf pvfuzz 'cmdline = "seed=13"' 'on_poweroff = "preserve"' 'on_crash = "preserve"'
start=$(date +%s)
hoist create -c /tmp/pf.cfg > /tmp/pf.out 2>&1 &
pf=$!
for _ in $(seq 100); do
	d=$(hoist list | awk '$1 == "pf" { print $2 }')
	[ -n "$d" ] && break
	sleep 0.2
done
evtchn-tool grab "$d" 20 > /tmp/grab.out 2>&1 &
grab=$!
for _ in $(seq 400); do
	case "$(state pf)" in ---s*) break ;; esac
	sleep 1
done
t1=$(ticks)
info "fuzz: $(( $(date +%s) - start )) s; $(grep 'pvfuzz: done' /tmp/pf.out)"
info "$(grep 'pvfuzz: results' /tmp/pf.out)"
expect_eq pvfuzz/ran-to-completion "$(grep -o 'pvfuzz: done [0-9]* ops' /tmp/pf.out)" "pvfuzz: done 100000 ops"
expect_eq pvfuzz/verdict "$(grep -oE 'HOIST-GUEST: (PASS|FAIL) pvfuzz.*' /tmp/pf.out)" "HOIST-GUEST: PASS pvfuzz"
expect_eq pvfuzz/powered-off "$(state pf)" "---s--"
[ "$t1" -ge $((t0 + 2)) ] && pass pvfuzz/beside-kept-running ||
	fail pvfuzz/beside-kept-running "ticks $t0 -> $t1 while the fuzzer ran"
wait "$grab"
expect_eq pvfuzz/dom0-grab "$?" 0
info "$(cat /tmp/grab.out)"
binds=$(awk '/^grab/ { print $3 }' /tmp/grab.out)
[ "${binds:-0}" -gt 0 ] && pass pvfuzz/dom0-bound-fuzzer-ports ||
	fail pvfuzz/dom0-bound-fuzzer-ports "$(cat /tmp/grab.out)"
sleep 3
[ "$(ticks)" -gt "$t1" ] && pass pvfuzz/beside-still-running ||
	fail pvfuzz/beside-still-running "ticks stopped at $t1"
expect_eq pvfuzz/beside-state "$(state tk)" "r-----"
expect_eq pvfuzz/dom0-responsive "$(seq 1 1000 | awk '{ s += $1 } END { print s }')" 500500
expect_eq pvfuzz/cpus-hoisted "$(hoist info cpus_hoisted)" "$(cpus_online)"
free=$(hoist info hypervisor_free_pages)
total=$(hoist info hypervisor_pages)
[ -n "$free" ] && [ "$free" -le "$total" ] && pass pvfuzz/info-sane ||
	fail pvfuzz/info-sane "free $free of $total pages"
check pvfuzz/destroy-fuzzer hoist destroy pf
check pvfuzz/destroy-beside hoist destroy tk
wait "$pf" "$tk" 2>/dev/null
sleep 1
expect_eq pvfuzz/hv-pages-exact "$(dom-smoke pages)" "$pages0"
no_oops pvfuzz/no-oops
check pvfuzz/rmmod rmmod hoist
