/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The terminal while `hoist console` is attached: raw input, so that
 * every key (Ctrl-C and Ctrl-] included) arrives at once and unechoed,
 * and the state it had put back on every way out: term_restore() on the
 * normal paths, at exit, and from the handlers of the signals that end
 * the process (SIGHUP, SIGINT, SIGQUIT, SIGTERM), which then exit with
 * 128 + the signal.  Output processing is left alone, so a guest's bare
 * "\n" still starts a new line.  One terminal at a time.
 */
#ifndef HOIST_TOOLS_TERM_H
#define HOIST_TOOLS_TERM_H

/*
 * Is fd the terminal of the foreground job?  Only that one is ours to
 * read: in the background reading or setting it would stop the process
 * (SIGTTIN, SIGTTOU).
 */
int term_is_foreground(int fd);

/* Saves fd's state and makes its input raw.  0 or -errno. */
int term_raw(int fd);

/* Puts the saved state back; idempotent and async-signal-safe. */
void term_restore(void);

#endif /* HOIST_TOOLS_TERM_H */
