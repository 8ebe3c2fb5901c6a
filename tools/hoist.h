/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The hoist command: a table of sub-commands, each in its own file, all
 * running against a struct hoist_env that says where the device, the host
 * facts and the output come from (the real ones in main.c, fakes in the
 * unit tests).
 */
#ifndef HOIST_TOOLS_HOIST_H
#define HOIST_TOOLS_HOIST_H

#include <stdio.h>

#include "lib/dev.h"
#include "lib/host.h"
#include "lib/kv.h"

/* Exit statuses, as xl uses them. */
#define HOIST_EXIT_OK		0
#define HOIST_EXIT_FAIL		1

struct hoist_env {
	const struct hoist_dev_ops *dev;
	const struct host_ops *host;
	FILE *out;
	FILE *err;
};

struct hoist_opt {
	const char *flags;	/* "-c, --clear" */
	const char *text;
};

typedef int (*hoist_cmd_fn)(struct hoist_env *env, int argc, char **argv);

struct hoist_cmd {
	const char *name;
	hoist_cmd_fn fn;
	const char *args;	/* synopsis after the name, "" if none */
	const char *summary;	/* one line for the command list */
	const char *desc;	/* paragraph(s) for `hoist help CMD` */
	const struct hoist_opt *opts;	/* NULL-terminated, or NULL */
};

extern const struct hoist_cmd hoist_cmds[];
extern const unsigned hoist_nr_cmds;

/* Entry point behind main(): argv[0] is the program name. */
int hoist_main(struct hoist_env *env, int argc, char **argv);
const struct hoist_cmd *hoist_cmd_find(const char *name);

/* "hoist: <message>\n" on env->err. */
void hoist_err(struct hoist_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message for a failed open of /dev/hoist; returns HOIST_EXIT_FAIL. */
int hoist_err_open(struct hoist_env *env, int err);
/* The message for a failed request; returns HOIST_EXIT_FAIL. */
int hoist_err_request(struct hoist_env *env, const char *what, int err);

/* Is arg "-h" or "--help"? */
int hoist_is_help(const char *arg);
/* Decimal u32 with nothing else around it.  0 or -EINVAL. */
int hoist_parse_u32(const char *s, uint32_t *val);

/* Commands (cmd_*.c). */
int cmd_help(struct hoist_env *env, int argc, char **argv);
int cmd_version(struct hoist_env *env, int argc, char **argv);
int cmd_info(struct hoist_env *env, int argc, char **argv);
int cmd_dmesg(struct hoist_env *env, int argc, char **argv);
int cmd_stats(struct hoist_env *env, int argc, char **argv);

/* Help text of one command (cmd_help.c). */
void hoist_print_usage(FILE *out);
void hoist_print_cmd_help(FILE *out, const struct hoist_cmd *cmd);

/* info (cmd_info.c): the keys in print order, and building the lines. */
struct info_key {
	const char *name;
	int hv;			/* needs the module */
};
extern const struct info_key info_keys[];
extern const unsigned info_nr_keys;
const struct info_key *info_key_find(const char *name);
/* hoist == NULL: the module is not loaded. */
void info_build(struct kv_list *list, const struct host_facts *host,
		const struct hoist_info *hoist);
void info_format_version(char *buf, size_t size, const struct hoist_info *hi);
void info_format_caps(char *buf, size_t size, const struct hoist_info *hi);
void info_format_svm_features(char *buf, size_t size, uint32_t edx);
const char *info_cc_compiler(void);

/* dmesg (cmd_dmesg.c): the log bytes as they should appear. */
void dmesg_write(FILE *out, const char *log, size_t len);

/* stats (cmd_stats.c): the table for n CPUs. */
void stats_print_table(FILE *out, const struct hoist_cpu_stats *stats,
		       size_t n);

#endif /* HOIST_TOOLS_HOIST_H */
