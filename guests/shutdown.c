/*
 * shutdown: ends with the reason given, so tests can check that the
 * toolstack reports it.  No verdict line: the reason is the result.
 *
 * Command line: reason=poweroff|reboot|crash|watchdog (default poweroff)
 * Output: shutdown: reason=NAME (N)
 */
#include "guest.h"

GUEST("shutdown");

static const struct {
	const char *name;
	unsigned int reason;
} reasons[] = {
	{ "poweroff", SHUTDOWN_poweroff },
	{ "reboot", SHUTDOWN_reboot },
	{ "crash", SHUTDOWN_crash },
	{ "watchdog", SHUTDOWN_watchdog },
};

void guest_main(const struct hvm_start_info *si)
{
	const char *v = cmdline_get(si, "reason");
	size_t i = 0;

	if (v) {
		for (i = 0; i < ARRAY_SIZE(reasons); i++)
			if (cmdline_is(v, reasons[i].name))
				break;
		if (i == ARRAY_SIZE(reasons))
			guest_fail("unknown reason=%.*s (poweroff|reboot|crash|watchdog)",
				   (int)cmdline_len(v), v);
	}
	gprintf("shutdown: reason=%s (%u)\n", reasons[i].name, reasons[i].reason);

	long ret = sched_shutdown(reasons[i].reason);

	guest_fail("SCHEDOP_shutdown(%s) returned %ld (%s)", reasons[i].name,
		   ret, errno_name(ret));
}
