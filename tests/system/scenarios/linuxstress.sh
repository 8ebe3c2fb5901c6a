# linuxstress: developer stress loop (in no matrix): boot two Linux guests
# (2 and 1 vCPUs) to init and destroy them, LINUX_STRESS_ROUNDS (40) times.
# Asserts: every create, boot to init and destroy works; rmmod works.
mkcfg() { # NAME VCPUS
	{
		echo "name = \"$1\""
		echo 'type = "pvh"'
		echo 'memory = 256'
		echo "vcpus = $2"
		echo 'kernel = "/boot/vmlinuz"'
		echo 'ramdisk = "/root/initrd.img"'
		echo 'cmdline = "console=hvc0 guest.run=shell"'
	} > /tmp/$1.cfg
}
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
wait_for() {
	_end=$(( $(now_cs) + $3 * 100 ))
	while [ "$(now_cs)" -lt "$_end" ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
check linuxstress/insmod insmod $HOIST_KO ${LINUX_INSMOD_ARGS:-} || return 1
mkcfg sa 2
mkcfg sb 1
rounds=${LINUX_STRESS_ROUNDS:-40}
ok=0 i=0 why=
while [ $i -lt $rounds ] && [ -z "$why" ]; do
	i=$((i + 1))
	for g in sa sb; do
		: > /tmp/$g.out
		hoist create /tmp/$g.cfg > /tmp/$g.err 2>&1 ||
			{ why="$g create: $(cat /tmp/$g.err)"; break; }
		hoist console $g >> /tmp/$g.out 2>&1 < /dev/null &
	done
	for g in sa sb; do
		[ -z "$why" ] || break
		wait_for /tmp/$g.out 'hoist-guest: init reached' 180 ||
			why="$g no init: $(hoist list | grep $g; hoist dmesg | tail -n 3)"
	done
	for g in sa sb; do
		hoist destroy $g > /tmp/$g.err 2>&1 && ok=$((ok + 1)) ||
			why="${why:-$g destroy: $(cat /tmp/$g.err)}"
	done
	wait
	info "round $i done"
done
[ -n "$why" ] && info "round $i: $why"
expect_eq linuxstress/rounds "$ok" $((rounds * 2))
stop_xenstored
check linuxstress/rmmod rmmod hoist
