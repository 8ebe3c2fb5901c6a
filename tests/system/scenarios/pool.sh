# pool: the hypervisor's memory grows with the work and comes back after
# (docs/architecture.md, "Memory ownership").  The module starts it at its
# smallest (mem_mb=2: one chunk) and gives guests 4 KiB pages
# (huge_pages=0: as where dom0's memory is fragmented), whose nested tables
# make it grow with every guest.
#
# Asserts: with guests alive `hoist info` shows more hypervisor memory
# than at the start; after they are destroyed the hypervisor's pages, its
# free pages and dom0's free memory (within 2 MiB) are back where they
# were, over HOIST_POOL_CYCLES (3) cycles; dom0 reads exactly what it read
# natively minus the hypervisor's pages, grown chunks included, and the
# guests'; a guest's secret in its vector registers (saved by the
# hypervisor in memory it grew into) is never found by a scan of RAM; a
# hostile dom0 cannot give the hypervisor memory that is not its own, nor
# read or write a chunk it gave, and gets it back zeroed; nor donate to a
# domain a malformed entry, a frame into the hole or past the domain's
# RAM, a 2 MiB frame with the hypervisor's or a guest's pages in it, or
# one twice, and reads a donated 2 MiB frame no more until the domain is
# destroyed, when it comes back zeroed; with max_hv_mb
# the growth stops there: a guest that needs more fails with ENOMEM and
# changes nothing; max_hv_mb below the start is refused; no oops.

