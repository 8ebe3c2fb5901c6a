# xenbus: Debian's kernel as a PVH domU with a xenstore (issue 13):
# `hoist create` starts hoist-xenstored when it is not running, writes the
# guest's tree and introduces it; Linux brings xenbus up and announces
# control/feature-poweroff.  Asserts: hoist info says xenstored runs;
# xenstore-ls in dom0 shows the guest's tree (name, domid, vm, store,
# control with the guest's features); `hoist sysrq DOM s` syncs it
# ("Emergency Sync" on its console); `hoist reboot` restarts it (new id,
# xenbus up again, the old id's tree gone); `hoist shutdown -w` powers it
# off through control/shutdown, in order (its init logs the shutdown,
# the kernel "reboot: Power down"), and returns once it is gone;
# xenstore-watch sees @releaseDomain at a destroy; 20 create/destroy
# cycles leave no node behind (the whole store as before); a
# freestanding test guest is created without a store; no oops.

mkcfg() { # NAME [extra config lines...]
	_n=$1
	shift
	{
		echo "name = \"$_n\""
		echo 'memory = 256'
		echo 'vcpus = 1'
		echo 'kernel = "/boot/vmlinuz"'
		echo 'ramdisk = "/root/initrd.img"'
		echo 'cmdline = "console=hvc0"'
		for _l in "$@"; do echo "$_l"; done
	} > /tmp/$_n.cfg
}
domid() { hoist list | awk -v n="$1" '$1 == n { print $2 }'; }
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# wait_for FILE PATTERN SECONDS: until grep -E finds PATTERN in FILE.
wait_for() {
	_end=$(( $(now_cs) + $3 * 100 ))
	while [ "$(now_cs)" -lt "$_end" ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

# xenbus_up DOMID SECONDS: the guest wrote control/feature-poweroff = 1.
xenbus_up() {
	_end=$(( $(now_cs) + $2 * 100 ))
	while [ "$(now_cs)" -lt "$_end" ]; do
		[ "$(xenstore-read /local/domain/$1/control/feature-poweroff \
			2>/dev/null)" = 1 ] && return 0
		sleep 0.5
	done
	return 1
}

# The whole store, one line per node (dom0's own part included).
store_dump() { xenstore-ls -f / 2>/dev/null | sort; }

for t in hoist-xenstored xenstore-ls xenstore-read xenstore-watch; do
	command -v $t > /dev/null ||
		{ fail xenbus/tools "$t is not in this initramfs"; return 1; }
done
check xenbus/insmod insmod $HOIST_KO || return 1

mkcfg deb
: > /tmp/deb.out
check xenbus/create hoist create /tmp/deb.cfg || { hoist dmesg | tail; return 1; }
expect_eq xenbus/info-xenstored-running "$(hoist info xenstored)" running
hoist console deb >> /tmp/deb.out 2>&1 < /dev/null &
id=$(domid deb)
t0=$(now_cs)
if xenbus_up "$id" 240; then
	pass xenbus/feature-poweroff
	info "deb: create to xenbus up $(( ($(now_cs) - t0) * 10 )) ms"
else
	fail xenbus/feature-poweroff "$(tail -n 20 /tmp/deb.out)"
	hoist dmesg | tail -n 20
	return 1
fi

# --- dom0 sees the guest's tree.
xenstore-ls /local/domain/$id > /tmp/deb.ls 2>&1
sed 's/^/  | /' /tmp/deb.ls | head -n 40
grep -q '^name = "deb"' /tmp/deb.ls &&
	grep -q "^domid = \"$id\"" /tmp/deb.ls &&
	grep -q '^vm = "/vm/' /tmp/deb.ls &&
	grep -q '^ ring-ref = "1044476"' /tmp/deb.ls &&
	grep -q '^ feature-poweroff = "1"' /tmp/deb.ls &&
	grep -q '^ platform-feature-xs_reset_watches = "1"' /tmp/deb.ls &&
	pass xenbus/xenstore-ls-tree ||
	fail xenbus/xenstore-ls-tree "$(head -n 30 /tmp/deb.ls)"
vm=$(xenstore-read /local/domain/$id/vm)
expect_eq xenbus/vm-name "$(xenstore-read $vm/name 2>&1)" deb

# --- sysrq s: the guest's kernel syncs.
check xenbus/sysrq hoist sysrq deb s
wait_for /tmp/deb.out 'Emergency Sync' 60 && pass xenbus/sysrq-emergency-sync ||
	fail xenbus/sysrq-emergency-sync "$(tail -n 10 /tmp/deb.out)"

# --- reboot: on_reboot restart builds it again under a new id.
check xenbus/reboot hoist reboot deb
new=
end=$(( $(now_cs) + 12000 ))
while [ "$(now_cs)" -lt "$end" ]; do
	new=$(domid deb)
	[ -n "$new" ] && [ "$new" != "$id" ] && break
	sleep 0.5
done
if [ -n "$new" ] && [ "$new" != "$id" ]; then
	pass xenbus/reboot-new-domain
else
	fail xenbus/reboot-new-domain "id '$new' (was $id); $(tail -n 10 /tmp/deb.out)"
	return 1
fi
grep -q 'reboot: Restarting system' /tmp/deb.out &&
	pass xenbus/reboot-guest-restarted ||
	fail xenbus/reboot-guest-restarted "$(tail -n 10 /tmp/deb.out)"
refute xenbus/reboot-old-tree-gone "/local/domain/$id still there" \
	xenstore-read /local/domain/$id/name
refute xenbus/reboot-old-vm-gone "$vm still there" xenstore-read $vm/name
: > /tmp/deb2.out
hoist console deb >> /tmp/deb2.out 2>&1 < /dev/null &
xenbus_up "$new" 240 && pass xenbus/reboot-xenbus-up-again ||
	fail xenbus/reboot-xenbus-up-again "$(tail -n 20 /tmp/deb2.out)"

# --- shutdown -w: an orderly poweroff through control/shutdown.
vm=$(xenstore-read /local/domain/$new/vm)
t0=$(now_cs)
check xenbus/shutdown-w hoist shutdown -w deb
info "shutdown -w took $(( ($(now_cs) - t0) * 10 )) ms"
sleep 1
expect_eq xenbus/shutdown-domain-gone "$(domid deb)" ""
grep -q 'hoist-guest: orderly poweroff' /tmp/deb2.out &&
	grep -q 'reboot: Power down' /tmp/deb2.out &&
	pass xenbus/shutdown-orderly ||
	fail xenbus/shutdown-orderly "$(tail -n 10 /tmp/deb2.out)"
refute xenbus/shutdown-tree-gone "/local/domain/$new still there" \
	xenstore-read /local/domain/$new/name
refute xenbus/shutdown-vm-gone "$vm still there" xenstore-read $vm/name
wait

# --- @releaseDomain at a destroy.
before=$(store_dump)
xenstore-watch @releaseDomain > /tmp/watch.out 2>&1 &
watcher=$!
sleep 1
check xenbus/create-for-destroy hoist create /tmp/deb.cfg
sleep 2
n0=$(grep -c '@releaseDomain' /tmp/watch.out)
check xenbus/destroy hoist destroy deb
sleep 2
n1=$(grep -c '@releaseDomain' /tmp/watch.out)
kill $watcher 2>/dev/null
wait $watcher 2>/dev/null
info "@releaseDomain events: $n0 before the destroy, $n1 after"
[ "$n1" -gt "$n0" ] && pass xenbus/watch-release-domain ||
	fail xenbus/watch-release-domain "$(cat /tmp/watch.out)"

# --- 20 create/destroy cycles leave the store as it was.
ok=0 why=
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	hoist create /tmp/deb.cfg > /tmp/cyc.err 2>&1 ||
		{ why="create $i: $(cat /tmp/cyc.err)"; break; }
	hoist destroy deb > /tmp/cyc.err 2>&1 ||
		{ why="destroy $i: $(cat /tmp/cyc.err)"; break; }
	ok=$((ok + 1))
done
[ -n "$why" ] && info "$why"
expect_eq xenbus/20-create-destroy "$ok" 20
after=$(store_dump)
if [ "$before" = "$after" ]; then
	pass xenbus/no-node-left
else
	fail xenbus/no-node-left "$(printf '%s\n' "$after" | grep -vxF "$before" | head -n 5)"
fi

# --- A test guest: no store.  Created paused (-p), so it is still there
# to look at: no tree of its own, the store as before.
cat > /tmp/hello.cfg <<CFG
name = "hello"
kernel = "/guests/hello"
memory = 32
CFG
check xenbus/test-guest-create hoist create -p /tmp/hello.cfg
hid=$(domid hello)
if [ -n "$hid" ]; then
	refute xenbus/test-guest-no-store "test guest $hid got a store" \
		xenstore-read /local/domain/$hid/name
	expect_eq xenbus/test-guest-store-unchanged "$(store_dump)" "$before"
else
	fail xenbus/test-guest-no-store "no domain hello: $(hoist list)"
fi
hoist destroy hello

# hoist-xenstored holds /dev/hoist open: stop it before rmmod.
stop_xenstored
sleep 1
expect_eq xenbus/info-xenstored-stopped "$(hoist info xenstored)" "not running"
no_oops xenbus/no-oops
check xenbus/rmmod rmmod hoist
