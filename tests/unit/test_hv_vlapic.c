/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/arch/x86/vlapic.c: a domU's x2APIC, driven only through its MSRs and
 * the delivery hooks (vlapic_pending, vlapic_ack).  A domain of NR vCPUs
 * (ids 0..NR-1, all in x2APIC cluster 0) is built by hand; vCPU 0 is the
 * usual sender.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <arch/cpu.h>
#include <arch/vlapic.h>

#define NR	8

/* x2APIC registers: MSR 0x800 + index */
#define R_ID		0x02
#define R_VERSION	0x03
#define R_TPR		0x08
#define R_PPR		0x0a
#define R_EOI		0x0b
#define R_LDR		0x0d
#define R_SVR		0x0f
#define R_ISR		0x10
#define R_TMR		0x18
#define R_IRR		0x20
#define R_ESR		0x28
#define R_CMCI		0x2f
#define R_ICR		0x30
#define R_LVT_TIMER	0x32
#define R_TMICT		0x38
#define R_TMCCT		0x39
#define R_TDCR		0x3e
#define R_SELF_IPI	0x3f

/* ICR fields */
#define FIXED		(0u << 8)
#define LOWEST		(1u << 8)
#define NMI		(4u << 8)
#define INIT		(5u << 8)
#define SIPI		(6u << 8)
#define LOGICAL		(1u << 11)
#define ASSERT		(1u << 14)
#define LEVEL		(1u << 15)
#define SH_SELF		(1u << 18)
#define SH_ALL		(2u << 18)
#define SH_OTHERS	(3u << 18)
#define DEST(x)		((u64)(x) << 32)

static struct domain *dom;
static struct vcpu *vc[NR];

/* vcpu_set_sipi_entry (arch/x86/vcpu.c): recorded. */
static struct {
	unsigned int calls;
	struct vcpu *v;
	u32 vector;
} sipi;

void vcpu_set_sipi_entry(struct vcpu *v, u32 vector)
{
	sipi.calls++;
	sipi.v = v;
	sipi.vector = vector;
}

