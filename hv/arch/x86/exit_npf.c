// SPDX-License-Identifier: GPL-2.0
/*
 * Nested page faults: an access to guest-physical memory the guest's
 * nested tables do not map (or a write where they map read-only).  For
 * dom0 that is the hypervisor's memory or a domain's, or a write to a
 * read-only grant (the access is refused with #GP); for a domU anything
 * outside the memory it was given (the domain crashes).
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <arch/exit.h>

/*
 * The access is allowed now.  A write needs a writable entry: dom0 has
 * read-only ones (a read-only grant it maps), where retrying a write would
 * loop for ever.
 */
static bool npt_allows(const struct vcpu *v, u64 gpa, bool write)
{
	u64 flags;
	int r = v->dom ? pt_lookup(&v->dom->npt, gpa, NULL, &flags, NULL) :
			 dom0_npt_lookup(gpa, NULL, &flags);

	return !r && (!write || (flags & PTE_RW));
}

void exit_npf(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	u64 gpa = v->arch.vmcb->control.exit_info2;
	bool write = v->arch.vmcb->control.exit_info1 & NPF_WRITE;

	if (npt_allows(v, gpa, write))
		return;		/* mapped now: a stale TLB entry, retry */
	p->npf(c, v, gpa);
}

/* dom0 gets #GP at the faulting instruction, and the attempt is counted. */
void dom0_npf(struct hv_cpu *c, struct vcpu *v, u64 gpa)
{
	u64 info = v->arch.vmcb->control.exit_info1;

	c->stats.hv_access_blocked++;
	if (c->arch.npf_logged < 8 || (c->arch.npf_logged & 1023) == 0)
		hv_log("cpu %u: dom0 %s of %lx blocked (rip %lx)", c->id,
		       (info & NPF_WRITE) ? "write" :
		       (info & NPF_FETCH) ? "fetch" : "read",
		       (unsigned long)gpa, (unsigned long)v->arch.vmcb->save.rip);
	c->arch.npf_logged++;
	if (v->arch.vmcb->control.exit_int_info & SVM_EVT_VALID) {
		/* The fault hit while an event was delivered: a double fault. */
		v->arch.vmcb->control.exit_int_info = 0;
		svm_inject_exception(v, X86_EXC_DF, true, 0);
		return;
	}
	svm_inject_exception(v, X86_EXC_GP, true, 0);
}

void domu_npf(struct hv_cpu *c, struct vcpu *v, u64 gpa)
{
	hv_log("d%u v%u: access outside its memory at rip %lx", v->dom->id,
	       v->id, (unsigned long)v->arch.vmcb->save.rip);
	svm_dump_vmcb(v->arch.vmcb);	/* exit_info1 says: final GPA or table walk */
	/*
	 * The signature of QEMU's lost update of CPU 0's nested-paging flag
	 * (docs/architecture.md, "Emulator faults"): the exit holds the
	 * hypervisor's own state, nested paging still on after #VMEXIT.
	 */
	if (v->arch.vmcb->save.cr3 == hv.host_pt.root_pa)
		hv_log("d%u v%u: the exit holds the hypervisor's own state (cpu %u): an emulator fault",
		       v->dom->id, v->id, c->id);
	domain_crash(v->dom, "access to guest-physical", gpa);
}
