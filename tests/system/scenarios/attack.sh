# attack: dom0 reads and writes every page of RAM by physical address,
# through the direct map and through a vmap alias (test module
# hoist_attack): once natively, for what the firmware already hides, then
# hoisted.
# Asserts: hoisted, exactly the hypervisor's pages (and those unreadable
# natively) are out of reach, for reads, writes and the alias alike; the
# hypervisor counts every blocked attempt (hv_access_blocked), logs them
# and keeps every CPU hoisted; no oops; after rmmod the scan sees exactly
# what it saw natively.

param() { cat /sys/module/hoist_attack/parameters/$1; }
ATTACK=$HOIST_TEST_KO_DIR/hoist_attack.ko

check attack/native-scan insmod $ATTACK || return 1
native_blocked=$(param read_blocked)
rmmod hoist_attack
info "native scan: $native_blocked pages unreadable"

check attack/insmod insmod $HOIST_KO || return 1
hv_pages=$(( $(hoist info hypervisor_memory) * 256 ))
blocked0=$(hoist info hv_access_blocked)

check attack/hoisted-scan insmod $ATTACK || return 1
rd=$(( $(param read_blocked) - native_blocked ))
wr=$(param write_blocked)
al=$(param alias_blocked)
info "hoisted: $(param pages) pages, $rd unreadable (pfn $(param first_blocked_pfn)-$(param last_blocked_pfn)), $wr unwritable, $al unreadable by alias"
rmmod hoist_attack
expect_eq attack/reads-blocked "$rd" "$hv_pages"
expect_eq attack/writes-blocked "$wr" "$((hv_pages + native_blocked))"
expect_eq attack/alias-blocked "$al" "$((hv_pages + native_blocked))"
blocked1=$(hoist info hv_access_blocked)
expect_eq attack/attempts-counted "$((blocked1 - blocked0))" "$((3 * hv_pages))"

# The hypervisor is intact: it answers, its log and counters are consistent.
expect_eq attack/hv-alive "$(hoist info cpus_hoisted)" "$(cpus_online)"
case "$(hoist dmesg)" in
*"blocked"*) pass attack/logged ;;
*) fail attack/logged "no blocked access in the hypervisor log" ;;
esac
no_oops attack/no-oops

check attack/rmmod rmmod hoist
check attack/native-again insmod $ATTACK
expect_eq attack/memory-returned "$(param read_blocked)" "$native_blocked"
rmmod hoist_attack
