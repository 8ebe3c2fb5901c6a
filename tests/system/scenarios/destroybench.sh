# destroybench: destroying a large guest holds no CPU for long and stalls
# nobody (`make bench`, its own boot with 6 GiB).  A guest of
# DESTROY_GUEST_MIB (4096) MiB is built below the toolstack (dom-smoke: the
# toolstack's own limit on guest size is another issue's), then destroyed
# while a thread lists domains without pause; prints "BENCH key=value":
#   destroy_create_ms   creating and populating the guest
#   destroy_ms          the destroy, wall clock (destroy-bench)
#   destroy_hc_max_us   the longest single hypercall on any CPU meanwhile
#   destroy_hc_max_nr   ... which hypercall it was
#   list_max_us, list_p50_us, list_calls   `hoist list`'s ioctl meanwhile
# The pool is enlarged (mem_mb) for the guest's nested tables.
# Asserts: the guest is created, destroy-bench runs cleanly, every
# hypervisor page comes back, rmmod works; the timings are reported, not
# judged (docs/benchmarks.md).

MIB=${DESTROY_GUEST_MIB:-4096}
bench() { echo "BENCH $*"; }
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }

bench "info_destroy_guest_mib=$MIB"
check destroybench/insmod insmod $HOIST_KO mem_mb=64 || return 1
pages0=$(dom-smoke pages)
t0=$(ms)
out=$(dom-smoke -k -m $((MIB * 1024)) hello 2>&1)
t1=$(ms)
id=$(echo "$out" | sed -n 's/.*domid=\([0-9]*\).*/\1/p')
if [ -z "$id" ]; then
	fail destroybench/create "$out"
	rmmod hoist
	return 1
fi
pass destroybench/create
bench "destroy_create_ms=$((t1 - t0))"
lines=$(destroy-bench "$id") && pass destroybench/destroy ||
	fail destroybench/destroy "$lines"
echo "$lines"
expect_eq destroybench/hv-pages-exact "$(dom-smoke pages)" "$pages0"
check destroybench/rmmod rmmod hoist
bench done
