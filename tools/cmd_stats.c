/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist stats [-r] [CPU]: VM exits per reason per CPU, one column per CPU.
 * The CPUs asked about are those the kernel says are present; one the
 * hypervisor has no state for (EINVAL) is left out of the table.  -r
 * starts each CPU's longest hypercall afresh after reading it, so that
 * "hoist stats -r; OPERATION; hoist stats" shows the longest one during
 * OPERATION.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"

static const char *const stat_names[] = HOIST_STAT_NAMES;
_Static_assert(sizeof(stat_names) / sizeof(stat_names[0]) == HOIST_STAT_NR,
	       "HOIST_STAT_NAMES and enum hoist_exit_stat disagree");

/* Columns at least this wide, so small counts still line up. */
#define STATS_MIN_WIDTH	10
/* After the exit reasons (which add up to total), in this order. */
static const char *const extra_names[] = {
	"total", "hypercalls", "hv_access_blocked", "refused", "hc_max_ns",
};
#define STATS_EXTRA	(sizeof(extra_names) / sizeof(extra_names[0]))
#define STATS_ROWS	(HOIST_STAT_NR + STATS_EXTRA)

static const char *row_name(unsigned row)
{
	return row < HOIST_STAT_NR ? stat_names[row] :
	       extra_names[row - HOIST_STAT_NR];
}

static uint64_t row_value(const struct hoist_cpu_stats *s, unsigned row)
{
	if (row < HOIST_STAT_NR)
		return s->exits[row];
	switch (row - HOIST_STAT_NR) {
	case 0:
		return s->exits_total;
	case 1:
		return s->hypercalls;
	case 2:
		return s->hv_access_blocked;
	case 3:
		return s->refused;
	default:
		return s->hc_max_ns;
	}
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static int column_width(const struct hoist_cpu_stats *s)
{
	char head[16];
	int w = STATS_MIN_WIDTH, n;
	unsigned row;

	n = snprintf(head, sizeof(head), "CPU%u", (unsigned)s->cpu);
	if (n > w)
		w = n;
	for (row = 0; row < STATS_ROWS; row++)
		if (digits(row_value(s, row)) > w)
			w = digits(row_value(s, row));
	return w;
}

void stats_print_table(FILE *out, const struct hoist_cpu_stats *stats,
		       size_t n)
{
	int label = (int)strlen("Reason");
	unsigned row;
	size_t i;

	for (row = 0; row < STATS_ROWS; row++)
		if ((int)strlen(row_name(row)) > label)
			label = (int)strlen(row_name(row));

	fprintf(out, "%-*s", label, "Reason");
	for (i = 0; i < n; i++) {
		char head[16];

		snprintf(head, sizeof(head), "CPU%u", (unsigned)stats[i].cpu);
		fprintf(out, " %*s", column_width(&stats[i]), head);
	}
	fputc('\n', out);
	for (row = 0; row < STATS_ROWS; row++) {
		fprintf(out, "%-*s", label, row_name(row));
		for (i = 0; i < n; i++)
			fprintf(out, " %*llu", column_width(&stats[i]),
				(unsigned long long)row_value(&stats[i], row));
		fputc('\n', out);
	}
}

/* CPUs to ask about: the present ones, else all the hypervisor knows. */
static int stats_cpus(struct hoist_env *env, struct hoist_dev *dev,
		      uint32_t **cpus, size_t *n)
{
	struct hoist_info hi;
	size_t i;
	int ret;

	if (!host_present_cpus(env->host, cpus, n))
		return 0;
	ret = hoist_dev_info(dev, &hi);
	if (ret)
		return hoist_err_request(env, "reading hypervisor information",
					 ret);
	*cpus = malloc((hi.nr_cpus + 1u) * sizeof(**cpus));
	if (!*cpus) {
		hoist_err(env, "stats: out of memory");
		return HOIST_EXIT_FAIL;
	}
	for (i = 0; i < hi.nr_cpus; i++)
		(*cpus)[i] = (uint32_t)i;
	*n = hi.nr_cpus;
	return 0;
}

static int stats_collect(struct hoist_env *env, struct hoist_dev *dev,
			 const uint32_t *cpus, size_t n, int one,
			 uint32_t flags, struct hoist_cpu_stats *stats,
			 size_t *got)
{
	size_t i;
	int ret;

	*got = 0;
	for (i = 0; i < n; i++) {
		ret = hoist_dev_cpu_stats(dev, cpus[i], flags, &stats[*got]);
		if (ret == -EINVAL && !one)
			continue;	/* present, but not under Hoist */
		if (ret == -EINVAL) {
			hoist_err(env, "stats: CPU %u: the hypervisor has no "
				  "such CPU", (unsigned)cpus[i]);
			return HOIST_EXIT_FAIL;
		}
		if (ret) {
			char what[48];

			snprintf(what, sizeof(what),
				 "reading statistics of CPU %u",
				 (unsigned)cpus[i]);
			return hoist_err_request(env, what, ret);
		}
		/* Label by what was asked, whatever the reply says. */
		stats[*got].cpu = cpus[i];
		(*got)++;
	}
	if (!*got) {
		hoist_err(env, "stats: the hypervisor has statistics for "
			  "no CPU");
		return HOIST_EXIT_FAIL;
	}
	return 0;
}

/*
 * Options anywhere, at most one CPU.  "-1" is a CPU that is not valid
 * rather than an unknown option: that is what its writer meant.
 */
static int stats_args(struct hoist_env *env, int argc, char **argv,
		      uint32_t *flags, uint32_t *cpu, int *one)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-r") || !strcmp(a, "--reset-max"))
			*flags |= HOIST_STATS_RESET_MAX;
		else if (a[0] == '-' && !(a[1] >= '0' && a[1] <= '9'))
			return hoist_err_usage(env, "stats", "unknown option",
					       a);
		else if (*one)
			return hoist_err_usage(env, "stats",
					       "unexpected argument", a);
		else if (hoist_parse_u32(a, cpu))
			return hoist_err_usage(env, "stats", "invalid CPU", a);
		else
			*one = 1;
	}
	return 0;
}

int cmd_stats(struct hoist_env *env, int argc, char **argv)
{
	struct hoist_cpu_stats *stats = NULL;
	uint32_t *cpus = NULL, one_cpu, flags = 0;
	struct hoist_dev dev;
	size_t n = 0, got;
	int one = 0, ret;

	if (hoist_want_help(env, "stats", argc, argv))
		return HOIST_EXIT_OK;
	if (stats_args(env, argc, argv, &flags, &one_cpu, &one))
		return HOIST_EXIT_FAIL;

	ret = hoist_dev_open(&dev, env->dev);
	if (ret)
		return hoist_err_open(env, ret);
	if (one) {
		cpus = &one_cpu;
		n = 1;
	} else {
		ret = stats_cpus(env, &dev, &cpus, &n);
	}
	if (!ret) {
		stats = calloc(n + 1, sizeof(*stats));
		if (!stats) {
			hoist_err(env, "stats: out of memory");
			ret = HOIST_EXIT_FAIL;
		}
	}
	if (!ret)
		ret = stats_collect(env, &dev, cpus, n, one, flags, stats,
				    &got);
	hoist_dev_close(&dev);
	if (!ret)
		stats_print_table(env->out, stats, got);
	free(stats);
	if (!one)
		free(cpus);
	return ret ? HOIST_EXIT_FAIL : HOIST_EXIT_OK;
}
