/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist shutdown [-a] [-w] [-F] DOMAIN and hoist reboot [-a] [-w] [-F]
 * DOMAIN, as xl's (xl_vmcontrol.c shutdown_domain, reboot_domain): write
 * "poweroff" or "reboot" to the guest's control/shutdown (control.c) and,
 * with -w, wait until the domain has shut down.  -a: every domain but
 * Domain-0.  xl's -F falls back to an ACPI power or reset button; Hoist
 * has no ACPI buttons (no device model), so -F is accepted and says so
 * in the same words xl uses when the fallback fails too.
 */
#include <errno.h>
#include <string.h>

#include "hoist.h"

struct shutdown_args {
	int wait, all, fallback;
	const char *cmd;		/* "shutdown" or "reboot" */
	const char *dom;		/* NULL with -a */
};

/* xl's messages (xl_vmcontrol.c) for a guest without PV control. */
static void no_pv_control(struct hoist_env *env, const char *what,
			  int fallback)
{
	int reboot = !strcmp(what, "reboot");

	if (fallback) {
		fprintf(env->err, "PV control interface not available: "
			"sending ACPI %s button event.\n",
			reboot ? "reset" : "power");
		hoist_err(env, "%s: Hoist has no ACPI %s button; use 'hoist "
			  "destroy'", reboot ? "reboot" : "shutdown",
			  reboot ? "reset" : "power");
		return;
	}
	fprintf(env->err, "PV control interface not available: external "
		"graceful %s not possible.\n", reboot ? "reboot" : "shutdown");
	fprintf(env->err, "Use \"-F\" to fallback to ACPI %s event.\n",
		reboot ? "reset" : "power");
}

static int parse(struct hoist_env *env, const char *cmd, int argc,
		 char **argv, struct shutdown_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-w") || !strcmp(argv[i], "--wait"))
			a->wait = 1;
		else if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "--all"))
			a->all = 1;
		else if (!strcmp(argv[i], "-F"))
			a->fallback = 1;
		else
			return hoist_err_usage(env, cmd, "unknown option",
					       argv[i]);
	}
	if (a->all && i < argc)
		return hoist_err_usage(env, cmd, "-a takes no DOMAIN", NULL);
	if (!a->all && i != argc - 1)
		return hoist_err_usage(env, cmd, i == argc ? "missing DOMAIN" :
				       "one DOMAIN only", NULL);
	a->dom = a->all ? NULL : argv[i];
	return 0;
}

/* One domain: the request, then the wait.  0 or 1 (message printed). */
static int one(struct hoist_env *env, struct hoist_dev *dev, struct store *s,
	       const char *what, const struct shutdown_args *a,
	       const struct hoist_domain_info *d)
{
	struct hoist_domain_info info;
	struct errbuf e;
	int ret;

	if (d->domid == 0) {
		hoist_err(env, "%s: not shutting down Domain-0: it is the "
			  "system running hoist", a->cmd);
		return HOIST_EXIT_FAIL;
	}
	ret = control_shutdown(env->store, s, d->domid, what, &e);
	if (ret == -EOPNOTSUPP) {
		no_pv_control(env, what, a->fallback);
		return HOIST_EXIT_FAIL;
	}
	if (ret) {
		hoist_err(env, "%s: %s", a->cmd, e.msg);
		return HOIST_EXIT_FAIL;
	}
	if (!a->wait)
		return 0;
	ret = hoist_dev_domain_wait(dev, d->domid, &info);
	if (ret && ret != -ENOENT)
		return hoist_err_request(env, a->cmd, ret);
	return 0;
}

static int run(struct hoist_env *env, struct hoist_dev *dev, struct store *s,
	       const char *what, const struct shutdown_args *a)
{
	struct domains doms;
	size_t i;
	int ret = domains_fetch(env, dev, &doms), failed = 0;

	if (ret)
		return ret;
	if (!a->all) {
		const struct hoist_domain_info *d = domains_find(&doms, a->dom);

		if (!d) {
			hoist_err(env, "Domain '%s' does not exist.", a->dom);
			return HOIST_EXIT_FAIL;
		}
		return one(env, dev, s, what, a, d);
	}
	/* -a: ask them all first, then wait for each (xl does the same). */
	for (i = 1; i < doms.n; i++) {
		struct shutdown_args nowait = *a;

		if (doms.d[i].flags & (HOIST_DOM_SHUTDOWN | HOIST_DOM_DYING))
			continue;
		nowait.wait = 0;
		failed |= one(env, dev, s, what, &nowait, &doms.d[i]);
	}
	for (i = 1; a->wait && i < doms.n; i++) {
		struct hoist_domain_info info;

		ret = hoist_dev_domain_wait(dev, doms.d[i].domid, &info);
		if (ret && ret != -ENOENT)
			failed |= hoist_err_request(env, a->cmd, ret);
	}
	return failed ? HOIST_EXIT_FAIL : 0;
}

/* Shared by shutdown and reboot: what is "poweroff" or "reboot". */
static int shutdown_cmd(struct hoist_env *env, const char *cmd,
			const char *what, int argc, char **argv)
{
	struct shutdown_args a;
	struct hoist_dev dev;
	struct errbuf e;
	struct store *s;
	int ret;

	if (hoist_want_help(env, cmd, argc, argv))
		return HOIST_EXIT_OK;
	if ((ret = parse(env, cmd, argc, argv, &a)))
		return ret;
	ret = hoist_dev_open(&dev, env->dev);
	if (ret)
		return hoist_err_open(env, ret);
	if (store_connect(env->store, 0, &s, &e)) {
		hoist_err(env, "%s: %s", cmd, e.msg);
		hoist_dev_close(&dev);
		return HOIST_EXIT_FAIL;
	}
	ret = run(env, &dev, s, what, &a);
	env->store->close(s);
	hoist_dev_close(&dev);
	return ret;
}

int cmd_shutdown(struct hoist_env *env, int argc, char **argv)
{
	return shutdown_cmd(env, "shutdown", "poweroff", argc, argv);
}

int cmd_reboot(struct hoist_env *env, int argc, char **argv)
{
	return shutdown_cmd(env, "reboot", "reboot", argc, argv);
}
