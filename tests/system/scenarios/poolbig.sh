# poolbig: issue 12's report, a guest with `memory = 3072`, which failed
# with "Cannot allocate memory" while the hypervisor's memory was fixed at
# load.  Boot with 4 GiB or more (pool-big-2cpu).
#
# Asserts: the module loads with its default start; a blocked guest of
# 3 GiB is created and runs (its console says so); the hypervisor's memory
# grew to hold its nested tables, by about 4 MiB per GiB; destroyed, the
# hypervisor's pages and free pages are back where they were, every chunk
# it grew by went back, and dom0's free memory is back within 2 MiB; no
# oops.

MB=${HOIST_POOLBIG_MB:-3072}
hi() { hoist info "$1"; }
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
wait_for() { # FILE PATTERN SECONDS
	_end=$(( $(now_cs) + $3 * 100 ))
	while [ "$(now_cs)" -lt "$_end" ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

check poolbig/insmod insmod $HOIST_KO || return 1
pages0=$(hi hypervisor_pages)
free0=$(hi hypervisor_free_pages)
kb0=$(free_kb)
info "start: $(hi hypervisor_memory) MiB; dom0 free: $kb0 kB"

printf 'name = "big"\ntype = "pvh"\nmemory = %s\nkernel = "/guests/block"\n' "$MB" > /tmp/big.cfg
t0=$(now_cs)
check poolbig/create-${MB}mib hoist create /tmp/big.cfg || return 1
t1=$(now_cs)
: > /tmp/big.out
hoist console big < /dev/null >> /tmp/big.out 2>&1 &
wait_for /tmp/big.out blocking 60 && pass poolbig/guest-runs ||
	fail poolbig/guest-runs "$(tail -n 2 /tmp/big.out)"
used=$(( $(hi hypervisor_pages) - $(hi hypervisor_free_pages) - (pages0 - free0) ))
info "created in $(( (t1 - t0) / 100 )).$(( (t1 - t0) % 100 )) s: hypervisor $(hi hypervisor_memory) MiB, $(hi hv_chunks_added) chunks added, $used pages more in use ($(( used * 4 * 1024 / MB )) KiB per GiB of guest)"
[ "$(hi hypervisor_pages)" -gt "$pages0" ] && pass poolbig/grew ||
	fail poolbig/grew "still $(hi hypervisor_pages) pages"
# About 4 MiB per GiB with 4 KiB guest pages: between 3 and 6.
[ $((used * 4 * 1024 / MB)) -ge 3072 ] && [ $((used * 4 * 1024 / MB)) -le 6144 ] &&
	pass poolbig/about-4mib-per-gib ||
	fail poolbig/about-4mib-per-gib "$((used * 4 * 1024 / MB)) KiB per GiB"

t0=$(now_cs)
check poolbig/destroy hoist destroy big
t1=$(now_cs)
wait
info "destroyed in $(( (t1 - t0) / 100 )).$(( (t1 - t0) % 100 )) s: hypervisor $(hi hypervisor_memory) MiB, $(hi hv_chunks_returned) chunks returned"
expect_eq poolbig/hv-pages-back "$(hi hypervisor_pages)/$(hi hypervisor_free_pages)" "$pages0/$free0"
expect_eq poolbig/all-chunks-returned "$(hi hv_chunks_returned)" "$(hi hv_chunks_added)"
kb=$(free_kb)
[ $((kb0 - kb)) -lt 2048 ] && pass poolbig/dom0-memory-back ||
	fail poolbig/dom0-memory-back "down by $((kb0 - kb)) kB"
no_oops poolbig/no-oops
check poolbig/rmmod rmmod hoist
