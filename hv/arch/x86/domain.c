// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 part of a domain: its ASID, the tag that keeps its TLB entries
 * apart from dom0's (ASID 1) and other domains'.  Recycled ASIDs are
 * flushed before use: vcpu_prepare_vmrun() flushes whenever another
 * domain instance ran on the CPU last.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <arch/cpu.h>

#define ASID_FIRST_DOMU	2

static u64 asid_used;		/* bit n: ASID n belongs to a domain */

/* Under the domain table's lock, which also guards asid_used. */
int arch_domain_create(struct domain *d)
{
	u32 max = MIN(hv.asids, 64u);

	for (u32 a = ASID_FIRST_DOMU; a < max; a++)
		if (!(asid_used & BIT(a))) {
			asid_used |= BIT(a);
			d->arch.asid = a;
			for (u32 i = 0; i < d->nr_vcpus; i++)
				d->vcpus[i]->arch.vmcb->control.asid = a;
			return 0;
		}
	return -ENOSPC;
}

void arch_domain_destroy(struct domain *d)
{
	asid_used &= ~BIT(d->arch.asid);
}
