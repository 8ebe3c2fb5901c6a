// SPDX-License-Identifier: GPL-2.0
/*
 * VMMCALL: hypercalls.  dom0's go to hypercall.c (Hoist's own and a few of
 * Xen's), a domU's to xen_hypercall.c (Xen's).  Number in RAX, arguments
 * in RDI, RSI, RDX, R10, R8, the result back in RAX.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <arch/exit.h>

void exit_vmmcall(struct hv_cpu *c, struct vcpu *v,
		  const struct exit_policy *p)
{
	const struct guest_regs *r = &v->arch.regs;
	u64 args[5] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8 };

	svm_advance_rip(v, INSN_LEN_VMMCALL);
	if (svm_guest_cpl(v) != 0) {
		/* User space gets an error, as from Xen; nothing else happens. */
		v->arch.vmcb->save.rax = (u64)-EPERM;
		return;
	}
	p->hypercall(c, v, v->arch.vmcb->save.rax, args);
}

void dom0_hypercall(struct hv_cpu *c, struct vcpu *v, u64 nr, const u64 *args)
{
	struct vmcb_save *s = &v->arch.vmcb->save;
	u64 t0;
	long r;

	c->stats.hypercalls++;
	if (nr == HOIST_HC_DEVIRT) {
		if (domain_allow_devirt())
			svm_leave(c, 0);
		/* A native CPU could read every guest: not while one exists. */
		if (exit_refuse(c))
			hv_log("cpu %u: DEVIRT refused: domains exist", c->id);
		s->rax = (u64)-EBUSY;
		return;
	}
	c->switched = false;
	t0 = rdtsc();
	r = hypercall_dispatch(v, nr, args);
	if (!c->switched) {	/* else the result comes when the run ends */
		u64 ns = tsc_to_ns(rdtsc() - t0);

		if (ns > c->stats.hc_max_ns) {
			c->stats.hc_max_ns = ns;
			c->stats.hc_max_nr = (u32)nr;
		}
		s->rax = (u64)r;
	}
}

void domu_hypercall(struct hv_cpu *c, struct vcpu *v, u64 nr, const u64 *args)
{
	v->arch.vmcb->save.rax = (u64)xen_hypercall(v, nr, args);
}
