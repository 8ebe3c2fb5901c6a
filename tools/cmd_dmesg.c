/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist dmesg [-c]: the hypervisor log, like `xl dmesg [-c]`.  One read
 * with the largest buffer the ioctl accepts (HOIST_LOG_MAX), so the whole
 * log comes out and -c never clears lines that were not printed.
 */
#include <stdlib.h>
#include <string.h>

#include "hoist.h"

void dmesg_write(FILE *out, const char *log, size_t len)
{
	/* A C string's terminator is not part of the log. */
	while (len && log[len - 1] == '\0')
		len--;
	if (!len)
		return;
	fwrite(log, 1, len, out);
	/* Keep the shell prompt off the last line. */
	if (log[len - 1] != '\n')
		fputc('\n', out);
}

int cmd_dmesg(struct hoist_env *env, int argc, char **argv)
{
	struct hoist_dev dev;
	size_t copied;
	int clear = 0, i, ret;
	char *buf;

	for (i = 1; i < argc; i++) {
		if (hoist_is_help(argv[i])) {
			hoist_print_cmd_help(env->out, hoist_cmd_find("dmesg"));
			return HOIST_EXIT_OK;
		}
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--clear")) {
			clear = 1;
		} else {
			hoist_err(env, "dmesg: %s '%s'; try 'hoist help dmesg'",
				  argv[i][0] == '-' ? "unknown option" :
				  "unexpected argument", argv[i]);
			return HOIST_EXIT_FAIL;
		}
	}

	ret = hoist_dev_open(&dev, env->dev);
	if (ret)
		return hoist_err_open(env, ret);
	buf = malloc(HOIST_LOG_MAX);
	if (!buf) {
		hoist_dev_close(&dev);
		hoist_err(env, "dmesg: out of memory");
		return HOIST_EXIT_FAIL;
	}
	ret = hoist_dev_log_read(&dev, buf, HOIST_LOG_MAX, clear, &copied);
	hoist_dev_close(&dev);
	if (ret) {
		free(buf);
		return hoist_err_request(env, "reading the hypervisor log", ret);
	}
	dmesg_write(env->out, buf, copied);
	free(buf);
	return HOIST_EXIT_OK;
}
