# Domain state changes racing each other (dom-stress: create, write, boot,
# pause, unpause, destroy, list, vcpu-list, console from 4 threads, 20,000
# operations) while a guest keeps a secret in all of its memory and a
# hostile dom0 module scans every page of RAM for it from the other CPU.
# No dom0 read may ever see a guest's memory (the stress domains write the
# same secret), nothing may oops, and every page comes back.

HOSTILE=$HOIST_TEST_KO_DIR/hoist_hostile.ko
hp() { cat /sys/module/hoist_hostile/parameters/$1 2>/dev/null; }
keyed() { echo "0x$(echo "${1#0x}" | tr 0123456789abcdef ab89efcd23016745)"; }

check stress/insmod insmod $HOIST_KO || return 1
pages0=$(dom-smoke pages)

printf 'name = "pat"\ntype = "pvh"\nmemory = 16\nkernel = "/guests/pattern"\ncmdline = "seed=31337"\n' > /tmp/pat.cfg
: > /tmp/pat.out
check stress/pattern-guest hoist create /tmp/pat.cfg || return 1
hoist console pat < /dev/null >> /tmp/pat.out 2>&1 &
wait_for /tmp/pat.out 'pattern: 0x[0-9a-f]{16}' 60 ||
	{ fail stress/pattern-secret "$(tail -n 3 /tmp/pat.out)"; return 1; }
secret=$(grep -Eo 'pattern: 0x[0-9a-f]{16}' /tmp/pat.out | head -n 1 | grep -Eo '0x[0-9a-f]{16}')
kpat=$(keyed "$secret")

# The scan runs on the last CPU until told to stop (insmod returns then).
last=$(( $(cpus_online) - 1 ))
rmmod hoist_hostile 2>/dev/null
insmod $HOSTILE op=scan cpu=$last seconds=3600 pattern=$kpat > /tmp/scan.out 2>&1 &
for i in $(seq 1 100); do
	[ "$(hp ran_on)" = "$last" ] && break
	sleep 0.2
done
expect_eq stress/scan-started "$(hp ran_on)" "$last"

t0=$(now_cs)
dom-stress -t 4 -n 20000 -d 4 -p $kpat > /tmp/stress.out 2>&1
rc=$?
t1=$(now_cs)
sed 's/^/# /' /tmp/stress.out
echo 1 > /sys/module/hoist_hostile/parameters/stop
wait %2 2>/dev/null || wait
info "dom-stress: $(( (t1 - t0) / 100 )) s; scan: $(hp passes) passes, $(hp hits) hits, last pass $(hp blocked) of $(hp pages) pages unreadable"
expect_eq stress/dom-stress-ok "$rc" 0
ops=$(sed -n 's/^dom-stress: \([0-9]*\) ops.*/\1/p' /tmp/stress.out)
[ "${ops:-0}" -ge 20000 ] && pass stress/20000-ops || fail stress/20000-ops "only ${ops:-0} ops"
expect_eq stress/scan-no-secret "$(hp hits)" 0
[ "$(hp passes)" -gt 0 ] 2>/dev/null && pass stress/scan-passes || fail stress/scan-passes "no full pass"
rmmod hoist_hostile

hoist destroy pat
for i in $(seq 1 20); do
	pidof hoist > /dev/null || break
	sleep 0.5
done
expect_eq stress/all-destroyed "$(hoist list | awk 'NR > 2' | wc -l)" 0
expect_eq stress/hv-pages-exact "$(dom-smoke pages)" "$pages0"
no_oops stress/no-oops
check stress/rmmod rmmod hoist
