// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl-check: feeds /dev/hoist malformed requests and checks that each
 * is refused with the right error and changes nothing.  Prints one
 * PASS:/FAIL: line per case.  With -u it drops to an unprivileged user and
 * checks that opening the device is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <hoist/ioctl.h>

static int failures;

static void expect(const char *name, int ret, int want_errno)
{
	int e = ret < 0 ? errno : 0;

	if ((want_errno == 0 && ret == 0) || (ret < 0 && e == want_errno)) {
		printf("PASS: ioctl/%s\n", name);
		return;
	}
	printf("FAIL: ioctl/%s: ret %d errno %s, want %s\n", name, ret,
	       strerror(e), want_errno ? strerror(want_errno) : "success");
	failures++;
}

static int unprivileged(void)
{
	int fd;

	if (setgid(65534) || setuid(65534)) {
		perror("setuid");
		return 1;
	}
	fd = open(HOIST_DEVICE, O_RDWR);
	expect("open-unprivileged", fd < 0 ? -1 : 0, EACCES);
	return failures != 0;
}

int main(int argc, char **argv)
{
	struct hoist_info info, info2;
	struct hoist_log_req log;
	struct hoist_stats_req st;
	struct hoist_bench_req b;
	char buf[64];
	int fd;

	if (argc > 1 && !strcmp(argv[1], "-u"))
		return unprivileged();
	fd = open(HOIST_DEVICE, O_RDWR);
	if (fd < 0) {
		perror(HOIST_DEVICE);
		return 1;
	}
	expect("info", ioctl(fd, HOIST_IOC_INFO, &info), 0);

	/* Unknown commands, including near misses of real ones. */
	expect("unknown-cmd", ioctl(fd, 0x1234, 0), ENOTTY);
	expect("wrong-magic", ioctl(fd, _IOR(0x42, 0, struct hoist_info), &info2), ENOTTY);
	expect("wrong-size", ioctl(fd, _IOR(HOIST_IOC_MAGIC, 0, int), buf), ENOTTY);
	expect("wrong-dir", ioctl(fd, _IOW(HOIST_IOC_MAGIC, 0, struct hoist_info), &info2), ENOTTY);
	expect("unknown-nr", ioctl(fd, _IOWR(HOIST_IOC_MAGIC, 99, struct hoist_log_req), &log), ENOTTY);

	/* Bad fields */
	memset(&log, 0, sizeof(log));
	log.buf = (unsigned long)buf;
	log.len = 0;
	expect("log-len-0", ioctl(fd, HOIST_IOC_LOG_READ, &log), EINVAL);
	log.len = HOIST_LOG_MAX + 1;
	expect("log-len-too-big", ioctl(fd, HOIST_IOC_LOG_READ, &log), EINVAL);
	log.len = sizeof(buf);
	log.pad = 1;
	expect("log-pad", ioctl(fd, HOIST_IOC_LOG_READ, &log), EINVAL);
	log.pad = 0;
	log.clear = 2;
	expect("log-clear-2", ioctl(fd, HOIST_IOC_LOG_READ, &log), EINVAL);
	log.clear = 0;
	log.buf = 0;
	expect("log-null-buf", ioctl(fd, HOIST_IOC_LOG_READ, &log), EINVAL);
	log.buf = 16;	/* an unmapped user address */
	expect("log-bad-buf", ioctl(fd, HOIST_IOC_LOG_READ, &log), EFAULT);

	memset(&st, 0, sizeof(st));
	st.cpu = 1u << 30;
	expect("stats-cpu-range", ioctl(fd, HOIST_IOC_CPU_STATS, &st), EINVAL);
	st.cpu = 0;
	st.flags = 1u << 7;	/* not a HOIST_STATS_* flag */
	expect("stats-flags", ioctl(fd, HOIST_IOC_CPU_STATS, &st), EINVAL);

	memset(&b, 0, sizeof(b));
	expect("bench-zero", ioctl(fd, HOIST_IOC_BENCH_NULL, &b), EINVAL);
	b.iterations = HOIST_BENCH_MAX + 1;
	expect("bench-too-many", ioctl(fd, HOIST_IOC_BENCH_NULL, &b), EINVAL);

	expect("info-null", ioctl(fd, HOIST_IOC_INFO, NULL), EFAULT);
	expect("info-bad-ptr", ioctl(fd, HOIST_IOC_INFO, (void *)16), EFAULT);

	/* Nothing changed: the hypervisor answers as before. */
	expect("info-after", ioctl(fd, HOIST_IOC_INFO, &info2), 0);
	if (info2.cpus_hoisted != info.cpus_hoisted ||
	    info2.hv_pages_total != info.hv_pages_total) {
		printf("FAIL: ioctl/unchanged: hypervisor state changed\n");
		failures++;
	} else {
		printf("PASS: ioctl/unchanged\n");
	}
	close(fd);
	return failures != 0;
}
