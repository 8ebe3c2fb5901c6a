/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The domain monitor, as xl runs one per domain (xl_vmcontrol.c
 * create_domain): a background process that waits for the domain to
 * shut down and does what the config says for the reason:
 *
 *   destroy   DOMAIN_DESTROY, and the monitor ends
 *   restart   after a second, DOMAIN_DESTROY, build the domain again
 *             from the same description (same name), and keep watching
 *             the new one; if the domain was destroyed in that second,
 *             by `hoist destroy`, the restart is off
 *   preserve  leave it shut down (`hoist destroy` removes it); the
 *             monitor ends, as xl's does
 *
 * Its log (stdout and stderr, see sys_ops.daemonize) has xl's lines.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <hoist/xen.h>

#include "hoist.h"

/* Between a shutdown and the restart: a guest that crashes at once
 * and is restarted each time must not take a CPU. */
#define MONITOR_RESTART_DELAY	1	/* s */

static void mlog(struct hoist_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void mlog(struct hoist_env *env, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(env->err, fmt, ap);
	va_end(ap);
	fputc('\n', env->err);
	fflush(env->err);
}

/* Destroy and say so: 0, 1 when it was gone already, or -errno. */
static int cleanup(struct hoist_env *env, struct hoist_dev *dev,
		   uint32_t domid)
{
	struct errbuf store_e;
	int ret;

	mlog(env, "Domain %u needs to be cleaned up: destroying the domain",
	     (unsigned)domid);
	ret = domain_teardown(env, dev, domid, &store_e);
	if (store_e.msg[0])
		mlog(env, "hoist: %s", store_e.msg);
	if (ret == -ENOENT) {
		mlog(env, "Domain %u has been destroyed.", (unsigned)domid);
		return 1;
	}
	if (ret)
		mlog(env, "hoist: destroying domain %u: %s", (unsigned)domid,
		     strerror(-ret));
	return ret;
}

/*
 * The delay comes first, while the old domain still exists: a `hoist
 * destroy` in that time is seen (DESTROY finds nothing) and cancels the
 * restart, and the name is free only for the moment of the rebuild.
 */
static int restart(struct hoist_env *env, struct hoist_dev *dev,
		   const struct domcfg *d, uint32_t *domid)
{
	struct errbuf e;
	int ret;

	env->sys->sleep(MONITOR_RESTART_DELAY);
	ret = cleanup(env, dev, *domid);
	if (ret)
		return ret > 0 ? 0 : -EIO;
	mlog(env, "Done. Rebooting now");
	ret = domain_build(env, dev, d, domid, &e);
	if (!ret)
		ret = domain_start(env, dev, d, *domid, &e);
	if (ret) {
		mlog(env, "hoist: restarting '%s': %s", d->name, e.msg);
		return -EIO;
	}
	return 1;
}

/*
 * One shutdown: 1 when the monitor goes on watching *domid (restarted),
 * 0 when it is done, -errno on failure.
 */
static int handle_shutdown(struct hoist_env *env, struct hoist_dev *dev,
			   const struct domcfg *d, uint32_t *domid,
			   uint32_t reason)
{
	enum dom_action action;

	mlog(env, "Domain %u has shut down, reason code %u 0x%x",
	     (unsigned)*domid, (unsigned)reason, (unsigned)reason);
	if (reason == SHUTDOWN_suspend) {
		/* xl waits on; a suspended domain stays shut down here, so
		 * waiting again would return at once. */
		mlog(env, "Domain has suspended.");
		mlog(env, "Done. Exiting now");
		return 0;
	}
	action = domcfg_action_for(d, reason);
	mlog(env, "Action for shutdown reason code %u is %s",
	     (unsigned)reason, dom_action_name(action));
	if (action == DOM_ACTION_RESTART)
		return restart(env, dev, d, domid);
	if (action == DOM_ACTION_DESTROY && cleanup(env, dev, *domid) < 0)
		return -EIO;
	mlog(env, "Done. Exiting now");
	return 0;
}

int monitor_run(struct hoist_env *env, struct hoist_dev *dev,
		const struct domcfg *d, uint32_t domid)
{
	struct hoist_domain_info info;
	int ret;

	for (;;) {
		mlog(env, "Waiting for domain %s (domid %u) to die [pid %ld]",
		     d->name, (unsigned)domid, env->sys->getpid());
		ret = hoist_dev_domain_wait(dev, domid, &info);
		if (ret == -ENOENT ||
		    (!ret && (info.flags & HOIST_DOM_DYING) &&
		     !(info.flags & HOIST_DOM_SHUTDOWN))) {
			mlog(env, "Domain %u has been destroyed.",
			     (unsigned)domid);
			return HOIST_EXIT_OK;
		}
		if (ret) {
			mlog(env, "hoist: waiting for domain %u: %s",
			     (unsigned)domid, strerror(-ret));
			return HOIST_EXIT_FAIL;
		}
		if (!(info.flags & HOIST_DOM_SHUTDOWN)) {
			mlog(env, "hoist: domain %u: woken without a shutdown "
			     "(flags 0x%x); stopping", (unsigned)domid,
			     (unsigned)info.flags);
			return HOIST_EXIT_FAIL;
		}
		ret = handle_shutdown(env, dev, d, &domid, info.shutdown_reason);
		if (ret <= 0)
			return ret ? HOIST_EXIT_FAIL : HOIST_EXIT_OK;
	}
}

int monitor_spawn(struct hoist_env *env, struct hoist_dev *dev,
		  const struct domcfg *d, uint32_t domid)
{
	int ret;

	/* Unwritten output would be written twice, once by each process. */
	fflush(env->out);
	fflush(env->err);
	ret = env->sys->daemonize(d->name);
	if (ret != 0)
		return ret < 0 ? ret : 0;
	exit(monitor_run(env, dev, d, domid));
}
