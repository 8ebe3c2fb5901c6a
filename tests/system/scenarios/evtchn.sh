# evtchn: interdomain event channels between dom0 and a domU (issue 13):
# guests/evtpeer is the domU end, tests/system/helpers/evtchn-tool dom0's,
# through the module's fd API.
# Asserts: the guest's own checks (alloc_unbound's refusals, status of an
# unbound port, a send on it dropped, bind_interdomain refused); a domain
# created makes a DOMAIN_EVENTS fd readable; dom0's bind of the guest's
# unbound port is pending at once; dom0's notify wakes the guest, which
# then sees the channel interdomain with dom0's port (console line); the
# guest's send wakes dom0's poll() and read() gives the port (10 s
# timeout: a lost event fails); another fd can neither notify nor unbind
# it; a process killed with -9 while bound leaves nothing (the same guest
# port binds again); 20 bind/close cycles all get the same dom0 port;
# the guest closing its end leaves dom0's port dead (notify 0, no event,
# unbind works) and its next port works; dom0's ALLOC_UNBOUND port binds;
# bad requests are refused; a destroy kills dom0's port (notify 0, rebind
# ENOENT) and makes DOMAIN_EVENTS readable; a guest sending, closing and
# re-allocating its port without pause while dom0 binds, reads, notifies
# and closes it 200 times: every bind sees events, nothing breaks, the
# guest keeps running; every hypervisor page is back; no oops.

mk() { # NAME GUEST [extra config lines...]
	_n=$1 _g=$2
	shift 2
	printf 'name = "%s"\ntype = "pvh"\nmemory = 32\nkernel = "/guests/%s"\n' "$_n" "$_g" > /tmp/$_n.cfg
	for _l in "$@"; do echo "$_l" >> /tmp/$_n.cfg; done
}
# wait_line FILE REGEX SECONDS: the first matching line, or nothing.
wait_line() {
	for _ in $(seq 1 $(($3 * 5))); do
		_l=$(grep -E "$2" "$1" 2>/dev/null | head -n 1)
		[ -n "$_l" ] && { echo "$_l"; return 0; }
		sleep 0.2
	done
	return 1
}
domid() { hoist list | awk -v n="$1" '$1 == n { print $2 }'; }

check evtchn/insmod insmod $HOIST_KO || return 1
pages0=$(dom-smoke pages)

# A creation makes a DOMAIN_EVENTS fd readable.
evtchn-tool domevents 60 > /tmp/de1.out 2>&1 &
de1=$!
wait_line /tmp/de1.out waiting 10 > /dev/null
# Round 24 is the one where the guest closes its port.
mk ev evtpeer 'cmdline = "close=24"'
hoist create -c /tmp/ev.cfg > /tmp/ev.out 2>&1 &
ev_console=$!
wait "$de1"
expect_eq evtchn/domevents-create "$?:$(grep -c '^changes [1-9]' /tmp/de1.out)" "0:1"

port=$(wait_line /tmp/ev.out 'evtpeer: port [0-9]+' 30 | awk '{ print $3 }')
grep -q 'evtpeer: checks ok' /tmp/ev.out && pass evtchn/guest-checks ||
	fail evtchn/guest-checks "$(grep -E 'evtpeer|HOIST-GUEST' /tmp/ev.out | tail -3)"
[ -n "$port" ] || { fail evtchn/guest-port "no port line: $(tail -3 /tmp/ev.out)"; return 1; }
d=$(domid ev)
info "guest d$d port $port"

# One round: pending at bind, notify, the guest's send, per-fd ports.
out=$(evtchn-tool round "$d" "$port" 2>&1)
expect_eq evtchn/round "$?" 0
q=$(echo "$out" | awk '/^dom0-port/ { print $2 }')
line=$(wait_line /tmp/ev.out 'evtpeer: round 1 ' 10)
expect_eq evtchn/guest-sees-dom0-port "$line" "evtpeer: round 1 port $port dom0-port $q"

# Killed while bound: everything is released, the port binds again.
evtchn-tool round "$d" "$port" hold > /tmp/hold.out 2>&1 &
holder=$!
wait_line /tmp/hold.out holding 20 > /dev/null && pass evtchn/hold-bound ||
	fail evtchn/hold-bound "$(cat /tmp/hold.out)"
kill -9 "$holder"
wait "$holder" 2>/dev/null
out=$(evtchn-tool round "$d" "$port" 2>&1)
expect_eq evtchn/rebind-after-kill "$?" 0
expect_eq evtchn/rebind-same-dom0-port "$(echo "$out" | awk '/^dom0-port/ { print $2 }')" "$q"

# 20 cycles leave nothing over.
out=$(evtchn-tool cycles "$d" "$port" 20 2>&1)
expect_eq evtchn/20-cycles "$?:$out" "0:cycles 20 dom0-port $q"
wait_line /tmp/ev.out 'evtpeer: round 23 ' 10 > /dev/null && pass evtchn/guest-23-rounds ||
	fail evtchn/guest-23-rounds "$(grep 'evtpeer: round' /tmp/ev.out | tail -1)"

# Round 24: the guest closes its end; dom0's port is dead.
check evtchn/guest-closes evtchn-tool closed "$d" "$port"
grep -q "evtpeer: closed $port status closed" /tmp/ev.out && pass evtchn/guest-closed-status ||
	fail evtchn/guest-closed-status "$(grep evtpeer /tmp/ev.out | tail -2)"
port2=$(grep -E 'evtpeer: port [0-9]+' /tmp/ev.out | sed -n 2p | awk '{ print $3 }')
[ -n "$port2" ] && check evtchn/new-port-round evtchn-tool round "$d" "$port2" ||
	fail evtchn/new-port-round "no second port"

check evtchn/dom0-alloc-unbound evtchn-tool alloc "$d"
check evtchn/refusals evtchn-tool bad "$d"

# A destroy: dom0's port dies, the domain event comes.
evtchn-tool destroyed "$d" "$port2" > /tmp/ds.out 2>&1 &
ds=$!
wait_line /tmp/ds.out bound 20 > /dev/null
check evtchn/destroy hoist destroy ev
wait "$ds"
expect_eq evtchn/dead-after-destroy "$?" 0
[ -s /tmp/ds.out ] && info "$(tr '\n' ' ' < /tmp/ds.out)"
kill "$ev_console" 2>/dev/null
wait "$ev_console" 2>/dev/null

# The race: the guest's sends and closes against dom0's binds and closes.
mk st evtpeer 'cmdline = "storm=1"'
hoist create -c /tmp/st.cfg > /tmp/st.out 2>&1 &
st_console=$!
sport=$(wait_line /tmp/st.out 'evtpeer: port [0-9]+' 30 | awk '{ print $3 }')
d=$(domid st)
out=$(evtchn-tool storm "$d" "$sport" 200 2>&1)
expect_eq evtchn/storm "$?:$(echo "$out" | grep -o 'storm 200 bound 200')" "0:storm 200 bound 200"
info "$out; $(grep 'evtpeer: storm' /tmp/st.out | tail -1)"
expect_eq evtchn/storm-guest-running "$(hoist list | awk '$1 == "st" { print $5 }')" "r-----"
grep -q 'HOIST-GUEST: FAIL' /tmp/st.out && fail evtchn/storm-guest-ok "$(grep FAIL /tmp/st.out)" ||
	pass evtchn/storm-guest-ok
check evtchn/storm-destroy hoist destroy st
wait "$st_console" 2>/dev/null

expect_eq evtchn/hv-pages-exact "$(dom-smoke pages)" "$pages0"
no_oops evtchn/no-oops
check evtchn/rmmod rmmod hoist