static int setup(void **state)
{
	(void)state;
	memset(&sipi, 0, sizeof(sipi));
	dom = calloc(1, sizeof(*dom));
	assert_non_null(dom);
	dom->nr_vcpus = NR;
	for (u32 i = 0; i < NR; i++) {
		vc[i] = calloc(1, sizeof(*vc[i]));
		assert_non_null(vc[i]);
		vc[i]->id = i;
		vc[i]->dom = dom;
		vc[i]->state = HOIST_VCPU_RUNNING;
		vc[i]->stop_reason = ~0u;
		vlapic_reset(vc[i]);
		dom->vcpus[i] = vc[i];
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (u32 i = 0; i < NR; i++)
		free(vc[i]);
	free(dom);
	return 0;
}

static int wr(struct vcpu *v, u32 reg, u64 val)
{
	return vlapic_msr(v, MSR_X2APIC_FIRST + reg, true, &val);
}

static u64 rd(struct vcpu *v, u32 reg)
{
	u64 val = 0xdeadbeefdeadbeefull;

	assert_int_equal(vlapic_msr(v, MSR_X2APIC_FIRST + reg, false, &val), 0);
	return val;
}

static int rd_fails(struct vcpu *v, u32 reg)
{
	u64 val = 0x1234;
	int r = vlapic_msr(v, MSR_X2APIC_FIRST + reg, false, &val);

	return r == -EPERM && val == 0x1234;
}

static bool irr(struct vcpu *v, u32 vec)
{
	return rd(v, R_IRR + vec / 32) & (1u << (vec % 32));
}

static bool isr(struct vcpu *v, u32 vec)
{
	return rd(v, R_ISR + vec / 32) & (1u << (vec % 32));
}

static bool irr_empty(struct vcpu *v)
{
	for (u32 i = 0; i < 8; i++)
		if (rd(v, R_IRR + i))
			return false;
	return true;
}

/* The vCPUs (bit mask) whose IRR holds vec. */
static u32 irr_mask(u32 vec)
{
	u32 m = 0;

	for (u32 i = 0; i < NR; i++)
		if (irr(vc[i], vec))
			m |= 1u << i;
	return m;
}

static void enable(struct vcpu *v)
{
	assert_int_equal(wr(v, R_SVR, 0x1ff), 0);
}

static void test_reset_state(void **state)
{
	struct vcpu *v = vc[5];

	(void)state;
	assert_int_equal(rd(v, R_ID), 5);
	assert_int_equal(rd(v, R_VERSION), 0x50014);
	/* Cluster 0, bit 5. */
	assert_int_equal(rd(v, R_LDR), 1u << 5);
	assert_int_equal(rd(v, R_SVR), 0xff);	/* software-disabled */
	assert_int_equal(rd(v, R_TPR), 0);
	assert_int_equal(rd(v, R_PPR), 0);
	assert_int_equal(rd(v, R_CMCI), 0x10000);
	for (u32 r = R_LVT_TIMER; r <= R_LVT_TIMER + 5; r++)
		assert_int_equal(rd(v, r), 0x10000);
	assert_true(irr_empty(v));
	for (u32 i = 0; i < 8; i++) {
		assert_int_equal(rd(v, R_ISR + i), 0);
		assert_int_equal(rd(v, R_TMR + i), 0);
	}
	assert_int_equal(vlapic_pending(v), -1);

	/* x2APIC logical ID: cluster = id >> 4, bit = id & 15. */
	v->id = 0x13;
	assert_int_equal(rd(v, R_ID), 0x13);
	assert_int_equal(rd(v, R_LDR), (1u << 16) | (1u << 3));
}

static void test_self_ipi_pending(void **state)
{
	struct vcpu *v = vc[0];

	(void)state;
	assert_int_equal(wr(v, R_SELF_IPI, 0x41), 0);
	assert_true(irr(v, 0x41));
	assert_int_equal(rd(v, R_IRR + 2), 1u << 1);
	/* Software-disabled APIC delivers nothing. */
	assert_int_equal(vlapic_pending(v), -1);
	enable(v);
	assert_int_equal(vlapic_pending(v), 0x41);
	/* The highest pending vector wins. */
	assert_int_equal(wr(v, R_SELF_IPI, 0xe3), 0);
	assert_int_equal(wr(v, R_SELF_IPI, 0x20), 0);
	assert_int_equal(vlapic_pending(v), 0xe3);
	assert_true(irr(v, 0x41) && irr(v, 0xe3) && irr(v, 0x20));
	/* Only the low 8 bits name the vector; reserved upper bits #GP. */
	assert_int_equal(wr(v, R_SELF_IPI, 0x100 | 0x55), 0);
	assert_true(irr(v, 0x55));
	assert_int_equal(wr(v, R_SELF_IPI, (1ull << 32) | 0x66), -EPERM);
	assert_false(irr(v, 0x66));
	/* Nobody else got anything, and nobody was kicked. */
	for (u32 i = 1; i < NR; i++)
		assert_true(irr_empty(vc[i]));
	assert_int_equal(dom->kick, 0);
}

static void test_low_vectors_ignored(void **state)
{
	struct vcpu *v = vc[0];

	(void)state;
	enable(v);
	for (u32 vec = 0; vec < 16; vec++) {
		assert_int_equal(wr(v, R_SELF_IPI, vec), 0);
		assert_int_equal(wr(v, R_ICR, FIXED | SH_ALL | vec), 0);
		assert_int_equal(wr(v, R_ICR, FIXED | DEST(3) | vec), 0);
	}
	for (u32 i = 0; i < NR; i++)
		assert_true(irr_empty(vc[i]));
	assert_int_equal(vlapic_pending(v), -1);
	assert_int_equal(dom->kick, 0);
	/* 16 itself is the first valid one. */
	assert_int_equal(wr(v, R_SELF_IPI, 16), 0);
	assert_int_equal(vlapic_pending(v), 16);
}

static void test_tpr_masks_class(void **state)
{
	struct vcpu *v = vc[1];

	(void)state;
	enable(v);
	assert_int_equal(wr(v, R_SELF_IPI, 0x41), 0);
	/* TPR in the vector's class (or above) masks it. */
	assert_int_equal(wr(v, R_TPR, 0x40), 0);
	assert_int_equal(rd(v, R_PPR), 0x40);
	assert_int_equal(vlapic_pending(v), -1);
	assert_int_equal(wr(v, R_TPR, 0x4f), 0);
	assert_int_equal(vlapic_pending(v), -1);
	assert_int_equal(wr(v, R_TPR, 0xf0), 0);
	assert_int_equal(vlapic_pending(v), -1);
	/* Below its class: delivered. */
	assert_int_equal(wr(v, R_TPR, 0x3f), 0);
	assert_int_equal(rd(v, R_TPR), 0x3f);
	assert_int_equal(rd(v, R_PPR), 0x3f);
	assert_int_equal(vlapic_pending(v), 0x41);
	/* A higher class gets past a TPR that blocks the lower one. */
	assert_int_equal(wr(v, R_TPR, 0x40), 0);
	assert_int_equal(wr(v, R_SELF_IPI, 0x51), 0);
	assert_int_equal(vlapic_pending(v), 0x51);
	/* TPR keeps only 8 bits. */
	assert_int_equal(wr(v, R_TPR, 0x1ff), 0);
	assert_int_equal(rd(v, R_TPR), 0xff);
	assert_int_equal(vlapic_pending(v), -1);
	assert_int_equal(wr(v, R_TPR, 0), 0);
	assert_int_equal(vlapic_pending(v), 0x51);
	/* Masking never loses the request. */
	assert_true(irr(v, 0x41) && irr(v, 0x51));
}

static void test_ack_and_eoi(void **state)
{
	struct vcpu *v = vc[2];

	(void)state;
	enable(v);
	assert_int_equal(wr(v, R_SELF_IPI, 0x41), 0);
	assert_int_equal(wr(v, R_SELF_IPI, 0x61), 0);
	assert_int_equal(vlapic_pending(v), 0x61);

	vlapic_ack(v, 0x61);
	assert_false(irr(v, 0x61));
	assert_true(isr(v, 0x61));
	assert_int_equal(rd(v, R_ISR + 3), 1u << 1);
	assert_int_equal(rd(v, R_PPR), 0x60);
	/* 0x41 is below the in-service class now. */
	assert_int_equal(vlapic_pending(v), -1);
	/* Same class as the one in service: still blocked. */
	assert_int_equal(wr(v, R_SELF_IPI, 0x6f), 0);
	assert_int_equal(vlapic_pending(v), -1);
	/* A higher class nests. */
	assert_int_equal(wr(v, R_SELF_IPI, 0x71), 0);
	assert_int_equal(vlapic_pending(v), 0x71);
	vlapic_ack(v, 0x71);
	assert_int_equal(rd(v, R_PPR), 0x70);
	assert_true(isr(v, 0x61) && isr(v, 0x71));
	/* A TPR above the ISR class sets PPR. */
	assert_int_equal(wr(v, R_TPR, 0x85), 0);
	assert_int_equal(rd(v, R_PPR), 0x85);
	assert_int_equal(wr(v, R_TPR, 0), 0);

	/* EOI retires the highest in-service vector only. */
	assert_int_equal(wr(v, R_EOI, 0), 0);
	assert_false(isr(v, 0x71));
	assert_true(isr(v, 0x61));
	assert_int_equal(rd(v, R_PPR), 0x60);
	assert_int_equal(vlapic_pending(v), -1);
	assert_int_equal(wr(v, R_EOI, 0), 0);
	assert_false(isr(v, 0x61));
	assert_int_equal(rd(v, R_PPR), 0);
	assert_int_equal(vlapic_pending(v), 0x6f);
	/* EOI with nothing in service is harmless. */
	assert_int_equal(wr(v, R_EOI, 0), 0);
	for (u32 i = 0; i < 8; i++)
		assert_int_equal(rd(v, R_ISR + i), 0);
	/* A non-zero EOI write is a #GP and retires nothing. */
	vlapic_ack(v, 0x6f);
	assert_int_equal(wr(v, R_EOI, 1), -EPERM);
	assert_true(isr(v, 0x6f));
	assert_int_equal(wr(v, R_EOI, 0), 0);
	assert_int_equal(vlapic_pending(v), 0x41);
	vlapic_ack(v, 0x41);
	assert_true(irr_empty(v));
	assert_int_equal(vlapic_pending(v), -1);
}

static void test_access_rules(void **state)
{
	struct vcpu *v = vc[3];
	u64 val;

	(void)state;
	/* Write-only registers cannot be read. */
	assert_true(rd_fails(v, R_EOI));
	assert_true(rd_fails(v, R_SELF_IPI));
	/* Read-only registers cannot be written. */
	assert_int_equal(wr(v, R_ID, 7), -EPERM);
	assert_int_equal(rd(v, R_ID), 3);
	assert_int_equal(wr(v, R_VERSION, 0), -EPERM);
	assert_int_equal(rd(v, R_VERSION), 0x50014);
	assert_int_equal(wr(v, R_LDR, 0xffff), -EPERM);
	assert_int_equal(rd(v, R_LDR), 1u << 3);
	assert_int_equal(wr(v, R_PPR, 0), -EPERM);
	assert_int_equal(wr(v, R_ISR, 0), -EPERM);
	assert_int_equal(wr(v, R_TMR, 0), -EPERM);
	assert_int_equal(wr(v, R_IRR + 2, 0x2), -EPERM);
	assert_int_equal(wr(v, R_TMCCT, 0), -EPERM);
	assert_true(irr_empty(v));
	/* Reserved registers: neither way. */
	static const u32 reserved[] = { 0x00, 0x01, 0x04, 0x09, 0x0c, 0x0e,
					0x29, 0x2e, 0x31, 0x3a, 0x3d, 0x40,
					0xff };
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++) {
		assert_true(rd_fails(v, reserved[i]));
		assert_int_equal(wr(v, reserved[i], 0), -EPERM);
	}
	/* Upper 32 bits are reserved everywhere but ICR. */
	assert_int_equal(wr(v, R_TPR, 1ull << 32), -EPERM);
	assert_int_equal(rd(v, R_TPR), 0);
	assert_int_equal(wr(v, R_SVR, 1ull << 40 | 0x1ff), -EPERM);
	assert_int_equal(rd(v, R_SVR), 0xff);
	/* ESR: writes of 0 only; reads 0. */
	assert_int_equal(wr(v, R_ESR, 0), 0);
	assert_int_equal(wr(v, R_ESR, 1), -EPERM);
	assert_int_equal(rd(v, R_ESR), 0);
	/* Plain storage registers round-trip. */
	assert_int_equal(wr(v, R_SVR, 0xffffffff), 0);
	assert_int_equal(rd(v, R_SVR), 0x11ff);
	assert_int_equal(wr(v, R_CMCI, 0x123f2), 0);
	assert_int_equal(rd(v, R_CMCI), 0x123f2);
	for (u32 r = R_LVT_TIMER; r <= R_LVT_TIMER + 5; r++) {
		assert_int_equal(wr(v, r, 0x20000 | (r - 0x10)), 0);
		assert_int_equal(rd(v, r), 0x20000 | (r - 0x10));
	}
	assert_int_equal(rd(v, R_CMCI), 0x123f2);
	assert_int_equal(wr(v, R_TMICT, 0x12345678), 0);
	assert_int_equal(rd(v, R_TMICT), 0x12345678);
	assert_int_equal(rd(v, R_TMCCT), 0);	/* never counts */
	assert_int_equal(wr(v, R_TDCR, 0xff), 0);
	assert_int_equal(rd(v, R_TDCR), 0xb);
	/* ICR is 64 bits wide and reads as idle. */
	assert_int_equal(wr(v, R_ICR, DEST(0xffff0000u) | FIXED | 0x30), 0);
	assert_int_equal(rd(v, R_ICR), 0);
	/* Reads leave the value intact on failure and set it on success. */
	val = 0x55;
	assert_int_equal(vlapic_msr(v, MSR_X2APIC_FIRST + R_ID, false, &val), 0);
	assert_int_equal(val, 3);
}

