# bigmem: issue 12's guests of real size, in a machine big enough for
# them (big-8cpu: 8 CPUs, 12 GiB).  Guest RAM beyond the hole at
# 0xFC000000 continues at 4 GiB (include/hoist/layout.h).
#
# Asserts: a guest asking for more memory than dom0 has free is refused
# (hoist create fails, its message names the MiB asked and the MiB free),
# and leaves nothing behind (no domain, the hypervisor's pages and dom0's
# free memory as before, no OOM kill), both in the idle machine (where it
# asks for more than the machine has) and beside the 6 GiB guest (less
# than the machine has, more than is free); the memtouch guest with 6 GiB
# writes and reads back every RAM page it does not occupy, each read zero
# first, with exactly the RAM above 4 GiB that the layout gives it; the
# hypervisor's memory grows while it lives (when the guest needs more than
# the hypervisor had free) and, destroyed, comes back to its start, every
# chunk returned; Debian's kernel with `memory = 4096` boots to its shell
# and its /proc/meminfo MemTotal is above 95% of 4 GiB and at most
# 4 GiB, and once destroyed leaves dom0's free memory within 16 MiB (as
# the linux scenario); 20 create/destroy cycles of a 4 GiB guest (block)
# all work, and leave the hypervisor's pages and free pages exact and
# dom0's free memory within 2 MiB of where it was before them (measured:
# 40 kB; within 4 MiB after each single test guest, whose first use of
# dom0's caches on 8 CPUs took 0.6-1.8 MiB); the last cycle's guest is a
# memtouch that finds all its 4 GiB zeroed after the others; no oops.  Then, the module
# reloaded with huge_pages=0 (4 KiB pages only), the 6 GiB memtouch again:
# every page, the hypervisor's memory grows (about 4 MiB per GiB) and all
# of it comes back.
#
# Sizes (kernel command line, for a smaller machine or a quicker run):
# HOIST_BIGMEM_TOUCH_MB (6144), HOIST_BIGMEM_LINUX_MB (4096),
# HOIST_BIGMEM_CYCLE_MB (4096), HOIST_BIGMEM_CYCLES (20).

TOUCH_MB=${HOIST_BIGMEM_TOUCH_MB:-6144}
LINUX_MB=${HOIST_BIGMEM_LINUX_MB:-4096}
CYCLE_MB=${HOIST_BIGMEM_CYCLE_MB:-4096}
CYCLES=${HOIST_BIGMEM_CYCLES:-20}
LOW_PAGES=1032192	# pages below the hole at 0xFC000000 (layout.h)

