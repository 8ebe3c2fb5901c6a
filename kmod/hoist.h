/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the Hoist module. */
#ifndef HOIST_KMOD_H
#define HOIST_KMOD_H

#include <linux/cpumask.h>
#include <linux/types.h>
#include <hoist/hypercall.h>

/* CPUs currently running under the hypervisor. */
extern struct cpumask hoist_cpus;

/*
 * A hypercall from dom0's kernel: VMMCALL with Xen's register convention.
 * The caller must stay on a hoisted CPU (preemption off); on a native CPU
 * VMMCALL would raise #UD.
 */
static inline long hoist_vmmcall(unsigned long nr, unsigned long a1,
				 unsigned long a2, unsigned long a3)
{
	long ret;

	asm volatile(".byte 0x0f, 0x01, 0xd9"
		     : "=a"(ret)
		     : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
		     : "memory");
	return ret;
}

long hoist_hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		     unsigned long a3);

/* cpu.c */
int hoist_all_cpus(long (*entry)(u32 cpu));
void hoist_release_all_cpus(void);

/* dev.c */
int hoist_dev_init(void);
void hoist_dev_exit(void);

#endif /* HOIST_KMOD_H */
