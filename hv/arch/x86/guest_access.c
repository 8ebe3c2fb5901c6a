// SPDX-License-Identifier: GPL-2.0
/* Guest memory access for hypercalls (see guest_access.h). */
#include <hv/guest_access.h>
#include <hv/guest_walk.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/string.h>
#include <arch/cpu.h>

/* Guest physical to host physical: the guest's nested tables decide. */
static int gpa_to_hpa(const struct vcpu *v, u64 gpa, bool write, u64 *hpa)
{
	u64 flags;

	if (v->dom ? pt_lookup(&v->dom->npt, gpa, hpa, &flags, NULL) :
		     dom0_npt_lookup(gpa, hpa, &flags))
		return -EFAULT;
	if (write && !(flags & PTE_RW))
		return -EFAULT;
	return 0;
}

static int read_table(void *ctx, u64 gpa, u64 *val)
{
	u64 hpa;

	if (gpa & 7 || gpa_to_hpa(ctx, gpa, false, &hpa))
		return -EFAULT;
	*val = *(const volatile u64 *)phys_to_virt(hpa);
	return 0;
}

static void walker_for(struct vcpu *v, struct guest_walk *w)
{
	const struct vmcb_save *s = &v->arch.vmcb->save;

	w->cr3 = s->cr3;
	if (!(s->cr0 & X86_CR0_PG))
		w->levels = 0;
	else if (!(s->efer & EFER_LMA))
		w->levels = 1;	/* legacy paging: refused by guest_walk */
	else
		w->levels = (s->cr4 & X86_CR4_LA57) ? 5 : 4;
	w->read_gpa = read_table;
	w->ctx = v;
}

static int copy_guest(struct vcpu *v, u64 gva, void *buf, size_t len,
		      bool to_guest)
{
	struct guest_walk w;

	walker_for(v, &w);
	while (len) {
		size_t n = MIN(len, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
		u64 gpa, hpa;
		void *p;

		if (guest_walk(&w, gva, to_guest, &gpa) ||
		    gpa_to_hpa(v, gpa, to_guest, &hpa))
			return -EFAULT;
		p = phys_to_virt(hpa);
		if (to_guest)
			memcpy(p, buf, n);
		else
			memcpy(buf, p, n);
		gva += n;
		buf = (u8 *)buf + n;
		len -= n;
	}
	return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, u64 gva, size_t len)
{
	return copy_guest(v, gva, dst, len, false);
}

int copy_to_guest(struct vcpu *v, u64 gva, const void *src, size_t len)
{
	return copy_guest(v, gva, (void *)src, len, true);
}
