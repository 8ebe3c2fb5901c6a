/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (-include) before a hypervisor file whose time must be
 * the test's: arch/x86.h is read first (so its inline rdtsc() is defined
 * and its guard set), then every later call of rdtsc() reads fake_tsc.
 */
#ifndef HV_FAKE_RDTSC_H
#define HV_FAKE_RDTSC_H

#include <arch/x86.h>

extern u64 fake_tsc;
#define rdtsc()	(fake_tsc)

#endif /* HV_FAKE_RDTSC_H */