hi() { hoist info "$1"; }
used() { echo $(( $(hi hypervisor_pages) - $(hi hypervisor_free_pages) )); }
now_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
secs() { echo "$(( $1 / 100 )).$(( $1 % 100 / 10 ))"; }	# centiseconds
wait_for() { # FILE PATTERN SECONDS
	_end=$(( $(now_cs) + $3 * 100 ))
	while [ "$(now_cs)" -lt "$_end" ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}
row() { hoist list | awk -v n="$1" '$1 == n'; }
# gone NAME SECONDS: until the domain is no longer listed
gone() {
	_i=0
	while [ -n "$(row "$1")" ] && [ $_i -lt $(( $2 * 5 )) ]; do
		sleep 0.2
		_i=$((_i + 1))
	done
	[ -z "$(row "$1")" ]
}
# no_tools: the console readers exit once their domain is gone
no_tools() {
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		pidof hoist > /dev/null || return 0
		sleep 0.5
	done
	return 1
}
mk() { # NAME KERNEL MEM_MB [extra config lines...]
	_n=$1 _k=$2 _m=$3
	shift 3
	{
		echo "name = \"$_n\""
		echo 'type = "pvh"'
		echo "memory = $_m"
		echo "kernel = \"$_k\""
		for _l in "$@"; do echo "$_l"; done
	} > /tmp/$_n.cfg
}
# back NAME [KB]: the hypervisor's pages, its free pages and dom0's free
# memory (within KB, default 2 MiB) where they were at the start, every
# chunk returned
back() {
	expect_eq bigmem/$1-hv-pages-back \
		"$(hi hypervisor_pages)/$(hi hypervisor_free_pages)" "$pages0/$free0"
	expect_eq bigmem/$1-all-chunks-returned "$(hi hv_chunks_returned)" \
		"$(hi hv_chunks_added)"
	_kb=$(free_kb)
	info "$1: dom0 free memory down by $((kb0 - _kb)) kB"
	[ $((kb0 - _kb)) -lt "${2:-2048}" ] && pass bigmem/$1-dom0-memory-back ||
		fail bigmem/$1-dom0-memory-back "down by $((kb0 - _kb)) kB"
}
# grew NAME MB: the hypervisor holds more pages than at the start, if the
# guest needed more than it had free (with 4 KiB guest pages about 4 MiB
# per GiB of guest: always; with 2 MiB pages a guest may fit in the start)
grew() {
	_more=$(( $(used) - (pages0 - free0) ))
	info "$1 alive: hypervisor $(hi hypervisor_memory) MiB, $_more pages more in use ($(( _more * 4 * 1024 / $2 )) KiB per GiB of guest), $(hi hv_chunks_added) chunks added so far"
	if [ $_more -le 0 ]; then
		fail bigmem/$1-hv-more-in-use "$_more pages more in use"
	elif [ $_more -gt "$free0" ] && [ "$(hi hypervisor_pages)" -le "$pages0" ]; then
		fail bigmem/$1-hv-grew "$_more pages more in use, $free0 were free, still $(hi hypervisor_pages) pages"
	else
		pass bigmem/$1-hv-grew
	fi
	# At most 6 MiB per GiB of guest (4 KiB pages: about 4).
	[ $(( _more * 4 * 1024 / $2 )) -le 6144 ] && pass bigmem/$1-hv-at-most-6mib-per-gib ||
		fail bigmem/$1-hv-at-most-6mib-per-gib "$(( _more * 4 * 1024 / $2 )) KiB per GiB"
}

# refuse NAME: a guest of 1 GiB more than dom0 has free, by either count
# (free pages, or hoist info's free_memory: MemAvailable, what the
# toolstack checks), is refused up front and changes nothing.
refuse() {
	_doms=$(hi domains)
	_pages=$(hi hypervisor_pages)/$(hi hypervisor_free_pages)
	_kb=$(free_kb)
	_avail=$(hi free_memory)
	_ask=$(( (_kb / 1024 > _avail ? _kb / 1024 : _avail) + 1024 ))
	_oom=$(dmesg | grep -c -i -e 'out of memory' -e 'oom-kill')
	mk huge /guests/block $_ask
	hoist create /tmp/huge.cfg > /tmp/huge.err 2>&1
	_rc=$?
	_msg=$(cat /tmp/huge.err)
	info "$1: memory = $_ask MiB of $(hi total_memory) MiB, $_avail free: exit status $_rc: $(echo "$_msg" | tail -n 1)"
	[ $_rc -ne 0 ] && pass bigmem/$1-refused ||
		fail bigmem/$1-refused "created a guest of $_ask MiB with $_avail MiB free"
	# The message names both figures, the MiB asked and the MiB free
	# ("N MiB asked, M MiB free"): the asked size, "free", two
	# "<number> MiB".
	case $_msg in *"$_ask"*) _named=1 ;; *) _named=0 ;; esac
	[ $_named = 1 ] && echo "$_msg" | grep -qi free &&
		[ "$(echo "$_msg" | grep -o '[0-9][0-9]* MiB' | wc -l)" -ge 2 ] &&
		pass bigmem/$1-names-asked-and-free ||
		fail bigmem/$1-names-asked-and-free "'$_msg'"
	expect_eq bigmem/$1-no-domain-left "$(hi domains)" "$_doms"
	[ "$(dmesg | grep -c -i -e 'out of memory' -e 'oom-kill')" = "$_oom" ] &&
		pass bigmem/$1-no-oom-kill ||
		fail bigmem/$1-no-oom-kill "$(dmesg | grep -i -e 'out of memory' -e 'oom-kill' | tail -n 1)"
	expect_eq bigmem/$1-hv-pages-unchanged \
		"$(hi hypervisor_pages)/$(hi hypervisor_free_pages)" "$_pages"
	_kb1=$(free_kb)
	[ $((_kb - _kb1)) -lt 2048 ] && pass bigmem/$1-dom0-memory-unchanged ||
		fail bigmem/$1-dom0-memory-unchanged "down by $((_kb - _kb1)) kB"
}

