// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor log.  Lines go to a ring buffer that dom0 reads with
 * HOIST_HC_LOG_READ, and optionally to a serial port for debugging a hoist
 * that never comes back.
 */
#include <hv/log.h>
#include <hv/spinlock.h>
#include <hv/string.h>

static char ring[HV_LOG_SIZE];
static u64 head;		/* total bytes ever written */
static u64 tail;		/* oldest byte still held */
static void (*serial_putc)(char c);	/* NULL: the ring only */
static struct spinlock lock;

void log_init(void (*serial)(char c))
{
	serial_putc = serial;
}

static void log_put(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ring[head % HV_LOG_SIZE] = s[i];
		head++;
		if (serial_putc) {
			if (s[i] == '\n')
				serial_putc('\r');
			serial_putc(s[i]);
		}
	}
	if (head - tail > HV_LOG_SIZE)
		tail = head - HV_LOG_SIZE;
}

void hv_log(const char *fmt, ...)
{
	static const char prefix[] = "(hoist) ";
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;

	spin_lock(&lock);
	log_put(prefix, sizeof(prefix) - 1);
	log_put(line, (size_t)n);
	if (n == 0 || line[n - 1] != '\n')
		log_put("\n", 1);
	spin_unlock(&lock);
}

size_t log_copy(size_t skip, char *dst, size_t len)
{
	size_t n = 0;

	spin_lock(&lock);
	for (u64 i = tail + skip; i < head && n < len; i++)
		dst[n++] = ring[i % HV_LOG_SIZE];
	spin_unlock(&lock);
	return n;
}

void log_clear(void)
{
	spin_lock(&lock);
	tail = head;
	spin_unlock(&lock);
}

void log_consume(size_t n)
{
	spin_lock(&lock);
	tail += MIN((u64)n, head - tail);
	spin_unlock(&lock);
}

size_t log_used(void)
{
	return (size_t)(head - tail);
}
