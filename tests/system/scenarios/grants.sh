# grants: dom0's use of a domU's grants (docs/security.md, "Grants"),
# against guests/grant through tests/system/helpers/gnt-test.
#
# Asserts: the guest sets its grant table up (query_size, set_version 1
# and 2 refused, add_to_physmap outside RAM, a frame moved; moved across
# its address space, ENOMEM once the tables it leaves reach a bound) and
# is refused dom0's operations; dom0 copies out of and into a writable grant with the
# data checked both ways; a read-only grant maps read-only only (a writable
# map EPERM, PROT_WRITE EPERM) and a copy into it is
# GNTST_permission_denied; an ungranted ref, a ref granted to another
# domain, a bad ref, a copy across a page and an unknown domain are
# refused; a hostile module's copy between a grant and the hypervisor's
# or the guest's own memory is refused both ways (its own page: copied);
# while dom0 maps a grant the guest cannot revoke it (its
# cmpxchg sees GTF_reading) and can once unmapped; the hostile-module
# scan (hoist_attack) reaches exactly the two guest pages dom0 maps (one
# read-only, which it cannot write) while they are mapped, none after; a destroy with a map held completes, the mapping
# then SIGBUSes and a scan (hoist_hostile) finds the granted page's data
# while mapped and nowhere after the destroy (scrubbed); the grant-copy
# bench figure is logged; a domain built with a store page (bad pages and
# ports refused at boot) grants it, zeroed, to dom0 as grant 1; the
# hypervisor's free pages are back where they were; no oops.

ATTACK=$HOIST_TEST_KO_DIR/hoist_attack.ko
HOSTILE=$HOIST_TEST_KO_DIR/hoist_hostile.ko
# The first word of the guest's page E (bytes 3i + 2), keyed for the
# scanner (XOR 0xaaaaaaaaaaaaaaaa): the value itself is never in dom0.
E_KEYED=0xbdbebba4a1a2afa8

