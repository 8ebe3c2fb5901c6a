# cycles: HOIST_CYCLES (50) insmod/rmmod cycles in one boot.
# Asserts: every insmod and rmmod succeeds, Hoist's CPUID signature is
# there after each insmod and gone after each rmmod; free memory after the
# cycles is within 2 MiB of before (nothing leaks); no oops or warning.

n=${HOIST_CYCLES:-50}
free_before=$(free_kb)
i=0 bad=0
while [ $i -lt $n ]; do
	insmod $HOIST_KO || { bad=$((bad + 1)); info "cycle $i: insmod failed"; break; }
	[ "$(cpuid -s 0x40000000)" = HoistHoistHV ] || { bad=$((bad + 1)); info "cycle $i: no signature"; }
	rmmod hoist || { bad=$((bad + 1)); info "cycle $i: rmmod failed"; break; }
	[ "$(cpuid -s 0x40000000)" != HoistHoistHV ] || { bad=$((bad + 1)); info "cycle $i: signature left"; }
	i=$((i + 1))
done
expect_eq cycles/all-succeed "$i/$bad" "$n/0"
free_after=$(free_kb)
info "free memory $free_before kB before, $free_after kB after $n cycles"
[ $((free_before - free_after)) -lt 2048 ] && pass cycles/no-leak ||
	fail cycles/no-leak "free memory down by $((free_before - free_after)) kB"
no_oops cycles/no-warnings
