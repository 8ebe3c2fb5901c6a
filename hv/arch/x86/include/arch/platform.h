/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform's reset and sleep controls, as dom0 reaches them through
 * port I/O.  While a domain exists, a reset or a sleep would hand guest
 * memory, unscrubbed, to whatever runs next (firmware, dom0 resumed
 * natively, another OS), so dom0's writes that would trigger one are
 * dropped.  Pure logic: the exit handler does the I/O.
 */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

#include <hv/types.h>
#include <hoist/image.h>

#define PORT_SYS_CTRL_A		0x0092	/* bit 0: fast reset */
#define PORT_KBC_CMD		0x0064	/* 8042 command */
#define PORT_RESET_CTRL		0x0cf9	/* chipset reset control */
#define PM1_CNT_SLP_EN		BIT(13)

/* dom0's I/O to this port exits to the hypervisor. */
bool platform_port_guarded(const struct hoist_platform *p, u16 port);
/*
 * Whether dom0 writing size (1, 2, 4) bytes of val at port leaves the
 * machine running: no reset, no sleep state entered.
 */
bool platform_write_safe(const struct hoist_platform *p, u16 port, u32 size,
			 u32 val);

#endif /* ARCH_PLATFORM_H */
