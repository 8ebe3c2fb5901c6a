# ABI headers: every include/hoist/*.h compiles on its own, with its static
# asserts, in every environment that uses it (tests/abi/check.sh says how).
# `make abi-test` runs the check alone; `make unit-test` runs it first.  One
# line per header and environment: PASS: abi/<header>-<env> or FAIL: ...
#
# Who uses which header (a new header needs a line here, or it is a FAIL):
#   types.h, hypercall.h, xen.h, layout.h  hv, the guests, the module,
#             user space
#   image.h   hv (and hv.lds.S as asm), the module, the hv unit tests (user)
#   xs_wire.h hoist-xenstored and the test guests (user, guest)
#   ioctl.h   the module and user space (it needs <linux/ioctl.h>), 32-bit
#             tools too (the module has compat_ptr_ioctl)

ABI_OUT  := $(OUT)/abi
ABI_ENVS := types.h:user,hv,guest,kernel \
            hypercall.h:user,hv,guest,kernel \
            xen.h:user,hv,guest,kernel \
            layout.h:user,hv,guest,kernel \
            xs_wire.h:user,guest \
            image.h:user,hv,kernel,asm \
            ioctl.h:user,kernel,i386

# The hypervisor's and the guests' flags as their builds use them (-I paths to
# their own headers included, which the headers under test must not need).
abi-test:
	+@TOP=$(TOP) CC=$(HV_CC) MAKE=$(MAKE) KDIR=$(KDIR) \
	  CFLAGS_HV="$(HV_CFLAGS)" CFLAGS_GUEST="$(GUEST_CFLAGS)" \
	  $(TOP)/tests/abi/check.sh $(ABI_OUT) $(ABI_ENVS)

unit-test: abi-test

.PHONY: abi-test
