# piostorm: developer loop (in no matrix): two piostorm guests at a time,
# each reading an absent port PIOSTORM_READS times (one world switch per
# read), PIOSTORM_ROUNDS times: reproduces the emulator fault of
# docs/architecture.md ("Emulator faults") under multi-threaded TCG.
# Asserts: every guest passes (prints its PASS verdict).
mk() { # NAME
	printf 'name = "%s"\ntype = "pvh"\nmemory = 32\nkernel = "/guests/piostorm"\ncmdline = "reads=%s"\n' \
		"$1" "${PIOSTORM_READS:-1000000}" > /tmp/$1.cfg
}
check piostorm/insmod insmod $HOIST_KO ${PIOSTORM_INSMOD_ARGS:-} || return 1
mk pa
mk pb
rounds=${PIOSTORM_ROUNDS:-20}
i=0 bad=0
while [ $i -lt $rounds ]; do
	i=$((i + 1))
	for g in pa pb; do
		timeout 600 hoist create -c /tmp/$g.cfg > /tmp/$g.out 2>&1 &
	done
	wait
	for g in pa pb; do
		grep -q "HOIST-GUEST: PASS piostorm" /tmp/$g.out ||
			{ bad=$((bad + 1)); info "round $i $g: $(tail -n 3 /tmp/$g.out)"; hoist destroy $g 2>/dev/null; }
	done
	info "round $i: $(grep -h 'piostorm: reads' /tmp/pa.out /tmp/pb.out | tr '\n' ' ')"
done
expect_eq piostorm/all-pass "$bad" 0
hoist dmesg | grep -E "crash|triple|vmcb|outside|own state" | tail -n 40
check piostorm/rmmod rmmod hoist
