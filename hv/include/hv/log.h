/* SPDX-License-Identifier: GPL-2.0 */
/* The hypervisor log: a ring buffer dom0 reads with `hoist dmesg`. */
#ifndef HV_LOG_H
#define HV_LOG_H

#include "types.h"

#define HV_LOG_SIZE	(64 * 1024)

/* serial: where lines go too, a byte at a time (NULL: nowhere). */
void log_init(void (*serial)(char c));
void hv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Copy up to len bytes, starting skip bytes after the oldest; returns the count. */
size_t log_copy(size_t skip, char *dst, size_t len);
void log_clear(void);
/* Drop the n oldest bytes. */
void log_consume(size_t n);
size_t log_used(void);

#define pr_info(...)	hv_log(__VA_ARGS__)

#endif /* HV_LOG_H */
