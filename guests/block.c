/*
 * block: a halted guest.  Blocks (SCHEDOP_block) for ever, so a test can
 * check that an idle domU costs no CPU time.  No verdict line.
 *
 * Output: blocking
 *         block: SCHEDOP_block returned E (NAME)   (once, if it ever fails)
 */
#include "guest.h"

GUEST("block");

void guest_main(const struct hvm_start_info *si)
{
	bool reported = false;

	(void)si;
	gprintf("blocking\n");
	for (;;) {
		long ret = sched_block();

		if (ret < 0 && !reported) {
			gprintf("block: SCHEDOP_block returned %ld (%s)\n", ret,
				errno_name(ret));
			reported = true;
		}
	}
}
