/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist list [-l] [DOMAIN ...]: `xl list` (xl_info.c list_domains):
 *
 *   Name                                        ID   Mem VCPUs	State	Time(s)
 *   Domain-0                                     0  1967     2     r-----     326.5
 *
 * Mem in MiB, VCPUs online, State r b p s, the shutdown reason from
 * "-rscwS", then d; Time in CPU seconds.  -l prints the same as JSON.
 */
#include <string.h>
#include <hoist/xen.h>

#include "hoist.h"

/* xl: poweroff, reboot, suspend, crash, watchdog, soft_reset. */
static const char reason_letters[] = "-rscwS";

void list_state(char state[7], const struct hoist_domain_info *info)
{
	uint32_t f = info->flags;
	int shut = !!(f & HOIST_DOM_SHUTDOWN);
	uint32_t reason = shut ? info->shutdown_reason : 0;

	state[0] = f & HOIST_DOM_RUNNING ? 'r' : '-';
	state[1] = f & HOIST_DOM_BLOCKED ? 'b' : '-';
	state[2] = f & HOIST_DOM_PAUSED ? 'p' : '-';
	state[3] = shut ? 's' : '-';
	state[4] = reason < sizeof(reason_letters) - 1 ?
		   reason_letters[reason] : '?';
	state[5] = f & HOIST_DOM_DYING ? 'd' : '-';
	state[6] = '\0';
}

/* xl divides a float: keep its rounding so the figures match to 0.1. */
static double seconds(uint64_t ns)
{
	return (double)(float)ns / 1e9;
}

void list_print_header(FILE *out)
{
	fputs("Name                                        ID   Mem VCPUs\t"
	      "State\tTime(s)\n", out);
}

void list_print_row(FILE *out, const struct hoist_domain_info *info)
{
	char s[7];

	list_state(s, info);
	fprintf(out, "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f\n",
		info->name, (int)info->domid,
		(unsigned long)(info->mem_kb / 1024), (int)info->vcpus_online,
		s[0], s[1], s[2], s[3], s[4], s[5], seconds(info->cpu_time_ns));
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void list_print_json(FILE *out, const struct hoist_domain_info *d, size_t n)
{
	char state[7];
	size_t i;

	fputs("[\n", out);
	for (i = 0; i < n; i++) {
		list_state(state, &d[i]);
		fputs("    {\n        \"name\": ", out);
		json_string(out, d[i].name);
		fprintf(out, ",\n        \"domid\": %u,\n"
			"        \"memory\": %lu,\n"
			"        \"vcpus\": %u,\n"
			"        \"state\": \"%s\",\n"
			"        \"cpu_time\": %.1f\n    }%s\n",
			(unsigned)d[i].domid, (unsigned long)(d[i].mem_kb / 1024),
			(unsigned)d[i].vcpus_online, state,
			seconds(d[i].cpu_time_ns), i + 1 < n ? "," : "");
	}
	fputs("]\n", out);
}

/* The domains asked for, in the order asked; all when none is. */
static int select_domains(struct hoist_env *env, const struct domains *all,
			  char **names, int nnames, struct domains *out)
{
	int i;

	if (!nnames) {
		*out = *all;
		return 0;
	}
	out->n = 0;
	for (i = 0; i < nnames; i++) {
		const struct hoist_domain_info *d = domains_find(all, names[i]);

		if (!d) {
			hoist_err(env, "Domain '%s' does not exist.", names[i]);
			return HOIST_EXIT_FAIL;
		}
		if (out->n < DOMAINS_MAX)
			out->d[out->n++] = *d;
	}
	return 0;
}

int cmd_list(struct hoist_env *env, int argc, char **argv)
{
	struct domains all, shown;
	struct hoist_dev dev;
	int json = 0, first = 1, ret;

	if (hoist_want_help(env, "list", argc, argv))
		return HOIST_EXIT_OK;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "-l") && strcmp(argv[first], "--long"))
			return hoist_err_usage(env, "list", "unknown option",
					       argv[first]);
		json = 1;
	}
	ret = hoist_dev_open(&dev, env->dev);
	if (ret)
		return hoist_err_open(env, ret);
	ret = domains_fetch(env, &dev, &all);
	hoist_dev_close(&dev);
	if (!ret)
		ret = select_domains(env, &all, argv + first, argc - first,
				     &shown);
	if (ret)
		return ret;
	if (json) {
		list_print_json(env->out, shown.d, shown.n);
		return HOIST_EXIT_OK;
	}
	list_print_header(env->out);
	for (size_t i = 0; i < shown.n; i++)
		list_print_row(env->out, &shown.d[i]);
	return HOIST_EXIT_OK;
}
