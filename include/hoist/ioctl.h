/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * /dev/hoist: the control device of the Hoist module (root only).
 *
 * Every ioctl validates its argument in full; anything malformed, an
 * unknown command included, fails with EINVAL and changes nothing.
 */
#ifndef HOIST_IOCTL_H
#define HOIST_IOCTL_H

#include <linux/ioctl.h>
#include "hypercall.h"

#define HOIST_DEVICE		"/dev/hoist"
#define HOIST_IOC_MAGIC		0xB7

struct hoist_log_req {
	uint64_t buf;		/* user pointer */
	uint64_t len;		/* buffer size in bytes, 1 .. HOIST_LOG_MAX */
	uint32_t clear;		/* 1: empty the log after reading */
	uint32_t pad;		/* must be 0 */
	uint64_t copied;	/* out: bytes written to buf */
};

#define HOIST_LOG_MAX		(1u << 20)

struct hoist_stats_req {
	uint32_t cpu;		/* in: CPU number */
	uint32_t pad;		/* must be 0 */
	struct hoist_cpu_stats stats;	/* out */
};

struct hoist_bench_req {
	uint64_t iterations;	/* in: 1 .. HOIST_BENCH_MAX */
	uint64_t tsc_cycles;	/* out: TSC ticks for all iterations */
};

#define HOIST_BENCH_MAX		(1ull << 24)

#define HOIST_IOC_INFO		_IOR(HOIST_IOC_MAGIC, 0, struct hoist_info)
#define HOIST_IOC_LOG_READ	_IOWR(HOIST_IOC_MAGIC, 1, struct hoist_log_req)
#define HOIST_IOC_CPU_STATS	_IOWR(HOIST_IOC_MAGIC, 2, struct hoist_stats_req)
#define HOIST_IOC_BENCH_NULL	_IOWR(HOIST_IOC_MAGIC, 3, struct hoist_bench_req)

#endif /* HOIST_IOCTL_H */