static void test_ipi_physical(void **state)
{
	struct vcpu *v = vc[0];

	(void)state;
	assert_int_equal(wr(v, R_ICR, FIXED | DEST(2) | 0x50), 0);
	assert_int_equal(irr_mask(0x50), 1u << 2);
	assert_int_equal(dom->kick, 1u << 2);
	/* The vector does not reach a vCPU whose APIC is disabled yet. */
	assert_int_equal(vlapic_pending(vc[2]), -1);
	enable(vc[2]);
	assert_int_equal(vlapic_pending(vc[2]), 0x50);
	/* An ID no vCPU has: nothing. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, FIXED | DEST(NR) | 0x51), 0);
	assert_int_equal(wr(v, R_ICR, FIXED | DEST(0x100 | 2) | 0x51), 0);
	assert_int_equal(irr_mask(0x51), 0);
	assert_int_equal(dom->kick, 0);
	/* To itself by ID: IRR, but no kick. */
	assert_int_equal(wr(v, R_ICR, FIXED | DEST(0) | 0x52), 0);
	assert_int_equal(irr_mask(0x52), 1u);
	assert_int_equal(dom->kick, 0);
	/* Physical broadcast: everyone, self included; the others kicked. */
	assert_int_equal(wr(vc[4], R_ICR, FIXED | DEST(0xffffffffu) | 0x53), 0);
	assert_int_equal(irr_mask(0x53), (1u << NR) - 1);
	assert_int_equal(dom->kick, ((1u << NR) - 1) & ~(1u << 4));
	/* Lowest priority is delivered like fixed. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, LOWEST | DEST(6) | 0x54), 0);
	assert_int_equal(irr_mask(0x54), 1u << 6);
	assert_int_equal(dom->kick, 1u << 6);
	/* NMI is not delivered through IRR. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, NMI | DEST(6) | 0x55), 0);
	assert_int_equal(irr_mask(0x55), 0);
	assert_int_equal(dom->kick, 0);
}

static void test_ipi_logical_cluster(void **state)
{
	struct vcpu *v = vc[0];
	u32 bits = (1u << 2) | (1u << 5) | (1u << 7);

	(void)state;
	/* Cluster 0, bits 2, 5, 7: exactly vCPUs 2, 5 and 7. */
	assert_int_equal(wr(v, R_ICR, LOGICAL | FIXED | DEST(bits) | 0x60), 0);
	assert_int_equal(irr_mask(0x60), bits);
	assert_int_equal(dom->kick, bits);
	/* The same bits in cluster 1 (IDs 16..31): nobody here. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, LOGICAL | FIXED | DEST(1u << 16 | 0xffff) | 0x61), 0);
	assert_int_equal(irr_mask(0x61), 0);
	assert_int_equal(dom->kick, 0);
	/* Logical bit 0 includes the sender: IRR but no kick for it. */
	assert_int_equal(wr(v, R_ICR, LOGICAL | FIXED | DEST(0x3) | 0x62), 0);
	assert_int_equal(irr_mask(0x62), 0x3);
	assert_int_equal(dom->kick, 1u << 1);
	/* The logical ID is not the physical one: DEST(3) logical is 0 and 1. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, LOGICAL | FIXED | DEST(3) | 0x63), 0);
	assert_int_equal(irr_mask(0x63), 0x3);
	/* Physical DEST(3) is vCPU 3 alone. */
	assert_int_equal(wr(v, R_ICR, FIXED | DEST(3) | 0x64), 0);
	assert_int_equal(irr_mask(0x64), 1u << 3);
	/* A cluster-16+ sender addresses its own cluster's members. */
	vc[6]->id = 0x11;	/* cluster 1, bit 1 */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, LOGICAL | FIXED | DEST(1u << 16 | 1u << 1) | 0x65), 0);
	assert_int_equal(irr_mask(0x65), 1u << 6);
	assert_int_equal(dom->kick, 1u << 0x11);
	vc[6]->id = 6;
	/* Logical broadcast (all ones) reaches everyone, as in physical mode. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, LOGICAL | FIXED | DEST(0xffffffffu) | 0x66), 0);
	assert_int_equal(irr_mask(0x66), (1u << NR) - 1);
	assert_int_equal(dom->kick, ((1u << NR) - 1) & ~1u);
}

static void test_ipi_shorthands(void **state)
{
	struct vcpu *v = vc[3];
	u32 all = (1u << NR) - 1;

	(void)state;
	/* Self: the destination field is ignored. */
	assert_int_equal(wr(v, R_ICR, SH_SELF | FIXED | DEST(5) | 0x70), 0);
	assert_int_equal(irr_mask(0x70), 1u << 3);
	assert_int_equal(dom->kick, 0);
	/* All including self. */
	assert_int_equal(wr(v, R_ICR, SH_ALL | FIXED | DEST(5) | 0x71), 0);
	assert_int_equal(irr_mask(0x71), all);
	assert_int_equal(dom->kick, all & ~(1u << 3));
	/* All excluding self. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, SH_OTHERS | FIXED | 0x72), 0);
	assert_int_equal(irr_mask(0x72), all & ~(1u << 3));
	assert_int_equal(dom->kick, all & ~(1u << 3));
	/* The shorthand wins over a logical destination too. */
	dom->kick = 0;
	assert_int_equal(wr(v, R_ICR, SH_OTHERS | LOGICAL | FIXED | DEST(1) | 0x73), 0);
	assert_int_equal(irr_mask(0x73), all & ~(1u << 3));
}

