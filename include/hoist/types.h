/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fixed-width types for the Hoist ABI, and the means to pin its layouts.
 *
 * The same headers are compiled by the Linux module (kernel types), by the
 * freestanding hypervisor core and test guests, and by user space (these use
 * <stdint.h>, which is one of the headers a freestanding C11 implementation
 * provides).  tests/abi/build.mk compiles every header on its own in each of
 * these environments (part of `make unit-test`).
 */
#ifndef HOIST_TYPES_H
#define HOIST_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

/*
 * offsetof without <stddef.h>: the kernel has its own (linux/stddef.h), the
 * freestanding builds may not include any, and all of them use GCC's builtin.
 */
#define HOIST_OFFSETOF(type, member)	__builtin_offsetof(type, member)

/*
 * The layout of a structure that crosses a boundary (hypervisor and module,
 * module and tools, hypervisor and guests) is part of the ABI: its size and
 * offsets are pinned where it is defined, and a change that moves them fails
 * to compile everywhere.  Change the numbers only together with the ABI
 * version that covers the structure.
 */
#define HOIST_ABI_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), "ABI: sizeof(" #type ")")
#define HOIST_ABI_OFFSET(type, member, off) \
	_Static_assert(HOIST_OFFSETOF(type, member) == (off), \
		       "ABI: offset of " #member " in " #type)

#endif /* HOIST_TYPES_H */
