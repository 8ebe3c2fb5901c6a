/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A message for the user, written where a problem is found (the parser
 * knows the line, the loader knows the segment) and printed by the
 * command that called.  Functions return -errno and fill the buffer.
 */
#ifndef HOIST_TOOLS_ERR_H
#define HOIST_TOOLS_ERR_H

#define ERRBUF_MAX	512

struct errbuf {
	char msg[ERRBUF_MAX];
};

/* e->msg = printf(fmt, ...); returns ret, so `return errbuf_set(...)`. */
int errbuf_set(struct errbuf *e, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* HOIST_TOOLS_ERR_H */
