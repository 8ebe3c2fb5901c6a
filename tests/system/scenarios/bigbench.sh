# bigbench: guests of real size (issue 12), Hoist against KVM in the same
# emulated machine (`make bench`: the boot with 6 GiB, after destroybench).
# Prints "BENCH key=value" lines (tests/bench/report.sh):
#   1. Hoist: create and destroy a guest of BIG_MIB (4096) MiB, RUNS (3)
#      times: `hoist create` of the block test guest until the command
#      returns (memory allocated, zeroed, donated and mapped, the guest
#      loaded and unpaused), then `hoist destroy` (every page scrubbed and
#      given back)                      big_hoist_create_ms, _destroy_ms
#   2. Hoist: the Linux guest (Debian's kernel, guests/linux) with BIG_MIB
#      and 1 vCPU, booted twice: workload -w cpu, then workload -w mem
#      (BIG_WL_MIB, 1024, MiB buffer), RUNS runs each; create to init
#                                       big_hoist_linux_init_ms,
#      big_wl_{cpu,mem,memtouch}_hoist_ns
#   3. dom0, native (KVM loaded, idle): the same workloads
#                                       big_wl_{cpu,mem,memtouch}_dom0_ns
#   4. KVM: create and destroy a VM of BIG_MIB (kvm-linux -x), its memory
#      untouched, or allocated (and zeroed) by the VMM before it runs
#      (MADV_POPULATE_WRITE); BIG_KVM_TOUCH=none,host,guest adds memory
#      written by the guest (every page allocated, zeroed and mapped, as
#      Hoist's create), not in the default: where dom0 has no huge page
#      at hand, each 4 KiB page is a nested fault, about 600 s for 4 GiB
#                                       big_kvm_{create,destroy}_{none,host}_us
#   5. KVM: the same Linux guest and workloads under kvm-linux, BIG_MIB
#                                       big_kvm_linux_init_ms,
#      big_wl_{cpu,mem,memtouch}_kvm_ns
# "mem" is the rounds of workload -w mem (passes over a buffer already in
# place); "memtouch" its first touch of the buffer (page faults and
# zeroing; under KVM, for pages the guest never had before, the host's
# allocation and nested faults too).  Hoist runs before KVM: Hoist refuses
# to load while SVM is in use.
# Asserts: each step ran cleanly, the workload digests agree between dom0,
# the domU and the KVM guest, every hypervisor page comes back, rmmod works.
#
# Environment (kernel arguments): BIG_MIB (4096), BIG_RUNS (3),
# BIG_WL_MIB (1024), BIG_CPU_ROUNDS (workload -w cpu -n, 20),
# BIG_MEM_ROUNDS (workload -w mem -n, 1), BIG_LINUX_TIMEOUT (s per guest
# boot, 900), BIG_STEPS (which steps, default 1,2,3,4,5), BIG_KVM_TOUCH
# (step 4's kvm-linux -x modes, default none,host), BIG_HOIST_PARAMS
# (hoist.ko's parameters, e.g. huge_pages=0 for 4 KiB guest pages only;
# none).

BIG_MIB=${BIG_MIB:-4096}
BIG_RUNS=${BIG_RUNS:-3}
BIG_WL_MIB=${BIG_WL_MIB:-1024}
BIG_CPU_ROUNDS=${BIG_CPU_ROUNDS:-20}
BIG_MEM_ROUNDS=${BIG_MEM_ROUNDS:-1}
BIG_LINUX_TIMEOUT=${BIG_LINUX_TIMEOUT:-900}
BIG_STEPS=${BIG_STEPS:-1,2,3,4,5}
BIG_KVM_TOUCH=${BIG_KVM_TOUCH:-none,host}
HOIST_KO=${HOIST_KO:-/lib/hoist/hoist.ko}
BIG_INIT="hoist-guest: init reached"

bench() { echo "BENCH $*"; }
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }
step() { case ",$BIG_STEPS," in *",$1,"*) return 0 ;; esac; return 1; }

bench "info_big_mib=$BIG_MIB"
bench "info_big_runs=$BIG_RUNS"
bench "info_big_wl=-w_cpu_-n_${BIG_CPU_ROUNDS};_-w_mem_-m_${BIG_WL_MIB}_-n_${BIG_MEM_ROUNDS}"
bench "info_big_hoist_params=$(echo "${BIG_HOIST_PARAMS:-none}" | tr ' ' _)"
bench "info_big_thp=$(sed 's/.*\[\(.*\)\].*/\1/' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)"
rm -f /tmp/big-*.digest

