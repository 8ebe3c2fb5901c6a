/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ticket locks.  Host mode runs with GIF clear (no interrupts, no NMIs), so
 * a lock cannot be re-entered on the same CPU.  Tickets make it fair: a CPU
 * that releases and retakes a lock in a loop (a destroy scrubbing page by
 * page) cannot starve another CPU's short hypercall waiting for it.
 * All-zero is the unlocked state.
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/types.h>

struct spinlock {
	u32 next;	/* the ticket the next locker takes */
	u32 owner;	/* the ticket that holds the lock */
};

static inline void spin_lock(struct spinlock *l)
{
	u32 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		__asm__ __volatile__("pause");
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif /* HV_SPINLOCK_H */