static void test_init_sipi(void **state)
{
	struct vcpu *v = vc[0], *t = vc[1];

	(void)state;
	t->state = HOIST_VCPU_OFFLINE;
	/* A SIPI without INIT does nothing. */
	assert_int_equal(wr(v, R_ICR, SIPI | DEST(1) | 0x9a), 0);
	assert_int_equal(t->state, HOIST_VCPU_OFFLINE);
	assert_int_equal(sipi.calls, 0);
	assert_int_equal(v->stop_reason, ~0u);
	/* An INIT de-assert (level, not asserted) does not arm it either. */
	assert_int_equal(wr(v, R_ICR, INIT | LEVEL | DEST(1)), 0);
	assert_int_equal(wr(v, R_ICR, SIPI | DEST(1) | 0x9a), 0);
	assert_int_equal(t->state, HOIST_VCPU_OFFLINE);
	assert_int_equal(sipi.calls, 0);

	/* INIT assert, then SIPI: it starts at vector 0x9a. */
	assert_int_equal(wr(v, R_ICR, INIT | LEVEL | ASSERT | DEST(1)), 0);
	assert_int_equal(t->state, HOIST_VCPU_OFFLINE);
	assert_int_equal(sipi.calls, 0);
	assert_int_equal(wr(v, R_ICR, INIT | LEVEL | DEST(1)), 0);
	assert_int_equal(wr(v, R_ICR, SIPI | DEST(1) | 0x9a), 0);
	assert_int_equal(t->state, HOIST_VCPU_RUNNABLE);
	assert_int_equal(sipi.calls, 1);
	assert_ptr_equal(sipi.v, t);
	assert_int_equal(sipi.vector, 0x9a);
	assert_int_equal(v->stop_reason, HOIST_RUN_VCPU_UP);
	assert_int_equal(v->vcpu_up, 1);
	/* No other vCPU was touched; a SIPI delivers no vector. */
	assert_int_equal(irr_mask(0x9a), 0);
	/* The second SIPI of the INIT-SIPI-SIPI sequence is ignored. */
	assert_int_equal(wr(v, R_ICR, SIPI | DEST(1) | 0x9a), 0);
	assert_int_equal(sipi.calls, 1);
}