HOSTILE=$HOIST_TEST_KO_DIR/hoist_hostile.ko
ATTACK=$HOIST_TEST_KO_DIR/hoist_attack.ko
CYCLES=${HOIST_POOL_CYCLES:-3}
GUESTS=12	# of 64 MiB each: some 1,000 pages of nested tables
hi() { hoist info "$1"; }
hp() { cat /sys/module/hoist_hostile/parameters/$1; }
keyed() { echo "0x$(echo "${1#0x}" | tr 0123456789abcdef ab89efcd23016745)"; }
mk() { # NAME GUEST MEM_MB CMDLINE
	printf 'name = "%s"\ntype = "pvh"\nmemory = %s\nkernel = "/guests/%s"\ncmdline = "%s"\n' \
		"$1" "$3" "$2" "$4" > /tmp/$1.cfg
}
# used: the hypervisor's pages in use now
used() { echo $(( $(hi hypervisor_pages) - $(hi hypervisor_free_pages) )); }
# no_tools: the console readers exit once their domain is gone
no_tools() {
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		pidof hoist > /dev/null || return 0
		sleep 0.5
	done
	return 1
}

# --- Natively: what a scan cannot read without Hoist (firmware holes).
check pool/native-scan insmod $ATTACK || return 1
native_blocked=$(cat /sys/module/hoist_attack/parameters/read_blocked)
rmmod hoist_attack

check pool/insmod-smallest insmod $HOIST_KO mem_mb=2 huge_pages=0 || return 1
pages0=$(hi hypervisor_pages)
free0=$(hi hypervisor_free_pages)
kb0=$(free_kb)
info "start: $pages0 pages ($(hi hypervisor_load_memory) MiB), $((pages0 - free0)) used after the load, at most $(hi hypervisor_max_memory) MiB"
expect_eq pool/starts-at-one-chunk "$(hi hypervisor_memory)" 2

# --- Cycles: guests make it grow; destroyed, everything comes back.
c=1
while [ $c -le "$CYCLES" ]; do
	u0=$(used)
	t0=$(now_cs)
	ok=0
	for i in $(seq 1 $GUESTS); do
		mk g$i block 64 ""
		hoist create /tmp/g$i.cfg > /tmp/g$i.err 2>&1 && ok=$((ok + 1)) ||
			info "g$i: $(cat /tmp/g$i.err)"
		# Read its console: output left unread at the destroy would
		# stay in dom0's memory (the graveyard), blurring the count.
		: > /tmp/g$i.out
		hoist console g$i < /dev/null >> /tmp/g$i.out 2>&1 &
	done
	t1=$(now_cs)
	info "cycle $c: $ok guests of 64 MiB in $(( (t1 - t0) / 100 )).$(( (t1 - t0) % 100 )) s: $(hi hypervisor_memory) MiB, $(( $(used) - u0 )) pages more in use, $(hi hv_chunks_added) chunks added so far"
	expect_eq pool/cycle$c-created "$ok" $GUESTS
	[ "$(hi hypervisor_pages)" -gt "$pages0" ] && pass pool/cycle$c-grew ||
		fail pool/cycle$c-grew "still $(hi hypervisor_pages) pages"
	if [ $c = 1 ]; then
		# dom0 reaches nothing of the hypervisor, grown chunks included.
		guest_pages=$((GUESTS * (64 * 256 + 1)))	# and a console page each
		hv_pages=$(hi hypervisor_pages)
		insmod $ATTACK
		blocked=$(cat /sys/module/hoist_attack/parameters/read_blocked)
		rmmod hoist_attack
		expect_eq pool/grown-chunks-unreadable "$blocked" \
			"$((native_blocked + hv_pages + guest_pages))"

		# A secret the hypervisor holds: the ymm guest's registers,
		# saved at each of its stops in its vCPU's area, which comes
		# from a grown chunk (the one given at load is full by now).
		mk ymm ymm 16 "seed=777"
		: > /tmp/ymm.out
		hoist create /tmp/ymm.cfg > /dev/null 2>&1 &&
			hoist console ymm < /dev/null >> /tmp/ymm.out 2>&1 &
		if wait_for /tmp/ymm.out 'ymm: 0x[0-9a-f]{16}' 60; then
			secret=$(grep -Eo 'ymm: 0x[0-9a-f]{16}' /tmp/ymm.out | head -n 1 | grep -Eo '0x[0-9a-f]{16}')
			rmmod hoist_hostile 2>/dev/null
			insmod $HOSTILE op=scan pattern=$(keyed "$secret")
			info "scan: $(hp pages) pages, $(hp blocked) unreadable, $(hp hits) hits"
			expect_eq pool/scan-no-vcpu-secret "$(hp hits)" 0
			rmmod hoist_hostile
		else
			fail pool/scan-no-vcpu-secret "no secret line: $(tail -n 2 /tmp/ymm.out)"
		fi
		hoist destroy ymm

		# A hostile dom0 gives and takes chunks itself.
		insmod $HOSTILE op=pool
		info "hostile: grow $(hp grow_ns) ns, every CPU's flush $(hp sync_ns) ns, shrink $(hp shrink_ns) ns"
		expect_eq pool/grow-misaligned-refused "$(hp grow_misaligned)" -22
		expect_eq pool/grow-not-ram-refused "$(hp grow_not_ram)" -22
		expect_eq pool/grow-taken-refused "$(hp grow_taken)" -1
		expect_eq pool/shrink-unknown-refused "$(hp shrink_unknown)" -2
		expect_eq pool/grow-own-block "$(hp grow_ok)" 0
		expect_eq pool/grown-unreadable-at-once "$(hp read_at_once)/$(hp write_at_once)" 0/0
		expect_eq pool/grown-unreadable-after-sync "$(hp read_after_sync)" 0
		expect_eq pool/grow-twice-refused "$(hp grow_again)" -1
		expect_eq pool/shrink-gives-back "$(hp shrink_ok)" 0
		expect_eq pool/given-back-zeroed "$(hp zeroed)" 1
		expect_eq pool/shrink-twice-refused "$(hp shrink_again)" -2
		rmmod hoist_hostile

		# ... and donates memory to a domain of its own, badly.
		insmod $HOSTILE op=populate
		expect_eq pool/populate-bad-flags-refused "$(hp pop_flags)" -22
		expect_eq pool/populate-misaligned-refused "$(hp pop_misaligned_pfn)/$(hp pop_misaligned_gfn)" -22/-22
		expect_eq pool/populate-hole-refused "$(hp pop_hole)" -22
		expect_eq pool/populate-beyond-refused "$(hp pop_beyond)" -22
		expect_eq pool/populate-taken-refused "$(hp pop_taken)" -1
		expect_eq pool/populate-2m-own-block "$(hp pop_ok)" 1
		expect_eq pool/populate-twice-refused "$(hp pop_again)" -1
		expect_eq pool/populated-unreadable "$(hp pop_read)" 0
		expect_eq pool/populated-destroyed "$(hp pop_destroy)" 0
		expect_eq pool/populated-back-zeroed "$(hp pop_zeroed)" 1
		rmmod hoist_hostile
	fi
	for i in $(seq 1 $GUESTS); do wait_for /tmp/g$i.out blocking 30; done
	t0=$(now_cs)
	for i in $(seq 1 $GUESTS); do hoist destroy g$i; done
	t1=$(now_cs)
	no_tools
	info "cycle $c: destroyed in $(( (t1 - t0) / 100 )).$(( (t1 - t0) % 100 )) s: $(hi hypervisor_memory) MiB, $(hi hv_chunks_returned) chunks returned so far"
	expect_eq pool/cycle$c-domains-gone "$(hi domains)" 0
	expect_eq pool/cycle$c-hv-pages-back "$(hi hypervisor_pages)" "$pages0"
	expect_eq pool/cycle$c-hv-free-exact "$(hi hypervisor_free_pages)" "$free0"
	kb=$(free_kb)
	[ $((kb0 - kb)) -lt 2048 ] && pass pool/cycle$c-dom0-memory-back ||
		fail pool/cycle$c-dom0-memory-back "down by $((kb0 - kb)) kB"
	c=$((c + 1))
done
expect_eq pool/added-all-returned "$(hi hv_chunks_added)" "$(hi hv_chunks_returned)"
no_oops pool/no-oops-hoisted
check pool/rmmod rmmod hoist
kb=$(free_kb)
info "free memory $kb0 kB hoisted at the start, $kb kB after rmmod"

# --- The cap: max_hv_mb stops the growth there.
refute pool/cap-below-start-refused "insmod took max_hv_mb=2 with mem_mb=4" \
	insmod $HOIST_KO mem_mb=4 max_hv_mb=2
check pool/insmod-capped insmod $HOIST_KO mem_mb=2 max_hv_mb=4 huge_pages=0
expect_eq pool/cap-shown "$(hi hypervisor_max_memory)" 4
pages0=$(hi hypervisor_pages)
free0=$(hi hypervisor_free_pages)
n=0
max=16
for i in $(seq 1 $max); do
	mk c$i block 64 ""
	hoist create /tmp/c$i.cfg > /tmp/c$i.err 2>&1 || break
	n=$i
done
info "capped at 4 MiB: $n guests of 64 MiB; then: $(cat /tmp/c$((n + 1)).err 2>/dev/null)"
[ $n -ge 1 ] && [ $n -lt $max ] && pass pool/cap-stops-growth ||
	fail pool/cap-stops-growth "$n of $max guests created under a 4 MiB cap"
case "$(cat /tmp/c$((n + 1)).err 2>/dev/null)" in
*"Cannot allocate memory"*) pass pool/cap-enomem ;;
*) fail pool/cap-enomem "$(cat /tmp/c$((n + 1)).err 2>/dev/null)" ;;
esac
expect_eq pool/cap-held "$(hi hypervisor_memory)" 4
expect_eq pool/cap-failed-create-left-nothing "$(hi domains)" "$n"
for i in $(seq 1 $n); do hoist destroy c$i; done
no_tools
expect_eq pool/cap-hv-pages-back "$(hi hypervisor_pages)/$(hi hypervisor_free_pages)" "$pages0/$free0"
no_oops pool/no-oops
check pool/rmmod-capped rmmod hoist
