/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A fake /dev/hoist and a fake host for the hoist tool's unit tests.
 * The fake device checks each request the way ioctl.h says the module
 * does (pads zero, lengths in range, known CPU) and answers from the
 * state below; the fake host answers uname and file reads from strings.
 */
#ifndef TEST_TOOLS_FAKE_H
#define TEST_TOOLS_FAKE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/utsname.h>

#include "hoist.h"

#define FAKE_MAX_CPUS	8

struct fake_dev {
	int open_err;			/* -errno from open, 0: opens */
	int info_err;			/* -errno from HOIST_IOC_INFO */
	struct hoist_info info;
	int log_err;
	const char *log;		/* log contents */
	size_t log_len;
	int log_overclaim;		/* reply copied = len + 1 */
	int stats_err;			/* -errno from every CPU_STATS */
	uint32_t stats_cpus;		/* CPUs below this have stats */
	struct hoist_cpu_stats stats[FAKE_MAX_CPUS];
	/* What the tool did. */
	int opens, closes;
	int bad_request;		/* a request broke the ABI rules */
	uint64_t log_len_seen;
	uint32_t log_clear_seen;
	int log_reads, stats_reads, info_reads;
};

struct fake_host {
	int uname_err;
	struct utsname uts;
	const char *meminfo;		/* NULL: -ENOENT */
	const char *present;		/* NULL: -ENOENT */
};

extern struct fake_dev fake_dev;
extern struct fake_host fake_host;
extern const struct hoist_dev_ops fake_dev_ops;
extern const struct host_ops fake_host_ops;

/* A realistic hoisted 2-CPU machine (module loaded). */
void fake_reset(void);
/* cmocka setup hook calling fake_reset(). */
int fake_setup(void **state);

struct fake_run {
	int ret;
	char *out;			/* NUL-terminated */
	size_t out_len;
	char *err;
	size_t err_len;
};

/* Runs hoist_main("hoist", args..., NULL) against the fakes. */
void fake_run(struct fake_run *run, ...);
void fake_run_free(struct fake_run *run);

/* The sample /proc/meminfo used by fake_reset(). */
extern const char fake_meminfo_text[];

#endif /* TEST_TOOLS_FAKE_H */
