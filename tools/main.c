/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist: the Hoist toolstack.  See hoist(1). */
#include <unistd.h>

#include "hoist.h"

int main(int argc, char **argv)
{
	struct hoist_env env = {
		.dev = &hoist_dev_linux_ops,
		.host = &host_linux_ops,
		.sys = &sys_linux_ops,
		.store = &store_xs_ops,
		.out = stdout,
		.err = stderr,
		.in_fd = STDIN_FILENO,
	};

	return hoist_main(&env, argc, argv);
}
