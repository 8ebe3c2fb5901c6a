# Unit tests of the hypervisor core's pure logic, built for the host.
# The core's headers are freestanding-clean, so they compile here too.

HV_UNIT_CFLAGS := -I$(TOP)/hv/include -I$(TOP)/hv/arch/x86/include

UNIT_TESTS +=