now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
wait_for() { # FILE PATTERN SECONDS
	_end=$(( $(now_cs) + $3 * 100 ))
	while [ "$(now_cs)" -lt "$_end" ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}
# start NAME: a grant guest with a console reader; its domid in $domid.
start() {
	printf 'name = "%s"\ntype = "pvh"\nmemory = 16\nkernel = "/guests/grant"\n' \
		"$1" > /tmp/$1.cfg
	: > /tmp/$1.out
	hoist create /tmp/$1.cfg > /tmp/$1.err 2>&1 || { info "$(cat /tmp/$1.err)"; return 1; }
	hoist console "$1" < /dev/null >> /tmp/$1.out 2>&1 &
	wait_for /tmp/$1.out 'grant: refs|FAIL' 60 || { info "$(tail -n 3 /tmp/$1.out)"; return 1; }
	grep -q 'grant: refs' /tmp/$1.out || { info "$(tail -n 3 /tmp/$1.out)"; return 1; }
	domid=$(hoist list | awk -v n="$1" '$1 == n { print $2 }')
}
# scan: "U R": the pages the attack module cannot read, less the
# hypervisor's own; those it can read but not write
scan() {
	_hv=$(hoist info hypervisor_pages)
	insmod $ATTACK rw_check=1 || return 1
	_b=$(cat /sys/module/hoist_attack/parameters/read_blocked)
	_r=$(cat /sys/module/hoist_attack/parameters/readonly_pages)
	rmmod hoist_attack
	echo "$((_b - _hv)) $_r"
}
hostile_hits() {
	insmod $HOSTILE op=scan pattern=$1 || return 1
	cat /sys/module/hoist_hostile/parameters/hits
	rmmod hoist_hostile
}

check grants/insmod insmod $HOIST_KO || return 1
pages0=$(dom-smoke pages)
start gnt || { fail grants/guest-up "no refs line"; return 1; }
info "$(grep 'grant: table' /tmp/gnt.out)"
info "$(grep 'grant: frame 1 moved' /tmp/gnt.out)"
pass grants/guest-table-setup

check grants/copy gnt-test copy $domid
wait_for /tmp/gnt.out 'grant: copy-in seen' 30 && pass grants/copy-in-seen ||
	fail grants/copy-in-seen "$(tail -n 2 /tmp/gnt.out)"
# A hostile module's copy whose dom0 side is not dom0's: the lowest and
# highest pages it cannot read (the hypervisor's, the guest's).
insmod $ATTACK
blocked_pfns="$(cat /sys/module/hoist_attack/parameters/first_blocked_pfn) $(cat /sys/module/hoist_attack/parameters/last_blocked_pfn)"
rmmod hoist_attack
which=lowest
for pfn in $blocked_pfns; do
	insmod $HOSTILE op=gntcopy domid=$domid gref=8 target_pfn=$pfn
	r=$(cd /sys/module/hoist_hostile/parameters && echo "$(cat gnt_into)/$(cat gnt_from)/$(cat gnt_own)/$(cat gnt_own_byte)")
	rmmod hoist_hostile
	# denied both ways; the same copy into its own page reads byte 3
	expect_eq grants/copy-not-dom0s-page-$which "$r" "-8/-8/0/3"
	info "$which page dom0 cannot read: pfn $pfn"
	which=highest
done
check grants/read-only gnt-test ro $domid
check grants/refused gnt-test refuse $domid

# Map: the guest cannot revoke meanwhile; dom0 reaches that one page more,
# and ref 9, mapped read-only beside it, for reads only (a write is
# refused, not retried for ever).
unmapped0=$(scan)
rm -f /tmp/gnt-release
gnt-test map $domid /tmp/gnt-release > /tmp/gnt-map.out 2>&1 &
mapper=$!
if wait_for /tmp/gnt-map.out '^mapped' 60; then
	pass grants/map-write-ack
	mapped=$(scan)
	info "scan (unreadable, read-only): $unmapped0 unmapped, $mapped while mapped"
	expect_eq grants/scan-reaches-mapped-pages-only \
		"$((${unmapped0% *} - ${mapped% *}))" 2
	expect_eq grants/scan-cannot-write-read-only-map \
		"$((${mapped#* } - ${unmapped0#* }))" 1
	wait_for /tmp/gnt.out 'revoke refused while mapped' 30 &&
		pass grants/no-revoke-while-mapped ||
		fail grants/no-revoke-while-mapped "$(tail -n 2 /tmp/gnt.out)"
else
	fail grants/map-write-ack "$(cat /tmp/gnt-map.out)"
fi
touch /tmp/gnt-release
wait $mapper
expect_eq grants/unmap-exit "$?" 0
info "$(cat /tmp/gnt-map.out)"
wait_for /tmp/gnt.out 'revoke ok after unmap' 30 && pass grants/revoke-after-unmap ||
	fail grants/revoke-after-unmap "$(tail -n 2 /tmp/gnt.out)"
expect_eq grants/scan-after-unmap "$(scan)" "$unmapped0"
grep -q 'FAIL' /tmp/gnt.out && fail grants/guest-no-fail "$(grep FAIL /tmp/gnt.out)"

# Bench: 4 KiB grant copies in batches of 32 against memcpy.
bench=$(gnt-test bench $domid 300 2>&1) && pass grants/bench || fail grants/bench "$bench"
info "$bench"

# Destroy with a map held: it completes; the page is gone and scrubbed.
rm -f /tmp/gnt-release
gnt-test destroy $domid /tmp/gnt-release > /tmp/gnt-destroy.out 2>&1 &
holder=$!
if wait_for /tmp/gnt-destroy.out '^mapped' 60; then
	hits=$(hostile_hits $E_KEYED)
	[ "${hits:-0}" -ge 1 ] && pass grants/scan-finds-mapped-data ||
		fail grants/scan-finds-mapped-data "$hits hits while mapped"
fi
touch /tmp/gnt-release
wait $holder
expect_eq grants/destroy-with-map-sigbus "$?" 0
info "$(cat /tmp/gnt-destroy.out)"
expect_eq grants/domain-gone "$(hoist list | awk '$1 == "gnt"' | wc -l)" 0
expect_eq grants/scrubbed "$(hostile_hits $E_KEYED)" 0

# The store page: grant 1 gives it to dom0 (a domain built here).
check grants/store-page gnt-test store 0

sleep 1
expect_eq grants/hv-pages-back "$(dom-smoke pages)" "$pages0"

no_oops grants/no-oops
check grants/rmmod rmmod hoist