check bigmem/insmod insmod $HOIST_KO || return 1
pages0=$(hi hypervisor_pages)
free0=$(hi hypervisor_free_pages)
kb0=$(free_kb)
info "start: hypervisor $(hi hypervisor_memory) MiB ($pages0 pages, $free0 free); dom0 free $kb0 kB, $(hi free_memory) MiB by hoist info; total $(hi total_memory) MiB"

# --- More than is free, and more than the machine has: refused up front.
refuse refused
back refused 4096

# --- memtouch: every page of a big guest, RAM above 4 GiB included.
mk touch /guests/memtouch $TOUCH_MB 'cmdline = "seed=12"' 'on_poweroff = "preserve"' \
	'on_crash = "preserve"'
: > /tmp/touch.out
t0=$(now_cs)
created=0
check bigmem/touch-create-${TOUCH_MB}mib hoist create /tmp/touch.cfg && created=1
t1=$(now_cs)
[ $created = 1 ] && hoist console touch < /dev/null >> /tmp/touch.out 2>&1 &
if [ $created = 1 ] && wait_for /tmp/touch.out 'HOIST-GUEST: (PASS|FAIL)' 900; then
	t2=$(now_cs)
	info "memtouch $TOUCH_MB MiB: created in $(secs $((t1 - t0))) s, touched in $(secs $((t2 - t1))) s"
	grep '^memtouch: \(RAM\|touched\|not\|wrong\)' /tmp/touch.out | sed 's/^/# /'
	grep -q 'HOIST-GUEST: PASS memtouch' /tmp/touch.out && pass bigmem/touch-every-page ||
		fail bigmem/touch-every-page "$(grep 'HOIST-GUEST: FAIL' /tmp/touch.out)"
else
	fail bigmem/touch-every-page "no verdict: $(tail -n 3 /tmp/touch.out)"
fi
# All its RAM but its image (under 1 MiB) and the legacy hole; above
# 4 GiB exactly what does not fit below the hole.
line=$(grep '^memtouch: touched' /tmp/touch.out)
pages=$(echo "$line" | sed -n 's/^memtouch: touched \([0-9]*\) pages.*/\1/p')
high=$(echo "$line" | sed -n 's/.* \([0-9]*\) pages ([0-9]* MiB) above 4 GiB.*/\1/p')
want_high=$(( TOUCH_MB * 256 > LOW_PAGES ? TOUCH_MB * 256 - LOW_PAGES : 0 ))
[ -n "$pages" ] && [ "$pages" -ge $(( (TOUCH_MB - 2) * 256 )) ] &&
	pass bigmem/touch-all-ram || fail bigmem/touch-all-ram "'$line'"
expect_eq bigmem/touch-above-4gib "${high:-none}" "$want_high"
if [ "$TOUCH_MB" -gt 4032 ]; then
	[ "${high:-0}" -gt 0 ] && pass bigmem/touch-some-above-4gib ||
		fail bigmem/touch-some-above-4gib "$TOUCH_MB MiB, ${high:-no} pages above 4 GiB"
else
	info "memtouch of $TOUCH_MB MiB: all below the hole, none above 4 GiB to touch"
fi
grew touch "$TOUCH_MB"
# With the big guest alive: more than is free, less than the machine has.
refuse refused-beside
t0=$(now_cs)
[ $created = 1 ] && check bigmem/touch-destroy hoist destroy touch
t1=$(now_cs)
no_tools
info "memtouch destroyed in $(secs $((t1 - t0))) s: hypervisor $(hi hypervisor_memory) MiB, $(hi hv_chunks_returned) chunks returned so far"
back touch 4096

