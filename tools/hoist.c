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

static const struct hoist_opt stats_opts[] = {
	{ "-r, --reset-max", "then start each CPU's hc_max_ns afresh" },
	{ NULL, NULL },
};

static const struct hoist_opt create_opts[] = {
	{ "-c", "attach to the console after creating (Ctrl-] detaches)" },
	{ "-p", "leave the domain paused" },
	{ "-n", "dry run: check the config, print it, create nothing" },
	{ NULL, NULL },
};

static const struct hoist_opt list_opts[] = {
	{ "-l, --long", "print JSON" },
	{ NULL, NULL },
};

static const struct hoist_opt shutdown_opts[] = {
	{ "-w, --wait", "wait until the domain has shut down" },
	{ "-a, --all", "every domain but Domain-0" },
	{ "-F", "accepted as in xl; Hoist has no ACPI button to fall back to" },
	{ NULL, NULL },
};

const struct hoist_cmd hoist_cmds[] = {
	{ "create", cmd_create, "[-c] [-p] [-n] FILE [KEY=VALUE ...]",
	  "create a domain from a config file",
	  "Create a PVH domain from FILE, an xl-style config (hoist.cfg(5)).\n"
	  "Each KEY=VALUE is added as one more line of the config.  A\n"
	  "background monitor then applies on_poweroff, on_reboot and\n"
	  "on_crash when the domain shuts down.\n",
	  create_opts },
	{ "list", cmd_list, "[-l] [DOMAIN ...]",
	  "list domains",
	  "Print Domain-0 and every domain in the layout of 'xl list':\n"
	  "name, id, memory (MiB), vCPUs, state and CPU time (s).\n",
	  list_opts },
	{ "destroy", cmd_destroy, "DOMAIN",
	  "terminate a domain at once",
	  "Stop DOMAIN (a name or an id) and free its memory, scrubbed.\n",
	  NULL },
	{ "shutdown", cmd_shutdown, "[-a] [-w] [-F] DOMAIN",
	  "ask a domain to shut down",
	  "Ask DOMAIN's kernel to power off: write \"poweroff\" to its\n"
	  "xenstore node control/shutdown.  Only a guest that announced\n"
	  "control/feature-poweroff (a Linux guest with xenbus up) is\n"
	  "asked; for others use 'hoist destroy'.  on_poweroff then says\n"
	  "what happens to the domain.\n",
	  shutdown_opts },
	{ "reboot", cmd_reboot, "[-a] [-w] [-F] DOMAIN",
	  "ask a domain to reboot",
	  "Ask DOMAIN's kernel to reboot: write \"reboot\" to its xenstore\n"
	  "node control/shutdown, if it announced control/feature-reboot.\n"
	  "on_reboot (default restart) then says what happens.\n",
	  shutdown_opts },
	{ "sysrq", cmd_sysrq, "DOMAIN KEY",
	  "send a magic SysRq key to a domain",
	  "Write KEY to DOMAIN's xenstore node control/sysrq: a Linux guest\n"
	  "handles it as Alt-SysRq-KEY (s: sync, u: remount read-only, ...).\n",
	  NULL },
	{ "pause", cmd_pause, "DOMAIN",
	  "pause a domain",
	  "Stop running DOMAIN's vCPUs until 'hoist unpause'.\n",
	  NULL },
	{ "unpause", cmd_unpause, "DOMAIN",
	  "unpause a domain",
	  "Let a paused DOMAIN run again.\n",
	  NULL },
	{ "console", cmd_console, "DOMAIN",
	  "attach to a domain's console",
	  "Print DOMAIN's console output as it arrives and send what is\n"
	  "typed to the guest's console (hvc0), until the domain is gone or\n"
	  "Ctrl-] is typed.  A terminal is put in raw mode meanwhile; input\n"
	  "from a pipe or a file is sent as it comes.\n",
	  NULL },
	{ "vcpu-list", cmd_vcpu_list, "[DOMAIN ...]",
	  "list the vCPUs of domains",
	  "Print the vCPUs of every domain, or of each DOMAIN, in the\n"
	  "layout of 'xl vcpu-list'.\n",
	  NULL },
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
	{ "stats", cmd_stats, "[-r] [CPU]",
	  "show VM exits per reason per CPU",
	  "Print a table of VM exits counted by the hypervisor: one row per\n"
	  "exit reason (they add up to total), then total, hypercalls,\n"
	  "hv_access_blocked, refused and hc_max_ns, one column per CPU.\n"
	  "With CPU, only that CPU.\n",
	  stats_opts },
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

int hoist_want_help(struct hoist_env *env, const char *cmd, int argc,
		    char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (hoist_is_help(argv[i])) {
			hoist_print_cmd_help(env->out, hoist_cmd_find(cmd));
			return 1;
		}
	return 0;
}

int hoist_err_usage(struct hoist_env *env, const char *cmd, const char *what,
		    const char *arg)
{
	if (arg)
		hoist_err(env, "%s: %s '%s'; try 'hoist help %s'", cmd, what,
			  arg, cmd);
	else
		hoist_err(env, "%s: %s; try 'hoist help %s'", cmd, what, cmd);
	return HOIST_EXIT_FAIL;
}

int hoist_domain_arg(struct hoist_env *env, const char *cmd, int argc,
		     char **argv)
{
	if (argc < 2)
		return hoist_err_usage(env, cmd, "no domain given", NULL);
	if (argv[1][0] == '-')
		return hoist_err_usage(env, cmd, "unknown option", argv[1]);
	if (argc > 2)
		return hoist_err_usage(env, cmd, "unexpected argument", argv[2]);
	return 0;
}

int hoist_err_domain(struct hoist_env *env, const char *cmd, const char *q,
		     int err)
{
	/* Gone between the lookup and the request. */
	if (err == -ENOENT) {
		hoist_err(env, "Domain '%s' does not exist.", q);
		return HOIST_EXIT_FAIL;
	}
	return hoist_err_request(env, cmd, err);
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
