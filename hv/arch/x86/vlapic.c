// SPDX-License-Identifier: GPL-2.0
/* A domU's x2APIC (see vlapic.h). */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <arch/cpu.h>
#include <arch/vlapic.h>

/* x2APIC registers: MSR 0x800 + (xAPIC offset >> 4) */
#define APIC_ID		0x02
#define APIC_VERSION	0x03
#define APIC_TPR	0x08
#define APIC_PPR	0x0a
#define APIC_EOI	0x0b
#define APIC_LDR	0x0d
#define APIC_SVR	0x0f
#define APIC_ISR	0x10	/* .. 0x17 */
#define APIC_TMR	0x18	/* .. 0x1f */
#define APIC_IRR	0x20	/* .. 0x27 */
#define APIC_ESR	0x28
#define APIC_LVT_CMCI	0x2f
#define APIC_ICR	0x30
#define APIC_LVT_TIMER	0x32	/* .. 0x37: timer, thermal, PMC, LINT0, LINT1, error */
#define APIC_TMICT	0x38
#define APIC_TMCCT	0x39
#define APIC_TDCR	0x3e
#define APIC_SELF_IPI	0x3f

/* Version 0x14 (integrated), 6 LVT entries, as QEMU and Xen show it. */
#define APIC_VERSION_VALUE	0x50014
#define APIC_SVR_ENABLE		BIT(8)
#define LVT_MASKED		BIT(16)

#define ICR_VECTOR(icr)		((u32)(icr) & 0xff)
#define ICR_MODE(icr)		(((u32)(icr) >> 8) & 7)
#define ICR_LOGICAL		BIT(11)
#define ICR_LEVEL_ASSERT	BIT(14)
#define ICR_SHORTHAND(icr)	(((u32)(icr) >> 18) & 3)
#define ICR_DEST(icr)		((u32)((icr) >> 32))
#define MODE_FIXED		0
#define MODE_LOWEST		1
#define MODE_NMI		4
#define MODE_INIT		5
#define MODE_SIPI		6
#define SH_NONE			0
#define SH_SELF			1
#define SH_ALL			2
#define SH_OTHERS		3

void vlapic_reset(struct vcpu *v)
{
	struct vlapic *l = &v->arch.lapic;

	memset(l, 0, sizeof(*l));
	l->svr = 0xff;
	for (int i = 0; i < VLAPIC_LVT_NR; i++)
		l->lvt[i] = LVT_MASKED;
}

static u32 ldr(u32 id)
{
	return ((id >> 4) << 16) | (1u << (id & 15));
}

static int highest(const u32 *bits)
{
	for (int i = 7; i >= 0; i--) {
		u32 w = READ_ONCE(bits[i]);

		if (w)
			return i * 32 + 31 - __builtin_clz(w);
	}
	return -1;
}

static u32 ppr(const struct vlapic *l)
{
	int isr = highest(l->isr);
	u32 isrv = isr < 0 ? 0 : (u32)isr & 0xf0;

	return (l->tpr & 0xf0) >= isrv ? l->tpr & 0xff : isrv;
}

int vlapic_pending(const struct vcpu *v)
{
	const struct vlapic *l = &v->arch.lapic;
	int vec = highest(l->irr);

	if (vec < 0 || !(l->svr & APIC_SVR_ENABLE))
		return -1;
	return ((u32)vec & 0xf0) > (ppr(l) & 0xf0) ? vec : -1;
}

void vlapic_ack(struct vcpu *v, int vec)
{
	struct vlapic *l = &v->arch.lapic;

	__atomic_fetch_and(&l->irr[vec / 32], ~(1u << (vec % 32)),
			   __ATOMIC_SEQ_CST);
	l->isr[vec / 32] |= 1u << (vec % 32);
}

static void set_irr(struct vcpu *t, u32 vec)
{
	__atomic_fetch_or(&t->arch.lapic.irr[vec / 32], 1u << (vec % 32),
			  __ATOMIC_SEQ_CST);
}

static bool matches(const struct vcpu *t, u64 icr)
{
	u32 dest = ICR_DEST(icr);

	/* All ones is a broadcast in logical as in physical mode (SDM 10.12.9). */
	if (dest == 0xffffffffu)
		return true;
	if (icr & ICR_LOGICAL)
		return (dest >> 16) == (ldr(t->id) >> 16) &&
		       (dest & ldr(t->id) & 0xffff);
	return dest == t->id;
}

/* INIT parks an offline vCPU until a SIPI starts it in real mode. */
static void deliver_init_sipi(struct vcpu *v, struct vcpu *t, u64 icr)
{
	struct domain *d = v->dom;

	spin_lock(&d->lock);
	if (ICR_MODE(icr) == MODE_INIT) {
		if ((icr & ICR_LEVEL_ASSERT) && t->state == HOIST_VCPU_OFFLINE)
			t->arch.lapic.wait_sipi = true;
	} else if (t->arch.lapic.wait_sipi && t->state == HOIST_VCPU_OFFLINE) {
		t->arch.lapic.wait_sipi = false;
		vcpu_set_sipi_entry(t, ICR_VECTOR(icr));
		t->state = HOIST_VCPU_RUNNABLE;
		if (v->stop_reason == VCPU_STOP_NONE) {
			v->stop_reason = HOIST_RUN_VCPU_UP;
			v->vcpu_up = t->id;
		}
	}
	spin_unlock(&d->lock);
}