# wl_args MODE: workload's arguments for MODE (cpu or mem), -j 1
wl_args() {
	if [ "$1" = cpu ]; then
		echo "-w cpu -n $BIG_CPU_ROUNDS -j 1"
	else
		echo "-w mem -m $BIG_WL_MIB -n $BIG_MEM_ROUNDS -j 1"
	fi
}

# wl_results MODE WHERE LOG: BENCH lines of the workload runs in LOG; their
# digests (or "error") to /tmp/big-MODE-WHERE.digest
wl_results() {
	if [ "$1" = cpu ]; then
		tr -d '\r' < "$3" | sed -n 's/^workload elapsed_ns=\([0-9]*\)$/\1/p' |
			while read -r _ns; do bench "big_wl_cpu_$2_ns=$_ns"; done
	else
		tr -d '\r' < "$3" | grep '^workload touch_ns=' | while read -r _l; do
			bench "big_wl_memtouch_$2_ns=$(field touch_ns "$_l")"
			bench "big_wl_mem_$2_ns=$(field rounds_ns "$_l")"
		done
	fi
	tr -d '\r' < "$3" | grep '^workload digest=' | while read -r _l; do
		if [ "$(field errors "$_l")" = 0 ]; then
			field digest "$_l"
		else
			echo error
		fi
	done >> "/tmp/big-$1-$2.digest"
}

# digests MODE WHERE: the distinct digests recorded, on one line
digests() { sort -u "/tmp/big-$1-$2.digest" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }

# guest_cmdline MODE: the Linux guest's workload arguments (guests/linux/init)
guest_cmdline() {
	if [ "$1" = cpu ]; then
		echo "guest.run=workload guest.wl_w=cpu guest.wl_n=$BIG_CPU_ROUNDS guest.wl_j=1 guest.wl_runs=$BIG_RUNS"
	else
		echo "guest.run=workload guest.wl_w=mem guest.wl_m=$BIG_WL_MIB guest.wl_n=$BIG_MEM_ROUNDS guest.wl_j=1 guest.wl_runs=$BIG_RUNS"
	fi
}

# last_lines LOG: the end of a guest's console, indented, for a failure
last_lines() { tr -d '\r' < "$1" | tail -n 8 | sed 's/^/  | /'; }

# 1. Hoist: create and destroy
hoist_create_destroy() {
	printf 'name = "big"\ntype = "pvh"\nmemory = %s\nkernel = "/guests/block"\n' \
		"$BIG_MIB" > /tmp/big.cfg
	_i=0 _ok=0
	while [ "$_i" -lt "$BIG_RUNS" ]; do
		_i=$((_i + 1))
		_t0=$(ms)
		if ! _out=$(hoist create /tmp/big.cfg 2>&1); then
			bench "big_hoist_create failed reason=$(echo "$_out" | tail -n 1 | tr ' ' _)"
			fail bigbench/hoist-create "$(echo "$_out" | tail -n 1)"
			return
		fi
		_t1=$(ms)
		if ! _out=$(hoist destroy big 2>&1); then
			fail bigbench/hoist-destroy "$(echo "$_out" | tail -n 1)"
			return
		fi
		_t2=$(ms)
		bench "big_hoist_create_ms=$((_t1 - _t0))"
		bench "big_hoist_destroy_ms=$((_t2 - _t1))"
		_ok=$((_ok + 1))
	done
	pass bigbench/hoist-create-destroy
}

# 2. Hoist: the Linux guest, one boot per workload mode
hoist_linux() {
	cat > /tmp/big-linux.cfg <<-EOF
	name = "big-linux"
	type = "pvh"
	memory = $BIG_MIB
	vcpus = 1
	kernel = "/boot/vmlinuz"
	ramdisk = "/root/initrd.img"
	cmdline = "console=hvc0 quiet $(guest_cmdline "$1")"
	on_reboot = "destroy"
	on_crash = "destroy"
	EOF
	linetime -t "$BIG_LINUX_TIMEOUT" -q "hoist-guest: run=" "$BIG_INIT" \
		hoist create -c /tmp/big-linux.cfg > "/tmp/big-hoist-$1.log" 2>&1
	_rc=$?
	hoist destroy big-linux > /dev/null 2>&1
	_ns=$(tr -d '\r' < "/tmp/big-hoist-$1.log" | sed -n 's/^linetime_ns=//p' | head -n 1)
	if [ "$_rc" -ne 0 ] || [ "${_ns:--1}" = -1 ] ||
	   ! tr -d '\r' < "/tmp/big-hoist-$1.log" | grep -q '^hoist-guest: run=.* status=0$'; then
		bench "big_wl_$1_hoist failed reason=linetime_status_$_rc"
		last_lines "/tmp/big-hoist-$1.log"
		fail "bigbench/hoist-linux-$1" "the domU did not complete workload -w $1"
		return
	fi
	bench "big_hoist_linux_init_ms=$((_ns / 1000000))"
	wl_results "$1" hoist "/tmp/big-hoist-$1.log"
	pass "bigbench/hoist-linux-$1"
}

