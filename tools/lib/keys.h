/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The keyboard side of `hoist console`: console input is not passed to
 * guests yet, so the only key that matters is the escape (Ctrl-]).  When
 * the keys come from the terminal of a foreground job, a thread reads
 * them, in raw mode so that the escape arrives without Enter, while the
 * caller blocks reading the guest's output; on the escape it flushes the
 * output, restores the terminal and ends the process with status 0, as
 * `xl console` does.  Anything else (a pipe, a file, a background job)
 * is left alone: there is no escape then, the console runs until the
 * domain is gone.
 */
#ifndef HOIST_TOOLS_KEYS_H
#define HOIST_TOOLS_KEYS_H

#include <stdio.h>

/* Starts watching fd for escape (if it is a foreground terminal); out is
 * flushed before leaving.  0 or -errno (then there is no escape key,
 * output still works). */
int keys_watch_start(int fd, unsigned char escape, FILE *out);
/* Puts the terminal back (idempotent). */
void keys_watch_stop(void);

#endif /* HOIST_TOOLS_KEYS_H */
