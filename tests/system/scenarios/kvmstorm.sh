# kvmstorm: developer loop (in no matrix): the emulator fault of
# docs/architecture.md ("Emulator faults") with KVM as the hypervisor
# instead of Hoist.  Each round, KVM runs a guest on CPU 0 that makes
# KVMSTORM_CALLS VMMCALLs (each a world switch, answered in the kernel),
# while CPU 1 loads the x87 environment in a loop (fpu-load).  With
# KVMSTORM_FPU=0, CPU 1 runs a second such guest instead: the control, with
# no FPU loads.
# Asserts: every guest of every round (KVMSTORM_ROUNDS) finishes its calls.
check kvmstorm/load-kvm load_kvm
rounds=${KVMSTORM_ROUNDS:-4}
calls=${KVMSTORM_CALLS:-1000000}
i=0 bad=0
while [ $i -lt $rounds ]; do
	i=$((i + 1))
	taskset -c 0 kvm-null -n "$calls" > /tmp/ks0.out 2>&1 &
	g=$!
	if [ "${KVMSTORM_FPU:-1}" = 1 ]; then
		taskset -c 1 fpu-load 100000 > /tmp/ks1.out 2>&1 &
		f=$!
		wait $g
		kill $f 2>/dev/null
		wait $f 2>/dev/null
	else
		taskset -c 1 kvm-null -n "$calls" > /tmp/ks1.out 2>&1
		wait $g
		grep -q "kvm_null_vmmcall_tsc_per_call=" /tmp/ks1.out ||
			{ bad=$((bad + 1)); info "round $i cpu 1: $(tail -n 3 /tmp/ks1.out)"; }
	fi
	grep -q "kvm_null_vmmcall_tsc_per_call=" /tmp/ks0.out ||
		{ bad=$((bad + 1)); info "round $i cpu 0: $(tail -n 3 /tmp/ks0.out)"; }
	info "round $i: $(head -n 1 /tmp/ks0.out)"
done
expect_eq kvmstorm/all-pass "$bad" 0
dmesg | grep -iE "kvm|svm|oops|bug" | tail -n 20
