/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The command table and the dispatch in front of it, kvmtool style.
 * Behaviour follows xl: no command prints the usage and fails, an unknown
 * command fails, every error is one line on stderr and exit status 1.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "hoist.h"

static const struct hoist_opt dmesg_opts[] = {
	{ "-c, --clear", "clear the log after reading it" },
	{ NULL, NULL },
};

const struct hoist_cmd hoist_cmds[] = {
	{ "info", cmd_info, "[KEY]",
	  "show host and hypervisor information",
	  "Print facts about the host and, when the hoist module is loaded,\n"
	  "the hypervisor: one \"key : value\" line each, keys padded to 23\n"
	  "columns as in 'xl info'.  With KEY, print only its value.\n",
	  NULL },
	{ "dmesg", cmd_dmesg, "[-c]",
	  "print the hypervisor log",
	  "Print the hypervisor's log buffer.\n",
	  dmesg_opts },
	{ "stats", cmd_stats, "[CPU]",
	  "show VM exits per reason per CPU",
	  "Print a table of VM exits counted by the hypervisor: one row per\n"
	  "exit reason, then total, hypercalls and hv_access_blocked, one\n"
	  "column per CPU.  With CPU, only that CPU.\n",
	  NULL },
	{ "help", cmd_help, "[COMMAND]",
	  "show help for hoist or one command",
	  "Print the list of commands, or the usage of COMMAND.\n",
	  NULL },
	{ "version", cmd_version, "",
	  "print the version of hoist",
	  "Print the version of the hoist tool (also 'hoist --version').\n",
	  NULL },
};

const unsigned hoist_nr_cmds = sizeof(hoist_cmds) / sizeof(hoist_cmds[0]);

const struct hoist_cmd *hoist_cmd_find(const char *name)
{
	unsigned i;

	for (i = 0; i < hoist_nr_cmds; i++)
		if (!strcmp(hoist_cmds[i].name, name))
			return &hoist_cmds[i];
	return NULL;
}

void hoist_err(struct hoist_env *env, const char *fmt, ...)
{
	va_list ap;

	fputs("hoist: ", env->err);
	va_start(ap, fmt);
	vfprintf(env->err, fmt, ap);
	va_end(ap);
	fputc('\n', env->err);
}

int hoist_err_open(struct hoist_env *env, int err)
{
	if (hoist_dev_not_loaded(err))
		hoist_err(env, "%s not found: the hoist module is not loaded "
			  "(insmod hoist.ko)", HOIST_DEVICE);
	else if (err == -EACCES || err == -EPERM)
		hoist_err(env, "permission denied opening %s: run as root",
			  HOIST_DEVICE);
	else
		hoist_err(env, "cannot open %s: %s", HOIST_DEVICE,
			  strerror(-err));
	return HOIST_EXIT_FAIL;
}

int hoist_err_request(struct hoist_env *env, const char *what, int err)
{
	if (err == -EACCES || err == -EPERM)
		hoist_err(env, "%s: permission denied: run as root", what);
	else if (err == -EIO)
		hoist_err(env, "%s: %s (bad reply from %s?)", what,
			  strerror(-err), HOIST_DEVICE);
	else
		hoist_err(env, "%s: %s", what, strerror(-err));
	return HOIST_EXIT_FAIL;
}

int hoist_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int hoist_parse_u32(const char *s, uint32_t *val)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	*val = (uint32_t)v;
	return 0;
}

static int finish_output(struct hoist_env *env, int ret)
{
	/* A full disk or a closed pipe must not look like success. */
	if (fflush(env->out)) {
		hoist_err(env, "error writing output: %s", strerror(errno));
		return HOIST_EXIT_FAIL;
	}
	if (ferror(env->out)) {
		hoist_err(env, "error writing output");
		return HOIST_EXIT_FAIL;
	}
	return ret;
}

int hoist_main(struct hoist_env *env, int argc, char **argv)
{
	const struct hoist_cmd *cmd;
	const char *name;

	if (argc < 2) {
		/* Like xl: the usage on stdout, and a failure. */
		hoist_print_usage(env->out);
		return finish_output(env, HOIST_EXIT_FAIL);
	}
	name = argv[1];
	if (hoist_is_help(name))
		name = "help";
	else if (!strcmp(name, "--version"))
		name = "version";
	else if (name[0] == '-') {
		hoist_err(env, "unknown option '%s'; try 'hoist help'", name);
		return HOIST_EXIT_FAIL;
	}
	cmd = hoist_cmd_find(name);
	if (!cmd) {
		hoist_err(env, "unknown command '%s'; try 'hoist help'", name);
		return HOIST_EXIT_FAIL;
	}
	return finish_output(env, cmd->fn(env, argc - 1, argv + 1));
}
