# domains: guest domains at the ABI level, below the toolstack (dom-smoke),
# with tiny hand-assembled guests (hello, spin, badmem), then 200
# create/destroy cycles.
# Asserts: hello writes its console and blocks; spin runs and uses CPU;
# badmem, which touches memory outside its own, alone is crashed, and the
# hypervisor logs why; a running guest's memory is out of dom0's reach like
# the hypervisor's (a scan of all RAM); dom0 stays responsive beside two
# spinning guests; rmmod with guests alive works; after the cycles every
# hypervisor page and Linux's free memory (within 2 MiB) are back; no oops.

field() { echo "$2" | sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

check domains/insmod insmod $HOIST_KO || return 1
pages0=$(dom-smoke pages)
free0=$(free_kb)

out=$(dom-smoke hello)
info "hello: $out"
expect_eq domains/hello-console "$(field console "$out")" Hi
expect_eq domains/hello-blocked "$(field vcpu_state "$out")" 3

out=$(dom-smoke spin)
info "spin: $out"
# Running (2), or runnable (1) if sampled between two runs.
case "$(field vcpu_state "$out")" in 1|2) pass domains/spin-running ;; *) fail domains/spin-running "$out" ;; esac
t=$(field time_ns "$out")
[ "${t:-0}" -gt 100000000 ] && pass domains/spin-uses-cpu || fail domains/spin-uses-cpu "only $t ns in 300 ms"

out=$(dom-smoke badmem)
info "badmem: $out"
expect_eq domains/badmem-crashed "$(field flags "$out")/$(field reason "$out")" 0x8/3
case "$(hoist dmesg)" in
*"access outside its memory"*) pass domains/badmem-logged ;;
*) fail domains/badmem-logged "no crash reason in the hypervisor log" ;;
esac

# A running guest's memory is out of dom0's reach, like the hypervisor's.
dom-smoke -k -m 16384 spin > /dev/null
insmod $HOIST_TEST_KO_DIR/hoist_attack.ko
blocked=$(cat /sys/module/hoist_attack/parameters/read_blocked)
rmmod hoist_attack
hv_pages=$(( $(hoist info hypervisor_memory) * 256 ))
expect_eq domains/dom0-cannot-read-guest "$blocked" "$((hv_pages + 4096))"

# Two guests spinning at once; dom0 stays responsive meanwhile.
dom-smoke -k -m 16384 spin > /dev/null
t0=$(date +%s)
expect_eq domains/dom0-responsive "$(seq 1 2000 | awk '{ s += $1 } END { print s }')" 2001000
[ $(( $(date +%s) - t0 )) -le 5 ] && pass domains/dom0-fast-enough || fail domains/dom0-fast-enough "slow"

check domains/rmmod-with-guests rmmod hoist
check domains/insmod-again insmod $HOIST_KO
pages0=$(dom-smoke pages)

# 200 create/destroy cycles: nothing leaks, in Linux or in the hypervisor.
check domains/200-cycles dom-smoke -n 200 hello
expect_eq domains/hv-pages-exact "$(dom-smoke pages)" "$pages0"
free1=$(free_kb)
info "free memory $free0 kB before, $free1 kB after"
[ $((free0 - free1)) -lt 2048 ] && pass domains/memfree-back || fail domains/memfree-back "down by $((free0 - free1)) kB"
no_oops domains/no-oops
check domains/rmmod rmmod hoist
