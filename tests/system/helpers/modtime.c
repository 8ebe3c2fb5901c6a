/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * modtime: load or unload a kernel module with the raw syscalls, timed.
 *
 *   modtime load FILE.ko [PARAM...]   finit_module(fd, "PARAM PARAM ...", 0)
 *   modtime unload NAME               delete_module(NAME, O_NONBLOCK), as rmmod
 *
 * Prints one line:  modtime op=<load|unload> ns=<n> rc=<rc> errno=<name|0>
 * where ns is the CLOCK_MONOTONIC time of the syscall alone (the open() of
 * FILE is not counted), so insmod/rmmod latency and the exact error code
 * of a refused load can be asserted by scripts.
 * Exit status: 0 on success, 1 if the syscall failed (strerror on stderr),
 * 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: modtime load FILE.ko [PARAM...]\n"
			"       modtime unload NAME\n");
	exit(2);
}

/* Join argv[first..argc) with single spaces, the way insmod does. */
static char *join_params(int argc, char **argv, int first)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s) {
		perror("modtime: malloc");
		exit(1);
	}
	s[0] = '\0';
	for (i = first; i < argc; i++) {
		if (i > first)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static int report(const char *op, uint64_t ns, long rc, int err)
{
	const char *name = err ? strerrorname_np(err) : NULL;

	if (err && !name)
		name = "unknown";
	printf("modtime op=%s ns=%llu rc=%ld errno=%s\n", op,
	       (unsigned long long)ns, rc, err ? name : "0");
	if (rc != 0) {
		fprintf(stderr, "modtime: %s: %s\n", op, strerror(err));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t t0, t1;
	char *params;
	long rc;
	int fd, err;

	if (argc >= 3 && !strcmp(argv[1], "load")) {
		fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "modtime: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		params = join_params(argc, argv, 3);
		t0 = now_ns();
		rc = syscall(SYS_finit_module, fd, params, 0);
		err = rc ? errno : 0;
		t1 = now_ns();
		close(fd);
		free(params);
		return report("load", t1 - t0, rc, err);
	}
	if (argc == 3 && !strcmp(argv[1], "unload")) {
		t0 = now_ns();
		rc = syscall(SYS_delete_module, argv[2], O_NONBLOCK);
		err = rc ? errno : 0;
		t1 = now_ns();
		return report("unload", t1 - t0, rc, err);
	}
	usage();
	return 2;
}
