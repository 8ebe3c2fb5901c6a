# A hostile dom0 kernel (tests/system/kmod/hoist_hostile) attacks the
# isolation of running guests: it tries to leave the hypervisor, to reset or
# suspend the machine under them, to reprogram the memory map by MSR, to
# discard caches with INVD, to read a guest's vector registers after its
# run, and looks for guest secrets in RAM after each step, after rmmod
# included.  Then: no domain may be created while a CPU present at insmod
# has not been hoisted.  (INIT to a hoisted CPU: scenarios/initsipi.sh.)
#
# The guests (guests/pattern, guests/ymm) compute their secret from a seed
# and print it in hex; the scanner gets it keyed (XOR 0xaa.., one tr) so
# that the secret itself never exists in dom0.
#
# isolation.only=a,b (kernel command line) runs only some parts: checking
# the attacks one by one on a hypervisor where some of them reset the
# machine.  Parts, in order: msr regs invd xsave portok ports reset (or one of
# port92-reset cf9-06 kbc-fe kbc-f0 pm1a-s3 pm1a-s5) devirt count rmmod
# offline.
#
# Asserts: each attack fails and leaves a trace: leaving the hypervisor is
# refused (EBUSY) with domains alive, reset and sleep writes are dropped
# and counted and logged (harmless writes to the same ports go through),
# memory-map MSR changes are refused, a hypercall changes no register of
# dom0's but RAX, INVD is counted, a guest's vCPU run
# by dom0 with a narrower XCR0 leaves no ymm state; no scan finds either secret,
# before, during or after the attacks or after rmmod; dom0 reaches exactly
# the pages it reached natively, no guest's; rmmod with guests alive
# destroys them and gives all RAM back; no domain is created while a CPU
# present at insmod was never hoisted, until the module is reloaded; no oops.

HOSTILE=$HOIST_TEST_KO_DIR/hoist_hostile.ko
ATTACK=$HOIST_TEST_KO_DIR/hoist_attack.ko
ONLY=$(cmdline_arg isolation.only)

