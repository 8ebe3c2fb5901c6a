# Unit tests of the module's pure logic, built for the host: headers of
# kmod/ written to build outside the kernel (u32, u64 and bool come from
# the test).

UNIT_TESTS += test_kmod_evtchn_ports

UNIT_SRCS_test_kmod_evtchn_ports   := tests/unit/test_kmod_evtchn_ports.c
UNIT_CFLAGS_test_kmod_evtchn_ports := -I$(TOP)/kmod
