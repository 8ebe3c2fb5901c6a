// SPDX-License-Identifier: GPL-2.0
/* COM1, where the log goes too when the module asks (log_serial). */
#include <arch/cpu.h>

#define COM1		0x3f8
#define COM1_LSR	(COM1 + 5)
#define LSR_THRE	0x20

void serial_putc(char c)
{
	for (int i = 0; i < 100000 && !(inb(COM1_LSR) & LSR_THRE); i++)
		cpu_relax();
	outb(COM1, (u8)c);
}