static void send_ipi(struct vcpu *v, u64 icr)
{
	struct domain *d = v->dom;
	u32 sh = ICR_SHORTHAND(icr), mode = ICR_MODE(icr);

	for (u32 i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *t = d->vcpus[i];

		if (sh == SH_SELF ? t != v : sh == SH_OTHERS ? t == v :
		    sh == SH_NONE ? !matches(t, icr) : false)
			continue;
		switch (mode) {
		case MODE_FIXED:
		case MODE_LOWEST:
			if (ICR_VECTOR(icr) < 16)
				break;
			set_irr(t, ICR_VECTOR(icr));
			if (t != v)
				vcpu_kick(t);
			break;
		case MODE_INIT:
		case MODE_SIPI:
			if (t != v)
				deliver_init_sipi(v, t, icr);
			break;
		default:	/* NMI, SMI: not delivered (see docs) */
			break;
		}
	}
}

static int read_reg(struct vcpu *v, u32 reg, u64 *val)
{
	struct vlapic *l = &v->arch.lapic;

	switch (reg) {
	case APIC_ID:
		*val = v->id;
		return 0;
	case APIC_VERSION:
		*val = APIC_VERSION_VALUE;
		return 0;
	case APIC_TPR:
		*val = l->tpr;
		return 0;
	case APIC_PPR:
		*val = ppr(l);
		return 0;
	case APIC_LDR:
		*val = ldr(v->id);
		return 0;
	case APIC_SVR:
		*val = l->svr;
		return 0;
	case APIC_ESR:
	case APIC_TMCCT:
		*val = 0;
		return 0;
	case APIC_LVT_CMCI:
		*val = l->lvt[0];
		return 0;
	case APIC_ICR:
		*val = 0;	/* never busy */
		return 0;
	case APIC_TMICT:
		*val = l->tmict;
		return 0;
	case APIC_TDCR:
		*val = l->tdcr;
		return 0;
	}
	if (reg >= APIC_ISR && reg < APIC_ISR + 8) {
		*val = l->isr[reg - APIC_ISR];
		return 0;
	}
	if (reg >= APIC_TMR && reg < APIC_TMR + 8) {
		*val = 0;	/* every vector is edge-triggered */
		return 0;
	}
	if (reg >= APIC_IRR && reg < APIC_IRR + 8) {
		*val = READ_ONCE(l->irr[reg - APIC_IRR]);
		return 0;
	}
	if (reg >= APIC_LVT_TIMER && reg <= APIC_LVT_TIMER + 5) {
		*val = l->lvt[1 + reg - APIC_LVT_TIMER];
		return 0;
	}
	return -EPERM;
}

static int write_reg(struct vcpu *v, u32 reg, u64 val)
{
	struct vlapic *l = &v->arch.lapic;
	int isr;

	/* Only ICR is 64 bits wide; the rest #GP on reserved upper bits. */
	if (reg != APIC_ICR && (val >> 32))
		return -EPERM;
	switch (reg) {
	case APIC_TPR:
		l->tpr = val & 0xff;
		return 0;
	case APIC_EOI:
		if (val)
			return -EPERM;
		isr = highest(l->isr);
		if (isr >= 0)
			l->isr[isr / 32] &= ~(1u << (isr % 32));
		return 0;
	case APIC_SVR:
		l->svr = val & 0x11ff;
		return 0;
	case APIC_ESR:
		return val ? -EPERM : 0;
	case APIC_LVT_CMCI:
		l->lvt[0] = (u32)val;
		return 0;
	case APIC_ICR:
		send_ipi(v, val);
		return 0;
	case APIC_TMICT:
		l->tmict = (u32)val;
		return 0;
	case APIC_TDCR:
		l->tdcr = val & 0xb;
		return 0;
	case APIC_SELF_IPI:
		if ((val & 0xff) < 16)
			return 0;
		set_irr(v, val & 0xff);
		return 0;
	}
	if (reg >= APIC_LVT_TIMER && reg <= APIC_LVT_TIMER + 5) {
		l->lvt[1 + reg - APIC_LVT_TIMER] = (u32)val;
		return 0;
	}
	return -EPERM;	/* read-only or reserved */
}

int vlapic_msr(struct vcpu *v, u32 msr, bool write, u64 *val)
{
	u32 reg = msr - MSR_X2APIC_FIRST;

	if (write)
		return write_reg(v, reg, *val);
	if (reg == APIC_EOI || reg == APIC_SELF_IPI)
		return -EPERM;	/* write-only */
	return read_reg(v, reg, val);
}
