# Refusals leave the system intact: one clear kernel line, an error code
# from insmod.  Which refusal is expected depends on the emulated CPU the
# matrix boots (-cpu max,-svm or max,-npt); on a full CPU: loading twice,
# and SVM in use by a running KVM guest.

reg() { cpuid "$1" | sed "s/.*$2=\(0x[0-9a-f]*\).*/\1/"; }
expect=full
[ $(( $(reg 0x8000000a edx) & 1 )) = 0 ] && expect=nonpt
[ $(( $(reg 0x80000001 ecx) >> 2 & 1 )) = 0 ] && expect=nosvm
info "emulated CPU: $expect"

refused() { # NAME ERRNO-TEXT DMESG-TEXT
	dmesg -c >/dev/null
	out=$(insmod $HOIST_KO 2>&1)
	if [ $? -eq 0 ]; then
		fail "$1" "insmod succeeded"
		rmmod hoist
		return
	fi
	case "$out" in *"$2"*) pass "$1" ;; *) fail "$1" "insmod said: $out" ;; esac
	dmesg | grep -q "hoist: $3" && pass "$1-logged" || fail "$1-logged" "no 'hoist: $3' in dmesg"
	refute "$1-unloaded" "module stayed" grep -q '^hoist ' /proc/modules
}

case "$expect" in
nosvm)
	refused refuse/no-svm "No such device" "the CPU has no AMD SVM"
	;;
nonpt)
	refused refuse/no-npt "Operation not supported" "the CPU has no nested paging"
	;;
*)
	# Twice: the second load fails, the first keeps working.
	check refuse/first-load insmod $HOIST_KO || return 1
	refute refuse/twice "second insmod succeeded" insmod $HOIST_KO
	expect_eq refuse/twice-first-intact "$(hoist info cpus_hoisted)" "$(cpus_online)"
	check refuse/rmmod rmmod hoist

	# A KVM guest running: SVM is in use, Hoist must not take it.
	load_kvm || { fail refuse/kvm-load "cannot load kvm"; return 1; }
	kvm-null --spin 60 >/dev/null 2>&1 &
	kpid=$!
	sleep 3
	refused refuse/kvm-busy "Device or resource busy" "SVM is in use by another hypervisor"
	kill $kpid 2>/dev/null
	wait $kpid 2>/dev/null
	# Idle kvm_amd: Hoist loads; KVM cannot start a guest but fails cleanly.
	check refuse/kvm-idle-hoist insmod $HOIST_KO
	refute refuse/kvm-guest-refused "a KVM guest ran while hoisted" kvm-null -n 10
	check refuse/kvm-idle-rmmod rmmod hoist
	# Not re-checked here that KVM works again natively: each VM creation and
	# teardown patches kernel text (static keys), and after a few of those
	# QEMU 7.2's TCG has been seen to hang the machine, Hoist loaded or not.
	no_oops refuse/no-oops
	;;
esac
