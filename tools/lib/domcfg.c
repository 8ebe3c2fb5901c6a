/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * From config settings to the domain to build.  Defaults are xl's:
 *   memory, maxmem: 32 MiB when neither is set, else each defaults to the
 *     other (libxl_create.c: max_memkb = 32 * 1024, target_memkb =
 *     max_memkb; xl_parse.c: max_memkb = target_memkb);
 *   vcpus 1, maxvcpus = vcpus (xl_parse.c);
 *   cmdline, else "root=ROOT EXTRA" (xl_parse.c parse_cmdline);
 *   on_poweroff destroy, on_reboot restart, on_watchdog destroy,
 *   on_crash destroy (xl_parse.c, xl.cfg(5));
 *   max_grant_frames 64 (xl.cfg(5); Xen's default, GNTTAB_DEFAULT_MAX_FRAMES).
 * One difference: xl's default type on x86 is "pv"; Hoist runs only PVH
 * guests, so a config without a type is a PVH guest.
 */
/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <hoist/xen.h>

#include "lib/domcfg.h"

/* The keys Hoist reads; anything else is reported and ignored. */
static const char *const known_keys[] = {
	"name", "type", "builder", "memory", "maxmem", "vcpus", "maxvcpus",
	"kernel", "ramdisk", "cmdline", "root", "extra", "on_poweroff",
	"on_reboot", "on_watchdog", "on_crash", "max_grant_frames", NULL,
};

static const char *const action_names[] = {
	[DOM_ACTION_DESTROY] = "destroy",
	[DOM_ACTION_RESTART] = "restart",
	[DOM_ACTION_PRESERVE] = "preserve",
};

/* xl's other actions (xl_parse.c), which Hoist cannot do yet. */
static const char *const unsupported_actions[] = {
	"rename-restart", "coredump-destroy", "coredump-restart", "soft-reset",
	NULL,
};

const char *dom_action_name(enum dom_action a)
{
	return action_names[a];
}

static const struct cfg_setting *setting(const struct cfg *cfg,
					 const char *key)
{
	return cfg_find(cfg, key);
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

static int name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

int domcfg_check_name(const char *name, struct errbuf *e)
{
	size_t i, digits = 0, len = strlen(name);

	if (!len)
		return errbuf_set(e, -EINVAL, "name '': a domain needs a name");
	if (len >= HOIST_NAME_MAX)
		return errbuf_set(e, -EINVAL, "name '%.20s...': too long (at "
				  "most %d characters)", name,
				  HOIST_NAME_MAX - 1);
	for (i = 0; i < len; i++) {
		if (!name_char_ok(name[i]))
			return errbuf_set(e, -EINVAL, "name '%s': only "
					  "letters, digits, '_', '.' and '-' "
					  "are allowed", name);
		digits += name[i] >= '0' && name[i] <= '9';
	}
	if (digits == len)
		return errbuf_set(e, -EINVAL, "name '%s': a name cannot be "
				  "all digits (it would read as a domain id)",
				  name);
	if (!strcmp(name, "Domain-0"))
		return errbuf_set(e, -EINVAL, "name 'Domain-0' is dom0's");
	return 0;
}

static int read_type(const struct cfg *cfg, struct errbuf *e)
{
	const struct cfg_setting *s = setting(cfg, "type");
	const char *key = "type", *type;
	int ret;

	if (!s) {
		/* builder= is xl's older spelling: "generic" is PV. */
		s = setting(cfg, key = "builder");
		if (!s)
			return 0;
	}
	ret = cfg_get_string(cfg, key, &type, e);
	if (ret)
		return ret;
	if (!strcmp(key, "builder") && !strcmp(type, "generic"))
		type = "pv";
	if (!strcmp(type, "pvh"))
		return 0;
	if (!strcmp(type, "pv") || !strcmp(type, "hvm"))
		return errbuf_set(e, -EINVAL, "%s:%d: type '%s' is not "
				  "supported: Hoist runs PVH guests",
				  s->source, s->line, type);
	return errbuf_set(e, -EINVAL, "%s:%d: %s '%s' is unknown: Hoist "
			  "runs PVH guests (type = \"pvh\")", s->source,
			  s->line, key, type);
}

static int read_name(struct domcfg *d, const struct cfg *cfg,
		     const char *source, struct errbuf *e)
{
	const struct cfg_setting *s = setting(cfg, "name");
	struct errbuf why;
	const char *name;
	int ret = cfg_get_string(cfg, "name", &name, e);

	if (ret == -ENOENT)
		return errbuf_set(e, -EINVAL, "%s: no name: every domain "
				  "needs one (name = \"...\")", source);
	if (ret)
		return ret;
	if (domcfg_check_name(name, &why))
		return errbuf_set(e, -EINVAL, "%s:%d: %s", s->source, s->line,
				  why.msg);
	strcpy(d->name, name);
	return 0;
}

/* An optional number: 0 (set or not: *set says), or -EINVAL. */
static int read_long(const struct cfg *cfg, const char *key, long *val,
		     int *set, struct errbuf *e)
{
	int ret = cfg_get_long(cfg, key, val, e);

	*set = ret == 0;
	return ret == -ENOENT ? 0 : ret;
}

/* "SOURCE:LINE: message" about the setting of key. */
static int at(const struct cfg *cfg, const char *key, struct errbuf *e,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int at(const struct cfg *cfg, const char *key, struct errbuf *e,
	      const char *fmt, ...)
{
	const struct cfg_setting *s = setting(cfg, key);
	char msg[ERRBUF_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errbuf_set(e, -EINVAL, "%s:%d: %s", s->source, s->line, msg);
}

static int check_memory(const struct cfg *cfg, const char *key, long mib,
			struct errbuf *e)
{
	if (mib < DOMCFG_MEMORY_MIN)
		return at(cfg, key, e, "%s = %ld: too little memory for a "
			  "PVH guest (at least %d MiB)", key, mib,
			  DOMCFG_MEMORY_MIN);
	if (mib > DOMCFG_MEMORY_MAX)
		return at(cfg, key, e, "%s = %ld: more than Hoist supports "
			  "(%d MiB)", key, mib, DOMCFG_MEMORY_MAX);
	return 0;
}

static int read_memory(struct domcfg *d, const struct cfg *cfg, FILE *warn,
		       struct errbuf *e)
{
	long mem = 0, max = 0;
	int have_mem, have_max, ret;

	if ((ret = read_long(cfg, "memory", &mem, &have_mem, e)) ||
	    (ret = read_long(cfg, "maxmem", &max, &have_max, e)))
		return ret;
	if ((have_mem && (ret = check_memory(cfg, "memory", mem, e))) ||
	    (have_max && (ret = check_memory(cfg, "maxmem", max, e))))
		return ret;
	if (!have_mem)
		mem = have_max ? max : DOMCFG_MEMORY_DEFAULT;
	if (!have_max)
		max = mem;
	if (max < mem)
		return at(cfg, "maxmem", e, "maxmem = %ld is less than "
			  "memory = %ld", max, mem);
	if (max > mem)
		fprintf(warn, "hoist: warning: maxmem = %ld: no ballooning "
			"yet, the guest gets memory = %ld MiB\n", max, mem);
	d->memory_mib = (uint64_t)mem;
	d->maxmem_mib = (uint64_t)max;
	return 0;
}

static int check_vcpus(const struct cfg *cfg, const char *key, long n,
		       struct errbuf *e)
{
	if (n < 1)
		return at(cfg, key, e, "%s = %ld: a domain needs at least "
			  "one vCPU", key, n);
	if (n > HOIST_MAX_VCPUS)
		return at(cfg, key, e, "%s = %ld: at most %d vCPUs per domain",
			  key, n, HOIST_MAX_VCPUS);
	return 0;
}

static int read_vcpus(struct domcfg *d, const struct cfg *cfg, FILE *warn,
		      struct errbuf *e)
{
	long n = 1, max = 0;
	int have_n, have_max, ret;

	if ((ret = read_long(cfg, "vcpus", &n, &have_n, e)) ||
	    (ret = read_long(cfg, "maxvcpus", &max, &have_max, e)))
		return ret;
	if (!have_n)
		n = 1;
	if ((ret = check_vcpus(cfg, "vcpus", n, e)) ||
	    (have_max && (ret = check_vcpus(cfg, "maxvcpus", max, e))))
		return ret;
	if (!have_max)
		max = n;
	if (max < n)
		return at(cfg, "maxvcpus", e, "maxvcpus = %ld is less than "
			  "vcpus = %ld", max, n);
	if (max > n)
		fprintf(warn, "hoist: warning: maxvcpus = %ld: no vCPU "
			"hot-plug yet, the guest gets vcpus = %ld\n", max, n);
	d->vcpus = (uint32_t)n;
	d->maxvcpus = (uint32_t)max;
	return 0;
}

/* xl.cfg's max_grant_frames: the guest's grant table, in 4 KiB frames. */
static int read_grant_frames(struct domcfg *d, const struct cfg *cfg,
			     struct errbuf *e)
{
	long n = GNTTAB_DEFAULT_MAX_FRAMES;
	int have, ret = read_long(cfg, "max_grant_frames", &n, &have, e);

	if (ret)
		return ret;
	if (!have)
		n = GNTTAB_DEFAULT_MAX_FRAMES;
	if (n < 1 || n > GNTTAB_MAX_FRAMES)
		return at(cfg, "max_grant_frames", e, "max_grant_frames = %ld: "
			  "must be 1 .. %d", n, GNTTAB_MAX_FRAMES);
	d->max_grant_frames = (uint32_t)n;
	return 0;
}

/* An existing regular file, made absolute (the monitor runs in "/"). */
static int read_path(const struct cfg *cfg, const char *key, char **out,
		     struct errbuf *e)
{
	const char *path;
	struct stat st;
	int ret = cfg_get_string(cfg, key, &path, e);

	if (ret)
		return ret;
	if (!*path)
		return at(cfg, key, e, "%s '': no file named", key);
	*out = realpath(path, NULL);
	if (!*out)
		return at(cfg, key, e, "%s '%s': %s", key, path,
			  strerror(errno));
	if (stat(*out, &st) < 0)
		return at(cfg, key, e, "%s '%s': %s", key, path,
			  strerror(errno));
	if (!S_ISREG(st.st_mode))
		return at(cfg, key, e, "%s '%s': %s", key, path,
			  S_ISDIR(st.st_mode) ? strerror(EISDIR) :
			  "not a regular file");
	return 0;
}

static int read_files(struct domcfg *d, const struct cfg *cfg,
		      const char *source, struct errbuf *e)
{
	int ret = read_path(cfg, "kernel", &d->kernel, e);

	if (ret == -ENOENT)
		return errbuf_set(e, -EINVAL, "%s: no kernel: Hoist boots "
				  "guests from kernel = \"...\"", source);
	if (ret)
		return ret;
	ret = read_path(cfg, "ramdisk", &d->ramdisk, e);
	return ret == -ENOENT ? 0 : ret;
}

static int opt_string(const struct cfg *cfg, const char *key,
		      const char **val, struct errbuf *e)
{
	int ret = cfg_get_string(cfg, key, val, e);

	if (ret == -ENOENT)
		*val = NULL;
	return ret == -ENOENT ? 0 : ret;
}

/* xl_parse.c parse_cmdline(): cmdline wins over root and extra. */
static int read_cmdline(struct domcfg *d, const struct cfg *cfg, FILE *warn,
			struct errbuf *e)
{
	const char *cmdline, *root, *extra;
	size_t len;
	int ret;

	if ((ret = opt_string(cfg, "cmdline", &cmdline, e)) ||
	    (ret = opt_string(cfg, "root", &root, e)) ||
	    (ret = opt_string(cfg, "extra", &extra, e)))
		return ret;
	if (cmdline && (root || extra))
		fprintf(warn, "hoist: warning: ignoring root= and extra= in "
			"favour of cmdline=\n");
	if (cmdline)
		d->cmdline = strdup(cmdline);
	else {
		len = (root ? strlen(root) + 6 : 0) + (extra ? strlen(extra) : 0);
		d->cmdline = malloc(len + 1);
		if (d->cmdline)
			snprintf(d->cmdline, len + 1, "%s%s%s%s",
				 root ? "root=" : "", root ? root : "",
				 root && extra ? " " : "", extra ? extra : "");
	}
	return d->cmdline ? 0 : errbuf_set(e, -ENOMEM, "out of memory");
}

static int read_action(const struct cfg *cfg, const char *key,
		       enum dom_action def, enum dom_action *out,
		       struct errbuf *e)
{
	const char *name;
	unsigned i;
	int ret = opt_string(cfg, key, &name, e);

	*out = def;
	if (ret || !name)
		return ret;
	for (i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
		if (!strcmp(name, action_names[i])) {
			*out = (enum dom_action)i;
			return 0;
		}
	if (in_list(unsupported_actions, name))
		return at(cfg, key, e, "%s = \"%s\" is not supported (destroy, "
			  "restart or preserve)", key, name);
	return at(cfg, key, e, "%s = \"%s\": unknown action (destroy, "
		  "restart or preserve)", key, name);
}

static int read_actions(struct domcfg *d, const struct cfg *cfg,
			struct errbuf *e)
{
	int ret;

	if ((ret = read_action(cfg, "on_poweroff", DOM_ACTION_DESTROY,
			       &d->on_poweroff, e)) ||
	    (ret = read_action(cfg, "on_reboot", DOM_ACTION_RESTART,
			       &d->on_reboot, e)) ||
	    (ret = read_action(cfg, "on_watchdog", DOM_ACTION_DESTROY,
			       &d->on_watchdog, e)) ||
	    (ret = read_action(cfg, "on_crash", DOM_ACTION_DESTROY,
			       &d->on_crash, e)))
		return ret;
	return 0;
}

/* Like xl, other keys are ignored; unlike xl, we say so, once each. */
static void warn_unknown(const struct cfg *cfg, FILE *warn)
{
	const struct cfg_setting *s;

	for (s = cfg->first; s; s = s->next)
		if (!in_list(known_keys, s->name) && cfg_find(cfg, s->name) == s)
			fprintf(warn, "hoist: warning: %s:%d: '%s' is not "
				"supported by Hoist; ignored\n", s->source,
				s->line, s->name);
}

int domcfg_from_cfg(struct domcfg *d, const struct cfg *cfg,
		    const char *source, FILE *warn, struct errbuf *e)
{
	int ret;

	memset(d, 0, sizeof(*d));
	if ((ret = read_type(cfg, e)) ||
	    (ret = read_name(d, cfg, source, e)) ||
	    (ret = read_memory(d, cfg, warn, e)) ||
	    (ret = read_vcpus(d, cfg, warn, e)) ||
	    (ret = read_grant_frames(d, cfg, e)) ||
	    (ret = read_files(d, cfg, source, e)) ||
	    (ret = read_cmdline(d, cfg, warn, e)) ||
	    (ret = read_actions(d, cfg, e)))
		return ret;
	warn_unknown(cfg, warn);
	return 0;
}

void domcfg_free(struct domcfg *d)
{
	free(d->kernel);
	free(d->ramdisk);
	free(d->cmdline);
	d->kernel = d->ramdisk = d->cmdline = NULL;
}

enum dom_action domcfg_action_for(const struct domcfg *d, uint32_t reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		return d->on_poweroff;
	case SHUTDOWN_reboot:
		return d->on_reboot;
	case SHUTDOWN_crash:
		return d->on_crash;
	case SHUTDOWN_watchdog:
		return d->on_watchdog;
	default:
		/* soft_reset, or a reason xl does not know: xl destroys. */
		return DOM_ACTION_DESTROY;
	}
}

/* A string in double quotes with xl's escapes, so it parses back. */
static void print_string(FILE *out, const char *key, const char *s)
{
	static const char from[] = "\"\\\a\b\f\n\r\t\v";
	static const char to[] = "\"\\abfnrtv";

	fprintf(out, "%s = \"", key);
	for (; *s; s++) {
		const char *c = strchr(from, *s);

		if (c)
			fprintf(out, "\\%c", to[c - from]);
		else
			fputc(*s, out);
	}
	fputs("\"\n", out);
}

void domcfg_print(FILE *out, const struct domcfg *d)
{
	print_string(out, "name", d->name);
	print_string(out, "type", "pvh");
	fprintf(out, "memory = %llu\n", (unsigned long long)d->memory_mib);
	fprintf(out, "maxmem = %llu\n", (unsigned long long)d->maxmem_mib);
	fprintf(out, "vcpus = %u\n", (unsigned)d->vcpus);
	fprintf(out, "maxvcpus = %u\n", (unsigned)d->maxvcpus);
	fprintf(out, "max_grant_frames = %u\n", (unsigned)d->max_grant_frames);
	print_string(out, "kernel", d->kernel);
	if (d->ramdisk)
		print_string(out, "ramdisk", d->ramdisk);
	print_string(out, "cmdline", d->cmdline);
	print_string(out, "on_poweroff", dom_action_name(d->on_poweroff));
	print_string(out, "on_reboot", dom_action_name(d->on_reboot));
	print_string(out, "on_watchdog", dom_action_name(d->on_watchdog));
	print_string(out, "on_crash", dom_action_name(d->on_crash));
}
