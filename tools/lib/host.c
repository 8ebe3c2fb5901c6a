/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Parsing of /proc/meminfo and CPU lists, and collecting host facts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/host.h"

/* Room for /proc/meminfo (about 1.5 KiB today) and any CPU list. */
#define HOST_FILE_MAX	16384

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decimal number at *p (no sign), advancing *p.  0 or -EINVAL/-ERANGE. */
static int parse_u64(const char **p, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;

	if (!is_digit(*s))
		return -EINVAL;
	for (; is_digit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*p = s;
	*val = v;
	return 0;
}

int meminfo_parse(const char *text, const char *field, uint64_t *kib)
{
	size_t flen = strlen(field);
	const char *line = text;

	while (line && *line) {
		if (!strncmp(line, field, flen) && line[flen] == ':') {
			const char *p = line + flen + 1;
			uint64_t v;

			while (*p == ' ' || *p == '\t')
				p++;
			if (parse_u64(&p, &v))
				return -EINVAL;
			/* Every size in meminfo is in kB (really KiB). */
			if (strncmp(p, " kB", 3) ||
			    (p[3] != '\n' && p[3] != '\0'))
				return -EINVAL;
			*kib = v;
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

int cpulist_parse(const char *text, uint32_t *cpus, size_t cap, size_t *n)
{
	const char *p = text;
	size_t count = 0;

	*n = 0;
	/* An empty list is valid (the kernel prints just "\n"). */
	if (*p == '\n' && p[1] == '\0')
		return 0;
	if (*p == '\0')
		return 0;
	for (;;) {
		uint64_t lo, hi, c;

		if (parse_u64(&p, &lo) || lo > UINT32_MAX)
			return -EINVAL;
		hi = lo;
		if (*p == '-') {
			p++;
			if (parse_u64(&p, &hi) || hi > UINT32_MAX || hi < lo)
				return -EINVAL;
		}
		if (hi - lo + 1 > HOST_MAX_CPUS - count)
			return -E2BIG;
		if (cpus && count + (hi - lo + 1) > cap)
			return -E2BIG;
		for (c = lo; c <= hi; c++, count++)
			if (cpus)
				cpus[count] = (uint32_t)c;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\n')
			p++;
		if (*p != '\0')
			return -EINVAL;
		break;
	}
	*n = count;
	return 0;
}

int host_read_text(const struct host_ops *ops, const char *path, char **text)
{
	char *buf = malloc(HOST_FILE_MAX);
	long ret;

	if (!buf)
		return -ENOMEM;
	ret = ops->read_file(path, buf, HOST_FILE_MAX);
	if (ret < 0) {
		free(buf);
		return (int)ret;
	}
	*text = buf;
	return 0;
}

static int read_cpus(const struct host_ops *ops, const char *path,
		     uint32_t **cpus, size_t *n)
{
	char *text = NULL;
	size_t count;
	int ret;

	*cpus = NULL;
	*n = 0;
	ret = host_read_text(ops, path, &text);
	if (ret)
		return ret;
	ret = cpulist_parse(text, NULL, 0, &count);
	if (!ret) {
		/* One extra slot so that an empty list still allocates. */
		*cpus = malloc((count + 1) * sizeof(**cpus));
		if (!*cpus)
			ret = -ENOMEM;
		else
			ret = cpulist_parse(text, *cpus, count, n);
	}
	free(text);
	if (ret) {
		free(*cpus);
		*cpus = NULL;
	}
	return ret;
}

int host_present_cpus(const struct host_ops *ops, uint32_t **cpus, size_t *n)
{
	return read_cpus(ops, HOST_CPU_PRESENT, cpus, n);
}

int host_online_cpus(const struct host_ops *ops, uint32_t **cpus, size_t *n)
{
	return read_cpus(ops, HOST_CPU_ONLINE, cpus, n);
}

/* The line of /proc/stat that starts with the word cpu, or NULL. */
static const char *stat_line(const char *text, const char *cpu)
{
	size_t len = strlen(cpu);
	const char *line = text;

	while (line && *line) {
		if (!strncmp(line, cpu, len) && line[len] == ' ')
			return line + len;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

int procstat_busy_ticks(const char *text, const char *cpu, uint64_t *ticks)
{
	/* user nice system idle iowait irq softirq steal: which count. */
	static const int busy[8] = { 1, 1, 1, 0, 0, 1, 1, 1 };
	const char *p = stat_line(text, cpu);
	uint64_t sum = 0, v;
	unsigned i;

	if (!p)
		return -ENOENT;
	/* Old kernels have fewer fields; the first four are always there. */
	for (i = 0; i < 8; i++) {
		while (*p == ' ')
			p++;
		if (*p == '\n' || *p == '\0') {
			if (i < 4)
				return -EINVAL;
			break;
		}
		if (parse_u64(&p, &v))
			return -EINVAL;
		if (busy[i])
			sum += v;
	}
	*ticks = sum;
	return 0;
}

void host_facts_read(const struct host_ops *ops, struct host_facts *f)
{
	uint32_t *cpus;
	size_t n, i;
	char *text = NULL;

	memset(f, 0, sizeof(*f));
	f->have_uname = ops->uname(&f->uts) == 0;

	if (!host_present_cpus(ops, &cpus, &n) && n > 0) {
		f->have_cpus = 1;
		f->nr_cpus = (uint32_t)n;
		for (i = 0; i < n; i++)
			if (cpus[i] > f->max_cpu_id)
				f->max_cpu_id = cpus[i];
	}
	free(cpus);

	if (!host_read_text(ops, HOST_MEMINFO, &text)) {
		f->have_mem = !meminfo_parse(text, "MemTotal", &f->total_kib) &&
			      !meminfo_parse(text, "MemAvailable",
					      &f->free_kib);
		free(text);
	}
}