want() {
	[ -z "$ONLY" ] && return 0
	case ",$ONLY," in *",$1,"*) return 0 ;; esac
	return 1
}
hp() { cat /sys/module/hoist_hostile/parameters/$1; }
# hostile OP [NAME=VALUE...]: one attack; results in hp until the next one.
hostile() {
	_op=$1
	shift
	rmmod hoist_hostile 2>/dev/null
	insmod $HOSTILE op=$_op "$@"
}
# keyed HEX: the secret 0xHEX as the scanner takes it (XOR 0xaaaaaaaaaaaaaaaa)
keyed() { echo "0x$(echo "${1#0x}" | tr 0123456789abcdef ab89efcd23016745)"; }
# statrow NAME: a row of `hoist stats` summed over the CPUs ("none": no such row)
statrow() {
	hoist stats | awk -v r="$1" '$1 == r { for (i = 2; i <= NF; i++) s += $i; f = 1 }
		END { print f ? s + 0 : "none" }'
}
# delta NAME BEFORE AFTER WANT: a counter grew by exactly WANT
delta() {
	if [ "$2" = none ] || [ "$3" = none ]; then
		fail "$1" "no such row in hoist stats"
	else
		expect_eq "$1" "$(($3 - $2))" "$4"
	fi
}
mk() { # NAME GUEST MEM_MB CMDLINE
	printf 'name = "%s"\ntype = "pvh"\nmemory = %s\nkernel = "/guests/%s"\ncmdline = "%s"\n' \
		"$1" "$3" "$2" "$4" > /tmp/$1.cfg
}
row() { hoist list | awk -v n="$1" '$1 == n'; }
# start NAME GUEST MEM_MB CMDLINE REGEX: create, attach a console reader,
# wait for the line with the secret; its hex digits go to $secret.
start() {
	mk "$1" "$2" "$3" "$4"
	: > /tmp/$1.out
	hoist create /tmp/$1.cfg > /tmp/$1.err 2>&1 || { info "$(cat /tmp/$1.err)"; return 1; }
	hoist console "$1" < /dev/null >> /tmp/$1.out 2>&1 &
	wait_for /tmp/$1.out "$5" 60 || { info "$(tail -n 3 /tmp/$1.out)"; return 1; }
	secret=$(grep -Eo "$5" /tmp/$1.out | head -n 1 | grep -Eo '0x[0-9a-f]{16}')
}
# no_tools: the monitors and console readers hold /dev/hoist open; they
# exit once their domain is gone, or here, when told to.
no_tools() {
	[ "$1" = kill ] && kill $(pidof hoist) 2>/dev/null
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		pidof hoist > /dev/null || return 0
		sleep 0.5
	done
	return 1
}

# --- Natively: what a scan cannot read without Hoist (firmware holes).
check isolation/native-scan insmod $ATTACK || return 1
native_blocked=$(cat /sys/module/hoist_attack/parameters/read_blocked)
rmmod hoist_attack

check isolation/insmod insmod $HOIST_KO || return 1

# --- Two guests with secrets: in all of one's free RAM, in the other's ymm.
invd0=$(statrow invd)
start pat pattern 16 "seed=20240611 invd=3" 'pattern: 0x[0-9a-f]{16}' ||
	{ fail isolation/pattern-guest "no secret line"; return 1; }
pat=$secret
start ymm ymm 16 "seed=4242" 'ymm: 0x[0-9a-f]{16}' ||
	{ fail isolation/ymm-guest "no secret line"; return 1; }
ymm=$secret
info "secrets: pat $pat, ymm $ymm"
pass isolation/guests-started
kpat=$(keyed "$pat")
kymm=$(keyed "$ymm")
# (e) A domU's INVD is intercepted (and run as WBINVD): counted.
delta isolation/invd-domu-intercepted "$invd0" "$(statrow invd)" 3

# The scanner works (a page cache page of ours holds a known value) and
# finds neither secret while both guests run.
for i in $(seq 1 512); do printf '\357\315\253\211\147\105\043\001'; done > /tmp/known
hostile scan pattern=$(keyed 0x0123456789abcdef)
[ "$(hp hits)" -ge 512 ] && pass isolation/scanner-finds-dom0-data ||
	fail isolation/scanner-finds-dom0-data "$(hp hits) hits for a value in /tmp/known"
rm -f /tmp/known
hostile scan pattern=$kpat pattern2=$kymm
info "scan: $(hp pages) pages, $(hp blocked) unreadable, $(hp hits) hits"
expect_eq isolation/scan-no-secret "$(hp hits)" 0

# (d) The MSRs that shape the physical memory map cannot be changed.
if want msr; then
	hostile msr
	info "msr: $(hp msr_tried) tried, $(hp msr_refused) refused, $(hp msr_changed) changed, $(hp msr_same_ok) same-value writes accepted"
	expect_eq isolation/msr-tried "$(hp msr_tried)" 9
	expect_eq isolation/msr-changes-refused "$(hp msr_refused)" 9
	expect_eq isolation/msr-unchanged "$(hp msr_changed)" 0
	expect_eq isolation/msr-same-value-accepted "$(hp msr_same_ok)" 9
fi

# (d') A hypercall gives dom0 back every register as it was but RAX
# (hypercall.h): nothing of the hypervisor's leaks into them, and the
# module's hypercall wrappers may rely on their arguments surviving.
if want regs; then
	hostile regs cpu=1
	expect_eq isolation/hypercall-registers-kept "$(hp result) $(hp regs_changed)" "0 0"
fi

# (e) dom0's INVD is intercepted too: one more in the row, per INVD.
if want invd; then
	i0=$(statrow invd)
	check isolation/invd-dom0-survives hostile invd cpu=1
	delta isolation/invd-dom0-intercepted "$i0" "$(statrow invd)" 1
fi

# (f) dom0 narrows XCR0 to x87|SSE, runs the ymm guest's vCPU itself,
# widens XCR0 again: the guest's ymm upper halves must be gone.
if want xsave; then
	id=$(row ymm | awk '{ print $2 }')
	hostile xsave domid=$id seconds=4 pattern=$kymm
	info "xsave: $(hp runs) runs, $(hp busy) busy, $(hp hits) hits, $(hp nonzero) nonzero words, result $(hp result)"
	# Refusing such runs (an error from VCPU_RUN) is a defence too; never
	# running it at all (only EBUSY) would prove nothing.
	[ "$(hp runs)" -gt 0 ] || [ "$(hp result)" -lt 0 ] && pass isolation/xsave-attack-ran ||
		fail isolation/xsave-attack-ran "no run of d$id ($(hp busy) busy)"
	expect_eq isolation/xsave-no-guest-ymm "$(hp hits)" 0
fi

# (c) With domains alive, writes that would reset or suspend the machine
# are dropped (and counted, and logged); harmless writes to the same ports
# are not.
if want portok; then
	hostile port port=0x92
	p92=$(hp before)
	r0=$(statrow refused)
	hostile port port=0x92 value=$((p92 ^ 0x40))	# the disk LED bit
	expect_eq isolation/port92-no-reset-accepted "$(hp readback)" "$((p92 ^ 0x40))"
	hostile port port=0x92 value=$p92
	hostile port pm1a=1 width=2	# writes back what it read: no SLP_EN
	info "PM1a control at port $(printf 0x%x "$(hp port_used)"): $(printf 0x%x "$(hp before)")"
	delta isolation/harmless-writes-not-refused "$r0" "$(statrow refused)" 0
fi
# refused NAME PORT-ARGS...: the write is dropped and counted once.
refused() {
	_n=$1
	shift
	_r0=$(statrow refused)
	hostile port "$@"
	delta isolation/$_n-refused "$_r0" "$(statrow refused)" 1
}
if want ports; then
	# Harmless even if they went through (QEMU): the counter tells.
	refused cf9-00 port=0xcf9 value=0
	refused kbc-ff port=0x64 value=0xff
	refused kbc-d1 port=0x64 value=0xd1
fi
# Each of these resets or suspends the emulated machine if it goes through
# (isolation.only=reset, or one of them by name).
if want reset || want port92-reset; then
	hostile port port=0x92
	p92=$(hp before)
	refused port92-reset port=0x92 value=$((p92 | 1))
	expect_eq isolation/port92-unchanged "$(hp readback)" "$p92"
fi
want reset || want cf9-06 && refused cf9-06 port=0xcf9 value=6
want reset || want kbc-fe && refused kbc-fe port=0x64 value=0xfe
want reset || want kbc-f0 && refused kbc-f0 port=0x64 value=0xf0
want reset || want pm1a-s3 && refused pm1a-s3 pm1a=1 width=2 value=0x2400
want reset || want pm1a-s5 && refused pm1a-s5 pm1a=1 width=2 value=0x2000
want reset && pass isolation/machine-survived-resets
if want ports || want reset; then
	case "$(hoist dmesg)" in
	*refused*) pass isolation/refusals-logged ;;
	*) fail isolation/refusals-logged "no 'refused' in hoist dmesg" ;;
	esac