# --- Debian's kernel with memory = LINUX_MB, to its shell.
mk deb /boot/vmlinuz $LINUX_MB 'ramdisk = "/root/initrd.img"' \
	'cmdline = "console=hvc0"' 'vcpus = 2'
: > /tmp/deb.out
rm -f /tmp/deb.in
mkfifo /tmp/deb.in
t0=$(now_cs)
created=0
check bigmem/linux-create-${LINUX_MB}mib hoist create /tmp/deb.cfg && created=1
t1=$(now_cs)
# The console reads a FIFO held open on fd 7, to type into the guest.
if [ $created = 1 ]; then
	hoist console deb < /tmp/deb.in >> /tmp/deb.out 2>&1 &
	exec 7>/tmp/deb.in
fi
if [ $created = 1 ] && wait_for /tmp/deb.out '^guest# ' 600; then
	t2=$(now_cs)
	pass bigmem/linux-shell
	info "Linux $LINUX_MB MiB: created in $(secs $((t1 - t0))) s, to its shell in $(secs $((t2 - t1))) s"
	grew linux "$LINUX_MB"
	# The expected line never appears in what is typed (the echo).
	printf '%s\n' 'echo M-$(grep MemTotal /proc/meminfo | tr -dc 0-9)-M' >&7
	wait_for /tmp/deb.out '^M-[0-9]+-M' 60
	total=$(sed -n 's/^M-\([0-9]*\)-M.*/\1/p' /tmp/deb.out | head -n 1)
	info "Linux guest of $LINUX_MB MiB: MemTotal ${total:-?} kB"
	[ -n "$total" ] && [ "$total" -gt $(( LINUX_MB * 1024 * 95 / 100 )) ] &&
		[ "$total" -le $(( LINUX_MB * 1024 )) ] && pass bigmem/linux-meminfo ||
		fail bigmem/linux-meminfo "MemTotal '${total:-none}' kB of $LINUX_MB MiB"
	grep -E 'BIOS-e820|Memory: ' /tmp/deb.out | head -n 8 | sed 's/^/# deb: /'
else
	fail bigmem/linux-shell "$(tail -n 20 /tmp/deb.out)"
	hoist dmesg | tail -n 10
fi
t0=$(now_cs)
if [ $created = 1 ]; then
	check bigmem/linux-destroy hoist destroy deb
	exec 7>&-
fi
t1=$(now_cs)
no_tools
info "Linux guest destroyed in $(secs $((t1 - t0))) s"
# Within 16 MiB, as the linux scenario: dom0's own caches after a Linux
# guest's boot (2.2 MiB once, then constant over the 20 cycles after).
back linux 16384

# --- Cycles: a guest of CYCLE_MB created and destroyed, CYCLES times; the
# last one a memtouch that must find every page zeroed after the others.
# dom0's free memory is compared with what it was just before them.
kb0=$(free_kb)
ok=0
why=
tc=0 td=0
c=1
t00=$(now_cs)
while [ $c -le "$CYCLES" ] && [ -z "$why" ]; do
	if [ $c = "$CYCLES" ]; then
		mk cyc /guests/memtouch $CYCLE_MB "cmdline = \"seed=$c\"" \
			'on_poweroff = "preserve"' 'on_crash = "preserve"'
		want='HOIST-GUEST: (PASS|FAIL)'
	else
		mk cyc /guests/block $CYCLE_MB
		want='blocking'
	fi
	: > /tmp/cyc.out
	t0=$(now_cs)
	hoist create /tmp/cyc.cfg > /tmp/cyc.err 2>&1 ||
		{ why="cycle $c: create: $(cat /tmp/cyc.err)"; break; }
	t1=$(now_cs)
	hoist console cyc < /dev/null >> /tmp/cyc.out 2>&1 &
	wait_for /tmp/cyc.out "$want" 600 ||
		why="cycle $c: no '$want': $(tail -n 2 /tmp/cyc.out)"
	t2=$(now_cs)
	hoist destroy cyc > /tmp/cyc.err 2>&1 && ok=$((ok + 1)) ||
		why="${why:-cycle $c: destroy: $(cat /tmp/cyc.err)}"
	t3=$(now_cs)
	no_tools
	tc=$((tc + t1 - t0)) td=$((td + t3 - t2))
	[ $c = 1 ] && info "cycle 1: create $(secs $((t1 - t0))) s, to '$want' $(secs $((t2 - t1))) s, destroy $(secs $((t3 - t2))) s"
	c=$((c + 1))
