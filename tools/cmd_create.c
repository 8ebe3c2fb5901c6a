/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist create [-c] [-p] [-n] FILE [KEY=VALUE ...], as `xl create`
 * (xl_vmcontrol.c main_create/create_domain):
 *
 *   "Parsing config from FILE" on stderr; KEY=VALUE arguments are more
 *   lines of config after the file's (xl appends them the same way);
 *   -n checks everything that needs no hypervisor and prints the
 *   resulting config; otherwise build the domain (build.c), start its
 *   monitor (monitor.c), unpause it unless -p, and with -c attach to its
 *   console.  A failure after the domain exists destroys it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"
#include "lib/file.h"

#define EXTRA_SOURCE	"command line"

struct create_args {
	int console, paused, dryrun;
	const char *file;
	char *extra;		/* KEY=VALUE lines */
	size_t extra_len;
};

static int add_extra(struct create_args *a, const char *line)
{
	size_t n = strlen(line);
	char *p = realloc(a->extra, a->extra_len + n + 2);

	if (!p)
		return -ENOMEM;
	memcpy(p + a->extra_len, line, n);
	p[a->extra_len + n] = '\n';
	p[a->extra_len + n + 1] = '\0';
	a->extra = p;
	a->extra_len += n + 1;
	return 0;
}

static int parse_flags(struct hoist_env *env, struct create_args *a,
		       const char *arg)
{
	const char *c;

	for (c = arg + 1; *c; c++) {
		if (*c == 'c')
			a->console = 1;
		else if (*c == 'p')
			a->paused = 1;
		else if (*c == 'n')
			a->dryrun = 1;
		else
			return hoist_err_usage(env, "create", "unknown option",
					       arg);
	}
	return 0;
}

static int parse_args(struct hoist_env *env, int argc, char **argv,
		      struct create_args *a)
{
	int i, ret;

	/* As xl: options anywhere, KEY=VALUE has a '=', the rest is FILE. */
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		ret = 0;
		if (arg[0] == '-' && arg[1])
			ret = parse_flags(env, a, arg);
		else if (strchr(arg, '=') && add_extra(a, arg))
			ret = hoist_err_usage(env, "create", "out of memory",
					      NULL);
		else if (strchr(arg, '='))
			continue;
		else if (!a->file)
			a->file = arg;
		else
			ret = hoist_err_usage(env, "create",
					      "unexpected argument", arg);
		if (ret)
			return ret;
	}
	if (!a->file)
		return hoist_err_usage(env, "create", "no config file given",
				       NULL);
	return 0;
}

static int load_config(struct hoist_env *env, const struct create_args *a,
		       struct cfg *cfg, struct domcfg *d)
{
	struct errbuf e;
	size_t len;
	char *text;
	int ret;

	fprintf(env->err, "Parsing config from %s\n", a->file);
	ret = file_read_all(a->file, &text, &len);
	if (ret) {
		hoist_err(env, "cannot read config file '%s': %s", a->file,
			  strerror(-ret));
		return HOIST_EXIT_FAIL;
	}
	ret = cfg_parse(cfg, a->file, text, len, &e);
	free(text);
	if (!ret && a->extra)
		ret = cfg_parse(cfg, EXTRA_SOURCE, a->extra, a->extra_len, &e);
	if (!ret)
		ret = domcfg_from_cfg(d, cfg, a->file, env->err, &e);
	if (ret) {
		hoist_err(env, "%s", e.msg);
		return HOIST_EXIT_FAIL;
	}
	return 0;
}

/*
 * The images are read (a bzImage decoded) once and checked before the
 * device is opened, so -n and a real create say the same about a bad
 * kernel.
 */
static int read_images(struct hoist_env *env, const struct domcfg *d,
		       struct domain_images *img)
{
	struct errbuf e;

	if (domain_images_read(d, img, &e) || domain_check_images(d, img, &e)) {
		hoist_err(env, "%s", e.msg);
		return HOIST_EXIT_FAIL;
	}
	return 0;
}

/* The images are freed once loaded: the monitor, forked next, must not
 * keep a decoded kernel and a ramdisk for the domain's lifetime. */
static int create(struct hoist_env *env, const struct create_args *a,
		  const struct domcfg *d, struct domain_images *img)
{
	struct hoist_dev dev;
	struct errbuf e, store_e;
	uint32_t domid;
	int ret = hoist_dev_open(&dev, env->dev);

	if (ret)
		return hoist_err_open(env, ret);
	ret = domain_build_images(env, &dev, d, img, &domid, &e);
	domain_images_free(img);
	if (!ret && (ret = monitor_spawn(env, &dev, d, domid))) {
		errbuf_set(&e, ret, "cannot start the monitor of '%s': %s",
			   d->name, strerror(-ret));
		domain_teardown(env, &dev, domid, &store_e);
	}
	if (!ret && !a->paused)
		ret = domain_start(env, &dev, d, domid, &e);
	if (ret)
		hoist_err(env, "create: %s", e.msg);
	else if (a->console)
		ret = console_attach(env, &dev, domid);
	hoist_dev_close(&dev);
	return ret ? HOIST_EXIT_FAIL : HOIST_EXIT_OK;
}

int cmd_create(struct hoist_env *env, int argc, char **argv)
{
	struct domain_images img;
	struct create_args a;
	struct domcfg d;
	struct cfg cfg;
	int ret;

	if (hoist_want_help(env, "create", argc, argv))
		return HOIST_EXIT_OK;
	memset(&a, 0, sizeof(a));
	memset(&d, 0, sizeof(d));
	memset(&img, 0, sizeof(img));
	cfg_init(&cfg);
	ret = parse_args(env, argc, argv, &a);
	if (!ret)
		ret = load_config(env, &a, &cfg, &d);
	if (!ret)
		ret = read_images(env, &d, &img);
	if (!ret && a.dryrun)
		domcfg_print(env->out, &d);
	else if (!ret)
		ret = create(env, &a, &d, &img);
	domain_images_free(&img);
	domcfg_free(&d);
	cfg_free(&cfg);
	free(a.extra);
	return ret;
}
