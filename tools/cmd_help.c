/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist help [COMMAND], hoist version: the layout follows xl's help. */
#include <string.h>

#include "hoist.h"

/* xl's column: " %-19s %s". */
#define HELP_COL	19

void hoist_print_usage(FILE *out)
{
	unsigned i;

	fprintf(out, "Usage: hoist <command> [args]\n\nCommands:\n");
	for (i = 0; i < hoist_nr_cmds; i++)
		fprintf(out, " %-*s %s\n", HELP_COL, hoist_cmds[i].name,
			hoist_cmds[i].summary);
	fprintf(out, "\n'hoist help COMMAND' shows the usage of one "
		"command.\n");
}

void hoist_print_cmd_help(FILE *out, const struct hoist_cmd *cmd)
{
	const struct hoist_opt *opt;

	fprintf(out, "Usage: hoist %s%s%s\n\n%s\nOptions:\n", cmd->name,
		cmd->args[0] ? " " : "", cmd->args, cmd->desc);
	for (opt = cmd->opts; opt && opt->flags; opt++)
		fprintf(out, " %-*s %s\n", HELP_COL, opt->flags, opt->text);
	fprintf(out, " %-*s %s\n", HELP_COL, "-h, --help", "show this help");
}

int cmd_help(struct hoist_env *env, int argc, char **argv)
{
	const struct hoist_cmd *cmd;

	if (argc < 2) {
		hoist_print_usage(env->out);
		return HOIST_EXIT_OK;
	}
	if (argc > 2) {
		hoist_err(env, "help: too many arguments; try 'hoist help'");
		return HOIST_EXIT_FAIL;
	}
	cmd = hoist_cmd_find(hoist_is_help(argv[1]) ? "help" : argv[1]);
	if (!cmd) {
		hoist_err(env, "unknown command '%s'; try 'hoist help'",
			  argv[1]);
		return HOIST_EXIT_FAIL;
	}
	hoist_print_cmd_help(env->out, cmd);
	return HOIST_EXIT_OK;
}

int cmd_version(struct hoist_env *env, int argc, char **argv)
{
	if (argc > 1) {
		if (argc == 2 && hoist_is_help(argv[1])) {
			hoist_print_cmd_help(env->out,
					     hoist_cmd_find("version"));
			return HOIST_EXIT_OK;
		}
		hoist_err(env, "version: unexpected argument '%s'; try "
			  "'hoist help version'", argv[1]);
		return HOIST_EXIT_FAIL;
	}
	/* The tool's version is the ABI version it was built against. */
	fprintf(env->out, "hoist %d.%d%s\n", HOIST_VERSION_MAJOR,
		HOIST_VERSION_MINOR, HOIST_VERSION_EXTRA);
	return HOIST_EXIT_OK;
}
