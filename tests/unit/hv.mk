# Unit tests of the hypervisor core's pure logic, built for the host.
# The core's headers are freestanding-clean, so they compile here too.
# hv/lib/string.c is never linked: hv/string.h declares memset & co. the
# same way libc does, so libc's serve.  hv/lib/printf.c is built under
# other names (hv_snprintf, hv_vsnprintf) so it can be compared with libc's.

HV_UNIT_CFLAGS := -I$(TOP)/hv/include -I$(TOP)/hv/arch/x86/include
HV_UNIT_PRINTF := -Dvsnprintf=hv_vsnprintf -Dsnprintf=hv_snprintf

UNIT_TESTS += test_hv_platform test_hv_paging test_hv_page_alloc test_hv_guest_walk \
              test_hv_cpuid test_hv_printf test_hv_log \
              test_hv_vlapic test_hv_evtchn test_hv_evtchn_dom0 test_hv_xen_time \
              test_hv_console_ring test_hv_npt_limbo test_hv_xcr0 \
              test_hv_grant_entry

UNIT_SRCS_test_hv_platform   := hv/arch/x86/platform.c tests/unit/test_hv_platform.c
UNIT_SRCS_test_hv_paging     := hv/paging.c tests/unit/test_hv_paging.c
UNIT_SRCS_test_hv_page_alloc := hv/page_alloc.c tests/unit/test_hv_page_alloc.c
UNIT_SRCS_test_hv_guest_walk := hv/guest_walk.c tests/unit/test_hv_guest_walk.c
UNIT_SRCS_test_hv_cpuid      := hv/arch/x86/cpuid.c tests/unit/test_hv_cpuid.c
UNIT_SRCS_test_hv_printf     := hv/lib/printf.c tests/unit/test_hv_printf.c
UNIT_SRCS_test_hv_log        := hv/log.c hv/lib/printf.c tests/unit/test_hv_log.c
UNIT_SRCS_test_hv_vlapic     := hv/arch/x86/vlapic.c tests/unit/test_hv_vlapic.c
UNIT_SRCS_test_hv_evtchn     := hv/evtchn.c tests/unit/test_hv_evtchn.c
UNIT_SRCS_test_hv_evtchn_dom0 := hv/evtchn_dom0.c hv/evtchn.c tests/unit/test_hv_evtchn_dom0.c
UNIT_SRCS_test_hv_xen_time   := hv/xen_time.c tests/unit/test_hv_xen_time.c
UNIT_SRCS_test_hv_console_ring := hv/console_ring.c tests/unit/test_hv_console_ring.c
UNIT_SRCS_test_hv_npt_limbo  := hv/npt_limbo.c tests/unit/test_hv_npt_limbo.c
UNIT_SRCS_test_hv_xcr0       := hv/arch/x86/xcr0.c tests/unit/test_hv_xcr0.c
UNIT_SRCS_test_hv_grant_entry := hv/grant_entry.c tests/unit/test_hv_grant_entry.c

UNIT_CFLAGS_test_hv_platform   := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_paging     := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_page_alloc := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_guest_walk := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_cpuid      := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_printf     := $(HV_UNIT_CFLAGS) $(HV_UNIT_PRINTF)
UNIT_CFLAGS_test_hv_log        := $(HV_UNIT_CFLAGS) $(HV_UNIT_PRINTF)
UNIT_CFLAGS_test_hv_vlapic     := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_evtchn     := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_evtchn_dom0 := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_xen_time   := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_console_ring := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_npt_limbo  := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_xcr0       := $(HV_UNIT_CFLAGS)
UNIT_CFLAGS_test_hv_grant_entry := $(HV_UNIT_CFLAGS)
