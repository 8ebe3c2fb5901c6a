# storefuzz: hostile guests on their own xenstore rings (issue 13), with
# guests/storefuzz (a test guest that gets a store: it carries a GUEST_OS
# note).  Asserts: an unterminated path gets an error reply and the same
# connection still answers a READ; a guest writing nodes until the daemon
# refuses is stopped at its quota with an error (and dom0 reads what it
# wrote); guests writing an oversized length, impossible ring indices and
# random bytes leave the daemon running and serving dom0's socket and
# other guests' rings (a new well-behaved guest is answered afterwards);
# after the destroys the store holds exactly the nodes it held before and
# the hypervisor every page; no oops.

sfcfg() { # NAME MODE
	printf 'name = "%s"\ntype = "pvh"\nmemory = 32\nkernel = "/guests/storefuzz"\ncmdline = "mode=%s"\n' \
		"$1" "$2" > "/tmp/$1.cfg"
}
sf_domid() { hoist list | awk -v n="$1" '$1 == n { print $2 }'; }
# The daemon `hoist create` started listens where libxenstore looks first.
nodes() {
	XENSTORED_PATH=/var/run/xenstored/socket hoist-xsctl stats 2>/dev/null |
		awk '$1 == "nodes" { print $2 }'
}

# sf_start NAME MODE: create it with its console in /tmp/NAME.out
sf_start() {
	sfcfg "$1" "$2"
	: > "/tmp/$1.out"
	check "storefuzz/create-$2" hoist create "/tmp/$1.cfg" || return 1
	hoist console "$1" >> "/tmp/$1.out" 2>&1 < /dev/null &
}

# sf_wait NAME PATTERN: until the console shows PATTERN (60 s)
sf_wait() { wait_for "/tmp/$1.out" "$2" 60; }

# daemon_serves WHAT: the daemon lives and answers dom0's socket
daemon_serves() {
	if pidof hoist-xenstored > /dev/null &&
		[ "$(xenstore-read "/local/domain/$pid_id/name" 2>&1)" = sfp ]; then
		pass "storefuzz/daemon-serves-after-$1"
	else
		fail "storefuzz/daemon-serves-after-$1" \
			"pid '$(pidof hoist-xenstored)', name '$(xenstore-read "/local/domain/$pid_id/name" 2>&1)'"
	fi
}

check storefuzz/insmod insmod $HOIST_KO || return 1
pages0=$(dom-smoke pages)

# --- an unterminated path: an error, and the connection lives on.
sf_start sfp path || return 1
pid_id=$(sf_domid sfp)
if sf_wait sfp 'storefuzz: then '; then
	grep -q 'storefuzz: unterminated path: E[A-Z0-9]*' /tmp/sfp.out &&
		pass storefuzz/unterminated-path-error ||
		fail storefuzz/unterminated-path-error "$(grep storefuzz /tmp/sfp.out)"
	grep -q 'storefuzz: then name=sfp' /tmp/sfp.out &&
		pass storefuzz/connection-lives-on ||
		fail storefuzz/connection-lives-on "$(grep storefuzz /tmp/sfp.out)"
else
	fail storefuzz/unterminated-path "$(tail -n 5 /tmp/sfp.out)"
	return 1
fi
n0=$(nodes)
case $n0 in
'' | *[!0-9]*) fail storefuzz/node-count "hoist-xsctl stats: '$n0'"; return 1 ;;
esac
info "store: $n0 nodes with one guest"

# --- the node quota.
sf_start sfq quota || return 1
q_id=$(sf_domid sfq)
if sf_wait sfq 'storefuzz: quota at'; then
	l=$(grep -o 'storefuzz: quota at [0-9]* nodes: .*' /tmp/sfq.out | tr -d '\r')
	info "$l"
	n=$(echo "$l" | sed -n 's/.*quota at \([0-9]*\) nodes.*/\1/p')
	err=${l##*: }
	if [ "${n:-0}" -ge 500 ] && [ "${n:-0}" -le 1000 ] && [ -n "$err" ] &&
		[ "$err" != "${err#E}" ]; then
		pass storefuzz/quota-refused
	else
		fail storefuzz/quota-refused "$l"
	fi
	expect_eq storefuzz/quota-nodes-readable \
		"$(xenstore-read /local/domain/$q_id/data/q0 2>&1)" ""
else
	fail storefuzz/quota-refused "$(tail -n 5 /tmp/sfq.out)"
fi
daemon_serves quota

# --- garbage: oversized length, impossible indices, random bytes.
for m in len index random; do
	sf_start "sf$m" "$m" || continue
	if sf_wait "sf$m" 'storefuzz: garbage sent'; then
		pass "storefuzz/garbage-$m-sent"
	else
		fail "storefuzz/garbage-$m-sent" "$(tail -n 5 /tmp/sf$m.out)"
	fi
	sleep 1
	daemon_serves "$m"
done

# --- another guest's ring is still served.
sf_start sfp2 path || return 1
sf_wait sfp2 'storefuzz: then name=sfp2' && pass storefuzz/new-guest-served ||
	fail storefuzz/new-guest-served "$(tail -n 5 /tmp/sfp2.out)"

# --- nothing left over.
for g in sfq sflen sfindex sfrandom sfp2; do
	hoist destroy "$g" || fail "storefuzz/destroy-$g" "hoist destroy failed"
done
expect_eq storefuzz/nodes-back "$(nodes)" "$n0"
hoist destroy sfp
wait
stop_xenstored
expect_eq storefuzz/hv-pages-exact "$(dom-smoke pages)" "$pages0"
no_oops storefuzz/no-oops
check storefuzz/rmmod rmmod hoist
