# Instructions a domU must not get host values from (guests/insn): TSC_AUX
# through RDTSCP, RDPID and RDMSR is the vCPU's own (its id until it writes
# MSR 0xC0000103, then its value; vCPU 1 sees 1), RDPMC raises #GP, XSETBV
# refuses bad XCR0 values with #GP, INVD completes.  dom0's own TSC_AUX (Linux
# keeps its CPU number there) is the same after the guest as before.
#
# A hypervisor that leaves the guest the host's TSC_AUX (RDTSCP and RDPID
# return dom0's per-CPU value, the WRMSR is a #GP) and does not intercept
# RDPMC (QEMU's TCG then raises #UD; hardware would read a host counter)
# makes the guest FAIL (a vCPU-id check alone can pass by chance there: vCPU
# n may run on host CPU n, whose TSC_AUX Linux sets to n; the checks after
# the guest's WRMSR cannot).  QEMU's TCG checks XSETBV's rules itself, so those
# lines pass either way: they document what a guest must see.  RDPID is a
# SKIP where the emulated CPU lacks it (QEMU 7.2's -cpu max).

aux_all() { # dom0's TSC_AUX on every CPU, one "CPU=VALUE" word each
	_c=0
	while [ $_c -lt "$(cpus_online)" ]; do
		echo "$_c=$(rdmsr $_c 0xc0000103)"
		_c=$((_c + 1))
	done
}

grep -q '^msr ' /proc/modules || insmod /lib/kvm/msr.ko
aux0=$(aux_all)
check insn/insmod insmod $HOIST_KO || return 1
printf 'name = "insn"\ntype = "pvh"\nmemory = 32\nvcpus = 2\nkernel = "/guests/insn"\ncmdline = "vcpus=2"\n' > /tmp/insn.cfg
timeout 60 hoist create -c /tmp/insn.cfg > /tmp/insn.out 2>&1
grep '^insn: ' /tmp/insn.out | sed 's/^/# /'
expect_eq insn/guest-verdict "$(grep -oE 'HOIST-GUEST: (PASS|FAIL) insn' /tmp/insn.out | awk '{ print $2 }')" PASS ||
	grep 'HOIST-GUEST: FAIL' /tmp/insn.out | sed 's/^/  | /'
# The two-vCPU part ran (a guest with one vCPU would PASS without it).
grep -q '^insn: rdtscp on vcpu 1 (its id): ok' /tmp/insn.out && pass insn/vcpu1-own-tsc-aux ||
	fail insn/vcpu1-own-tsc-aux "$(grep 'rdtscp on vcpu 1' /tmp/insn.out)"
expect_eq insn/dom0-tsc-aux-kept "$(aux_all | tr '\n' ' ')" "$(echo "$aux0" | tr '\n' ' ')"
sleep 1
expect_eq insn/destroyed "$(hoist list | awk '$1 == "insn"')" ""
no_oops insn/no-oops
check insn/rmmod rmmod hoist
