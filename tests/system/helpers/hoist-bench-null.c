/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist-bench-null: cost of a null hypercall from dom0's kernel.
 *
 *   hoist-bench-null [-n ITER]     (default 10000, at most HOIST_BENCH_MAX)
 *
 * Asks the module (HOIST_IOC_BENCH_NULL on /dev/hoist) to run ITER null
 * hypercalls back to back and return the TSC ticks they took; the ioctl as
 * a whole is also timed here with CLOCK_MONOTONIC.  Prints
 *   hoist_null_hypercall_tsc_per_call=<float>
 *   hoist_null_hypercall_ns_per_call=<float>
 * Exit status: 0 on success, 1 on failure (e.g. no /dev/hoist), 2 on usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <hoist/ioctl.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: hoist-bench-null [-n ITER]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct hoist_bench_req req;
	unsigned long long iter = 10000;
	uint64_t t0, t1;
	char *end;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "-n")) {
		errno = 0;
		iter = strtoull(argv[2], &end, 0);
		if (errno || *end || iter == 0 || iter > HOIST_BENCH_MAX)
			usage();
	} else if (argc != 1) {
		usage();
	}

	fd = open(HOIST_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "hoist-bench-null: %s: %s\n", HOIST_DEVICE,
			strerror(errno));
		return 1;
	}
	memset(&req, 0, sizeof(req));
	req.iterations = iter;
	t0 = now_ns();
	if (ioctl(fd, HOIST_IOC_BENCH_NULL, &req) < 0) {
		fprintf(stderr, "hoist-bench-null: HOIST_IOC_BENCH_NULL: %s\n",
			strerror(errno));
		return 1;
	}
	t1 = now_ns();
	close(fd);
	if (req.tsc_cycles == 0) {
		fprintf(stderr, "hoist-bench-null: module returned 0 TSC ticks\n");
		return 1;
	}
	printf("hoist_null_hypercall_tsc_per_call=%.1f\n",
	       (double)req.tsc_cycles / (double)iter);
	printf("hoist_null_hypercall_ns_per_call=%.1f\n",
	       (double)(t1 - t0) / (double)iter);
	return 0;
}
