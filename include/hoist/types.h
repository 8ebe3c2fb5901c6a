/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fixed-width types for the Hoist ABI.
 *
 * The same headers are compiled by the Linux module (kernel types), by the
 * freestanding hypervisor core and by user space (both use <stdint.h>, which
 * is one of the headers a freestanding C11 implementation provides).
 */
#ifndef HOIST_TYPES_H
#define HOIST_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#endif /* HOIST_TYPES_H */