fi

# (a) Leaving the hypervisor is refused while domains exist.  Had it
# worked, that CPU would be native and would read the guests' memory.
if want devirt; then
	hostile devirt cpu=1 pattern=$kpat pattern2=$kymm
	if [ "$(hp svme)" = 0 ]; then
		fail isolation/devirt-refused "cpu 1 went native (result $(hp result)); from there a scan found $(hp hits) secret words in $(hp passes) passes"
		info "the hypervisor lost a CPU under running guests: stopping here"
		return 1
	fi
	expect_eq isolation/devirt-refused "$(hp result)/$(hp svme)" -16/1
	expect_eq isolation/devirt-still-hoisted "$(hoist info cpus_hoisted)" "$(cpus_online)"
fi

# After all that: dom0 reaches exactly what it did, nothing of the guests.
if want count; then
	guest_pages=0
	for mb in $(hoist list | awk 'NR > 2 { print $3 }'); do
		guest_pages=$((guest_pages + mb * 256 + 1))	# and its console page
	done
	# Now: the hypervisor's memory grew with the guests.
	hv_pages=$(hoist info hypervisor_pages)
	insmod $ATTACK
	blocked=$(cat /sys/module/hoist_attack/parameters/read_blocked)
	rmmod hoist_attack
	expect_eq isolation/attack-scan-exact "$blocked" "$((native_blocked + hv_pages + guest_pages))"
	hostile scan pattern=$kpat pattern2=$kymm
	expect_eq isolation/scan-no-secret-after-attacks "$(hp hits)" 0
fi
no_oops isolation/no-oops-hoisted

# (h) rmmod with both guests alive: they are destroyed and scrubbed first.
if want rmmod; then
	no_tools kill
	expect_eq isolation/domains-alive-at-rmmod "$(row pat | wc -l)$(row ymm | wc -l)" 11
	check isolation/rmmod-with-domains rmmod hoist
	hostile scan pattern=$kpat pattern2=$kymm
	info "native scan after rmmod: $(hp pages) pages, $(hp blocked) unreadable, $(hp hits) hits"
	expect_eq isolation/no-secret-after-rmmod "$(hp hits)" 0
	expect_eq isolation/all-ram-back "$(hp blocked)" "$native_blocked"
else
	for d in pat ymm; do hoist destroy $d; done
	no_tools
	rmmod hoist
fi
rmmod hoist_hostile 2>/dev/null

# (b) A CPU offline at insmod: no domain until the module is reloaded with
# every CPU online (coming online later, it is hoisted, but too late).
if want offline; then
	last=$(( $(cpus_online) - 1 ))
	check isolation/offline-native sh -c "echo 0 > /sys/devices/system/cpu/cpu$last/online"
	check isolation/insmod-one-offline insmod $HOIST_KO
	refute isolation/create-refused-cpu-offline "a domain was created with cpu$last never hoisted" \
		dom-smoke hello
	check isolation/online-while-hoisted sh -c "echo 1 > /sys/devices/system/cpu/cpu$last/online"
	expect_eq isolation/late-cpu-hoisted "$(hoist info cpus_hoisted)" "$((last + 1))"
	refute isolation/create-refused-after-online "a domain was created; cpu$last was hoisted late" \
		dom-smoke hello
	check isolation/rmmod-after-offline rmmod hoist
	check isolation/insmod-all-online insmod $HOIST_KO
	check isolation/create-after-reload dom-smoke hello
	check isolation/rmmod-reloaded rmmod hoist
fi

no_oops isolation/no-oops
