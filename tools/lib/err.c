/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Error messages built where the problem is found. */
#include <stdarg.h>
#include <stdio.h>

#include "lib/err.h"

int errbuf_set(struct errbuf *e, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return ret;
}
