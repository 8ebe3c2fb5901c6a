// SPDX-License-Identifier: GPL-2.0
/*
 * Which of dom0's port writes would reset the machine or put it to sleep
 * (see platform.h).  The ports: the chipset's reset control (0xCF9), the
 * 8042's pulse-output and write-output-port commands (bit 0 of its output
 * port is the reset line), port 0x92's fast reset, the ACPI FADT's reset
 * register, and SLP_EN in the PM1a/PM1b control registers (any sleep
 * state: S3 keeps memory powered and resumes dom0 natively, S4/S5 leave it
 * to the firmware).
 */
#include <arch/platform.h>

#define KBC_WRITE_OUTPUT	0xd1
#define KBC_PULSE_FIRST		0xf0

/* Whether [port, port + size) touches [base, base + len). */
static bool overlaps(u16 port, u32 size, u16 base, u32 len)
{
	return base && port < base + len && base < port + size;
}

bool platform_port_guarded(const struct hoist_platform *p, u16 port)
{
	return port == PORT_SYS_CTRL_A || port == PORT_KBC_CMD ||
	       port == PORT_RESET_CTRL ||
	       (p->reset_port && port == p->reset_port) ||
	       overlaps(port, 1, p->pm1a_cnt, 2) ||
	       overlaps(port, 1, p->pm1b_cnt, 2);
}

/* The byte of val written to port at, or -1 if the access misses it. */
static int byte_at(u16 port, u32 size, u32 val, u32 at)
{
	if (at < port || at >= port + size)
		return -1;
	return (int)((val >> (8 * (at - port))) & 0xff);
}

static bool sets_slp_en(u16 port, u32 size, u32 val, u16 cnt)
{
	/* SLP_EN is bit 13 of the 16-bit register: bit 5 of its second byte. */
	int hi = cnt ? byte_at(port, size, val, cnt + 1u) : -1;

	return hi >= 0 && (hi & (PM1_CNT_SLP_EN >> 8));
}

bool platform_write_safe(const struct hoist_platform *p, u16 port, u32 size,
			 u32 val)
{
	int b;

	if (overlaps(port, size, PORT_RESET_CTRL, 1) ||
	    (p->reset_port && overlaps(port, size, p->reset_port, 1)))
		return false;
	b = byte_at(port, size, val, PORT_KBC_CMD);
	if (b == KBC_WRITE_OUTPUT || b >= KBC_PULSE_FIRST)
		return false;
	b = byte_at(port, size, val, PORT_SYS_CTRL_A);
	if (b >= 0 && (b & 1))
		return false;
	return !sets_slp_en(port, size, val, p->pm1a_cnt) &&
	       !sets_slp_en(port, size, val, p->pm1b_cnt);
}