done
[ -n "$why" ] && info "$why"
info "$ok cycles of $CYCLE_MB MiB in $(secs $(( $(now_cs) - t00 ))) s: creates $(secs $tc) s, destroys $(secs $td) s"
expect_eq bigmem/$CYCLES-cycles-${CYCLE_MB}mib "$ok" "$CYCLES"
grep '^memtouch: \(touched\|not\|wrong\)' /tmp/cyc.out | sed 's/^/# /'
grep -q 'HOIST-GUEST: PASS memtouch' /tmp/cyc.out && pass bigmem/cycles-last-zeroed ||
	fail bigmem/cycles-last-zeroed "$(grep -E 'HOIST-GUEST|not zero' /tmp/cyc.out | head -n 3)"
expect_eq bigmem/cycles-no-domain "$(hi domains)" 0
back cycles
no_oops bigmem/no-oops
stop_xenstored
check bigmem/rmmod rmmod hoist

# --- The 6 GiB guest again in 4 KiB pages (huge_pages=0: a dom0 without
# free 2 MiB blocks).  2 MiB frames need so little of the hypervisor's
# memory (some 26 KiB per GiB) that the big guests above fit in what it
# starts with; 4 KiB pages need about 4 MiB per GiB: it must grow, and
# give it all back.
check bigmem/insmod-4k-pages insmod $HOIST_KO huge_pages=0 || return 1
pages0=$(hi hypervisor_pages)
free0=$(hi hypervisor_free_pages)
kb0=$(free_kb)
mk touch4k /guests/memtouch $TOUCH_MB 'cmdline = "seed=13"' \
	'on_poweroff = "preserve"' 'on_crash = "preserve"'
: > /tmp/touch4k.out
t0=$(now_cs)
if check bigmem/touch4k-create hoist create /tmp/touch4k.cfg; then
	t1=$(now_cs)
	hoist console touch4k < /dev/null >> /tmp/touch4k.out 2>&1 &
	wait_for /tmp/touch4k.out 'HOIST-GUEST: (PASS|FAIL)' 900
	info "memtouch $TOUCH_MB MiB in 4 KiB pages: created in $(secs $((t1 - t0))) s, touched in $(secs $(( $(now_cs) - t1 ))) s"
	grep '^memtouch: \(touched\|not\|wrong\)' /tmp/touch4k.out | sed 's/^/# /'
	grep -q 'HOIST-GUEST: PASS memtouch' /tmp/touch4k.out && pass bigmem/touch4k-every-page ||
		fail bigmem/touch4k-every-page "$(grep 'HOIST-GUEST' /tmp/touch4k.out | tail -n 1)"
	[ "$(hi hypervisor_pages)" -gt "$pages0" ] && pass bigmem/touch4k-hv-memory-grew ||
		fail bigmem/touch4k-hv-memory-grew "still $(hi hypervisor_pages) pages"
	grew touch4k "$TOUCH_MB"
	t0=$(now_cs)
	check bigmem/touch4k-destroy hoist destroy touch4k
	info "memtouch in 4 KiB pages destroyed in $(secs $(( $(now_cs) - t0 ))) s"
	no_tools
fi
back touch4k 4096
no_oops bigmem/no-oops-4k-pages
stop_xenstored
check bigmem/rmmod-4k-pages rmmod hoist
