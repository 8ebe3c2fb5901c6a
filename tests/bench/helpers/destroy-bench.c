// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * destroy-bench DOMID: destroy a domain through /dev/hoist while another
 * thread lists domains without pause, and report, as "BENCH key=value":
 *   destroy_ms       the destroy ioctl, wall clock
 *   list_calls       DOMAIN_LIST ioctls completed meanwhile
 *   list_max_us      the slowest of them
 *   list_p50_us      their median
 *   destroy_hc_max_us, destroy_hc_max_nr   the longest single hypercall
 *                    on any CPU meanwhile (hoist_cpu_stats.hc_max_ns), and
 *                    which call it was
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <hoist/ioctl.h>

#define MAX_SAMPLES	(1u << 20)

static int fd;
static atomic_bool stop;
static uint64_t *samples;
static unsigned int nr_samples;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *lister(void *unused)
{
	static struct hoist_domain_info buf[HOIST_MAX_DOMAINS];
	struct hoist_domain_list l = { .max = HOIST_MAX_DOMAINS,
				       .buf = (uintptr_t)buf };

	(void)unused;
	while (!atomic_load(&stop) && nr_samples < MAX_SAMPLES) {
		uint64_t t0 = now_ns();

		if (ioctl(fd, HOIST_IOC_DOMAIN_LIST, &l)) {
			perror("destroy-bench: list");
			exit(1);
		}
		samples[nr_samples++] = now_ns() - t0;
	}
	return NULL;
}

/* The longest hypercall on any CPU since the last reset; resets it. */
static void longest_hypercall(uint64_t *ns, uint32_t *nr)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);

	*ns = 0;
	*nr = 0;
	for (long c = 0; c < cpus; c++) {
		struct hoist_stats_req st = { .cpu = (uint32_t)c,
					      .flags = HOIST_STATS_RESET_MAX };

		if (ioctl(fd, HOIST_IOC_CPU_STATS, &st))
			continue;	/* a CPU the hypervisor does not know */
		if (st.stats.hc_max_ns > *ns) {
			*ns = st.stats.hc_max_ns;
			*nr = st.stats.hc_max_nr;
		}
	}
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct hoist_domid id = { 0 };
	pthread_t t;
	uint64_t t0, t1, hc_ns;
	uint32_t hc_nr;
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: destroy-bench DOMID\n");
		return 2;
	}
	id.domid = (uint32_t)strtoul(argv[1], &end, 0);
	if (*end) {
		fprintf(stderr, "destroy-bench: bad domain id '%s'\n", argv[1]);
		return 2;
	}
	fd = open(HOIST_DEVICE, O_RDWR);
	samples = calloc(MAX_SAMPLES, sizeof(*samples));
	if (fd < 0 || !samples) {
		perror("destroy-bench: " HOIST_DEVICE);
		return 1;
	}
	if (pthread_create(&t, NULL, lister, NULL)) {
		fprintf(stderr, "destroy-bench: cannot start the lister\n");
		return 1;
	}
	longest_hypercall(&hc_ns, &hc_nr);	/* from now on */
	/* The lister runs before the destroy starts. */
	nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	t0 = now_ns();
	if (ioctl(fd, HOIST_IOC_DOMAIN_DESTROY, &id)) {
		fprintf(stderr, "destroy-bench: destroy: %s\n", strerror(errno));
		return 1;
	}
	t1 = now_ns();
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	longest_hypercall(&hc_ns, &hc_nr);
	if (!nr_samples) {
		fprintf(stderr, "destroy-bench: no list call completed\n");
		return 1;
	}
	qsort(samples, nr_samples, sizeof(*samples), cmp);
	printf("BENCH destroy_ms=%.1f\n", (double)(t1 - t0) / 1e6);
	printf("BENCH list_calls=%u\n", nr_samples);
	printf("BENCH list_max_us=%.1f\n",
	       (double)samples[nr_samples - 1] / 1e3);
	printf("BENCH list_p50_us=%.1f\n",
	       (double)samples[nr_samples / 2] / 1e3);
	printf("BENCH destroy_hc_max_us=%.1f\n", (double)hc_ns / 1e3);
	printf("BENCH destroy_hc_max_nr=0x%x\n", hc_nr);
	return 0;
}
