/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's own descriptor tables: GDT, TSS, IDT (desc.c).  The
 * selectors are used by assembly too.  HV_GDT_ENTRIES: arch_types.h.
 */
#ifndef ARCH_DESC_H
#define ARCH_DESC_H

/* Host GDT selectors: the same as Linux's __KERNEL_CS/__KERNEL_DS. */
#define HV_CS		0x10
#define HV_DS		0x18
#define HV_TSS		0x20	/* two entries */

#ifndef __ASSEMBLER__

#include <arch/arch_types.h>	/* struct desc_ptr, tss64 */

struct hv_cpu;

void desc_init_idt(void);
void desc_init_cpu(struct hv_cpu *c);
const struct desc_ptr *desc_idtr(void);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_DESC_H */
