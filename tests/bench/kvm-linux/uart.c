/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A 16550A UART as Linux's 8250 driver probes and drives it (drivers/tty/
 * serial/8250/8250_port.c autoconfig, serial8250_do_startup): transmission
 * is instantaneous, so THR is always empty and LSR always says THRE|TEMT.
 *
 * Interrupts: the line is the OR of "receive data available" and "THR
 * empty" (each gated by its IER bit), recomputed after every access and
 * given to the in-kernel PIC/IOAPIC with KVM_IRQ_LINE.  The THR-empty
 * condition follows the 16550: raised when THRI is enabled or a byte is
 * written, cleared by an IIR read that reports it.  IRQ 4 is edge-triggered
 * on the PIC; Linux's handler reads IIR until it says "no interrupt", which
 * lowers the line, so every new condition is a new edge.
 */
#define _GNU_SOURCE
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm-linux.h"

/* Register offsets and bits (include/uapi/linux/serial_reg.h). */
enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define IER_RDI		0x01
#define IER_THRI	0x02
#define IIR_NO_INT	0x01
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_FIFO	0xc0	/* FIFOs enabled: a 16550A */
#define FCR_ENABLE	0x01
#define FCR_CLEAR_RCVR	0x02
#define LCR_DLAB	0x80
#define MCR_LOOP	0x10
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_DCD		0x80

void uart_init(struct uart *u, int vm_fd, void (*out)(void *, uint8_t),
	       void *ctx)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	u->vm_fd = vm_fd;
	u->out = out;
	u->ctx = ctx;
	u->mcr = 0x08;		/* OUT2, as after the BIOS */
}

static uint8_t iir(const struct uart *u)
{
	uint8_t fifo = (u->fcr & FCR_ENABLE) ? IIR_FIFO : 0;

	if ((u->ier & IER_RDI) && u->rx_len)
		return fifo | IIR_RDI;
	if ((u->ier & IER_THRI) && u->thre_pending)
		return fifo | IIR_THRI;
	return fifo | IIR_NO_INT;
}

static void update_irq(struct uart *u)
{
	struct kvm_irq_level irq = { .irq = UART_IRQ };
	int level = !(iir(u) & IIR_NO_INT);

	if (level == u->irq_level)
		return;
	irq.level = (uint32_t)level;
	/* A failure would only stall the guest's tty: nothing to report it to. */
	if (ioctl(u->vm_fd, KVM_IRQ_LINE, &irq) == 0)
		u->irq_level = level;
}

static void rx_push(struct uart *u, uint8_t c)
{
	if (u->rx_len < sizeof(u->rx)) {
		u->rx[(u->rx_head + u->rx_len) % sizeof(u->rx)] = c;
		u->rx_len++;
	}
}

static uint8_t rx_pop(struct uart *u)
{
	uint8_t c;

	if (!u->rx_len)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % sizeof(u->rx);
	u->rx_len--;
	return c;
}

/* MSR in loopback mode: OUT2, OUT1, RTS, DTR read back as DCD, RI, CTS, DSR. */
static uint8_t msr(const struct uart *u)
{
	if (!(u->mcr & MCR_LOOP))
		return MSR_DCD | MSR_DSR | MSR_CTS;
	return (uint8_t)(((u->mcr & 0x08) << 4) | ((u->mcr & 0x04) << 4) |
			 ((u->mcr & 0x02) << 3) | ((u->mcr & 0x01) << 5));
}

static void uart_write(struct uart *u, unsigned int off, uint8_t v)
{
	int dlab = u->lcr & LCR_DLAB;

	switch (off) {
	case RBR_THR:
		if (dlab) {
			u->dll = v;
		} else {
			if (u->mcr & MCR_LOOP)
				rx_push(u, v);
			else
				u->out(u->ctx, v);
			u->thre_pending = 1;
		}
		break;
	case IER:
		if (dlab) {
			u->dlm = v;
		} else {
			if ((v & IER_THRI) && !(u->ier & IER_THRI))
				u->thre_pending = 1;
			u->ier = v & 0x0f;
		}
		break;
	case IIR_FCR:
		if (v & FCR_CLEAR_RCVR)
			u->rx_len = 0;
		u->fcr = v & 0xc9;
		break;
	case LCR:
		u->lcr = v;
		break;
	case MCR:
		u->mcr = v & 0x1f;
		break;
	case SCR:
		u->scr = v;
		break;
	}
}

static uint8_t uart_read(struct uart *u, unsigned int off)
{
	int dlab = u->lcr & LCR_DLAB;
	uint8_t v = 0;

	switch (off) {
	case RBR_THR:
		v = dlab ? u->dll : rx_pop(u);
		break;
	case IER:
		v = dlab ? u->dlm : u->ier;
		break;
	case IIR_FCR:
		v = iir(u);
		if ((v & 0x0f) == IIR_THRI)
			u->thre_pending = 0;
		break;
	case LCR:
		v = u->lcr;
		break;
	case MCR:
		v = u->mcr;
		break;
	case LSR:
		v = LSR_THRE | LSR_TEMT | (u->rx_len ? LSR_DR : 0);
		break;
	case MSR:
		v = msr(u);
		break;
	case SCR:
		v = u->scr;
		break;
	}
	return v;
}

void uart_io(struct uart *u, unsigned int off, int is_write, uint8_t *data)
{
	pthread_mutex_lock(&u->lock);
	if (is_write)
		uart_write(u, off, *data);
	else
		*data = uart_read(u, off);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

void uart_input(struct uart *u, const uint8_t *buf, size_t len)
{
	size_t i;

	pthread_mutex_lock(&u->lock);
	for (i = 0; i < len; i++)
		rx_push(u, buf[i]);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}