if step 1 || step 2; then
	# shellcheck disable=SC2086 # BIG_HOIST_PARAMS is a word list
	if [ ! -f "$HOIST_KO" ] || ! insmod "$HOIST_KO" $BIG_HOIST_PARAMS; then
		bench "big_hoist skipped reason=insmod_failed"
		fail bigbench/insmod "insmod hoist.ko failed"
	else
		_used0=$(( $(hoist info hypervisor_pages) - $(hoist info hypervisor_free_pages) ))
		step 1 && hoist_create_destroy
		if step 2; then
			hoist_linux cpu
			hoist_linux mem
		fi
		sleep 1
		_used1=$(( $(hoist info hypervisor_pages) - $(hoist info hypervisor_free_pages) ))
		expect_eq bigbench/hv-pages-back "$_used1" "$_used0"
		stop_xenstored
		check bigbench/rmmod rmmod hoist
	fi
fi

# 3-5 need KVM
if (step 3 || step 4 || step 5) && ! load_kvm; then
	bench "big_kvm skipped reason=load_kvm_failed"
	fail bigbench/kvm-load "could not load the KVM modules"
	BIG_STEPS=
fi

# 3. dom0 native
if step 3; then
	for _m in cpu mem; do
		_i=0
		while [ "$_i" -lt "$BIG_RUNS" ]; do
			_i=$((_i + 1))
			# shellcheck disable=SC2046 # wl_args is a word list
			workload $(wl_args $_m) > /tmp/big-dom0.log 2>&1
			wl_results $_m dom0 /tmp/big-dom0.log
		done
	done
fi

# 4. KVM: create and destroy
if step 4; then
	for _t in $(echo "$BIG_KVM_TOUCH" | tr , ' '); do
		if _out=$(kvm-linux -x "$_t" -m "$BIG_MIB" -r "$BIG_RUNS" -t "$BIG_LINUX_TIMEOUT" 2>&1); then
			echo "$_out" | grep '^kvm_touch ' | while read -r _l; do
				bench "big_kvm_create_${_t}_us=$(field create_us "$_l")"
				bench "big_kvm_destroy_${_t}_us=$(field destroy_us "$_l")"
				bench "big_kvm_thp_${_t}_mib=$(field thp_mib "$_l")"
			done
			pass "bigbench/kvm-create-destroy-$_t"
		else
			echo "$_out" | tail -n 4 | sed 's/^/  | /'
			fail "bigbench/kvm-create-destroy-$_t" "kvm-linux -x $_t failed"
		fi
	done
fi

# 5. KVM: the Linux guest
if step 5; then
	for _m in cpu mem; do
		if kvm-linux -m "$BIG_MIB" -t "$BIG_LINUX_TIMEOUT" \
			-c "console=ttyS0 quiet panic=-1 $(guest_cmdline $_m)" \
			< /dev/null > "/tmp/big-kvm-$_m.log" 2>&1; then
			bench "big_kvm_linux_init_ms=$(sed -n 's/^kvm-linux: init after \([0-9]*\) ms$/\1/p' "/tmp/big-kvm-$_m.log")"
			wl_results $_m kvm "/tmp/big-kvm-$_m.log"
			pass "bigbench/kvm-linux-$_m"
		else
			bench "big_wl_${_m}_kvm failed reason=$(grep '^kvm-linux: ' "/tmp/big-kvm-$_m.log" | tail -n 1 | tr ' ' _)"
			last_lines "/tmp/big-kvm-$_m.log"
			fail "bigbench/kvm-linux-$_m" "the KVM guest did not complete workload -w $_m"
		fi
	done
fi

if step 3 || step 4 || step 5; then
	# shellcheck disable=SC2013 # one module file name per line
	for _k in $(sed '1!G;h;$!d' /lib/kvm/order); do
		_k=$(echo "${_k%.ko}" | tr - _)
		grep -q "^$_k " /proc/modules && rmmod "$_k"
	done
fi

# The same program and arguments compute the same digests everywhere.
for _m in cpu mem; do
	_all=$(cat /tmp/big-$_m-*.digest 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ $//')
	bench "big_wl_${_m}_digests=$(echo "$_all" | tr ' ' ,)"
	case $_all in
	'') ;;
	*' '* | error) fail "bigbench/digest-$_m" "digests: $(for _w in dom0 hoist kvm; do printf '%s: %s; ' $_w "$(digests $_m $_w)"; done)" ;;
	*) pass "bigbench/digest-$_m" ;;
	esac
done
bench done