static void test_init_sipi_only_offline(void **state)
{
	struct vcpu *v = vc[0];

	(void)state;
	/* vCPU 2 is running: INIT and SIPI leave it alone. */
	assert_int_equal(wr(v, R_ICR, INIT | LEVEL | ASSERT | DEST(2)), 0);
	assert_int_equal(wr(v, R_ICR, SIPI | DEST(2) | 0x10), 0);
	assert_int_equal(vc[2]->state, HOIST_VCPU_RUNNING);
	assert_int_equal(sipi.calls, 0);
	assert_int_equal(v->stop_reason, ~0u);

	/* INIT-SIPI to others: only the offline ones start. */
	vc[4]->state = HOIST_VCPU_OFFLINE;
	vc[7]->state = HOIST_VCPU_OFFLINE;
	v->stop_reason = HOIST_RUN_CONSOLE;	/* already ending for another reason */
	assert_int_equal(wr(v, R_ICR, SH_OTHERS | INIT | LEVEL | ASSERT), 0);
	assert_int_equal(wr(v, R_ICR, SH_OTHERS | SIPI | 0x20), 0);
	assert_int_equal(vc[4]->state, HOIST_VCPU_RUNNABLE);
	assert_int_equal(vc[7]->state, HOIST_VCPU_RUNNABLE);
	assert_int_equal(vc[2]->state, HOIST_VCPU_RUNNING);
	assert_int_equal(sipi.calls, 2);
	assert_int_equal(sipi.vector, 0x20);
	/* The earlier stop reason is kept. */
	assert_int_equal(v->stop_reason, HOIST_RUN_CONSOLE);

	/* INIT to self is not taken. */
	v->state = HOIST_VCPU_OFFLINE;	/* pretend */
	v->stop_reason = ~0u;
	assert_int_equal(wr(v, R_ICR, SH_SELF | INIT | LEVEL | ASSERT), 0);
	assert_int_equal(wr(v, R_ICR, SH_SELF | SIPI | 0x30), 0);
	assert_int_equal(v->state, HOIST_VCPU_OFFLINE);
	assert_int_equal(sipi.calls, 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reset_state),
		T(test_self_ipi_pending),
		T(test_low_vectors_ignored),
		T(test_tpr_masks_class),
		T(test_ack_and_eoi),
		T(test_access_rules),
		T(test_ipi_physical),
		T(test_ipi_logical_cluster),
		T(test_ipi_shorthands),
		T(test_init_sipi),
		T(test_init_sipi_only_offline),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
