/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's own descriptor tables: GDT, TSS, IDT (desc.c).  The
 * selectors are used by assembly too.
 */
#ifndef ARCH_DESC_H
#define ARCH_DESC_H

/* Host GDT selectors: the same as Linux's __KERNEL_CS/__KERNEL_DS. */
#define HV_CS		0x10
#define HV_DS		0x18
#define HV_TSS		0x20	/* two entries */
#define HV_GDT_ENTRIES	6

#ifndef __ASSEMBLER__

#include <hv/types.h>

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

struct hv_cpu;

void desc_init_idt(void);
void desc_init_cpu(struct hv_cpu *c);
const struct desc_ptr *desc_idtr(void);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_DESC_H */
