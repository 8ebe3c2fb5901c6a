# INIT, then STARTUP, from dom0 to a hoisted CPU while a guest runs: that
# CPU must carry on running Linux under the hypervisor (an IPI'd function
# runs on it, EFER.SVME still set).
#
# Under QEMU 7.2's TCG the INIT resets the CPU whatever the hypervisor
# does: the INIT intercept's #VMEXIT leaves the INIT pending, and QEMU
# delivers it in host mode although GIF is clear (accel/tcg/cpu-exec.c,
# cpu_handle_interrupt).  The CPU is then lost, and whatever waits for it
# hangs: the boot ends in a timeout.  Hence a boot of its own, and the
# attack fired after the module is loaded (defer=1: the loader's own IPIs
# would wait for ever), from CPU 0 only.
#
# In no matrix (docs/security.md: an open item).  Asserts: after the INIT
# and STARTUP, CPU 1 is alive under the hypervisor (EFER.SVME set), every
# CPU is still hoisted, rmmod works; no oops.

HOSTILE=$HOIST_TEST_KO_DIR/hoist_hostile.ko
hp() { cat /sys/module/hoist_hostile/parameters/$1; }

check initsipi/insmod insmod $HOIST_KO || return 1
check initsipi/guest dom-smoke -k spin
insmod $HOSTILE op=initsipi cpu=1 defer=1
taskset -p 1 $$ > /dev/null
info "INIT and STARTUP to cpu 1: a timeout from here on means INIT got through"
sh -c "echo 1 > /sys/module/hoist_hostile/parameters/fire"
expect_eq initsipi/contained "$(hp alive)/$(hp svme)" 1/1 || return 1
taskset -p 3 $$ > /dev/null
expect_eq initsipi/still-hoisted "$(hoist info cpus_hoisted)" "$(cpus_online)"
rmmod hoist_hostile
check initsipi/rmmod rmmod hoist
no_oops initsipi/no-oops
