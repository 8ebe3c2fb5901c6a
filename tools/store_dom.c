/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A domain's part of the xenstore, as libxl writes it (libxl_create.c
 * libxl__domain_make and libxl__build_post; pv-devices.md 1.4):
 *
 *   /local/domain/N            n0 rN   domid, name, vm, memory/static-max
 *                                      and target, store/port and ring-ref,
 *                                      cpu/K/availability
 *   /local/domain/N/control    n0 rN   platform-feature-* = 1
 *   control/shutdown, sysrq,   nN      the guest's own: it watches them
 *   feature-poweroff|reboot|           and announces what it handles
 *   suspend
 *   data drivers feature attr  nN
 *   error device
 *   /vm/UUID                   n0 rN   uuid, name, memory, vcpus
 *
 * all in one transaction, with every node's permissions set explicitly;
 * INTRODUCE follows the commit, so the guest never sees a half tree.
 * Removal is RELEASE then rm of both trees, so nothing stays behind.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"

/* A commit that keeps meeting other writers gives up after these. */
#define STORE_TX_TRIES	8

int store_connect(const struct store_ops *ops, int launch, struct store **s,
		  struct errbuf *e)
{
	char why[256];
	int ret;

	*s = ops->open(&ret);
	if (*s)
		return 0;
	if (!launch)
		return errbuf_set(e, ret, "%s is not running (its socket does "
				  "not answer: %s)", STORE_DAEMON,
				  strerror(-ret));
	ret = ops->launch(why, sizeof(why));
	if (ret)
		return errbuf_set(e, ret, "%s is not running and could not be "
				  "started: %s", STORE_DAEMON, why);
	*s = ops->open(&ret);
	if (!*s)
		return errbuf_set(e, ret, "%s was started but does not answer: "
				  "%s", STORE_DAEMON, strerror(-ret));
	return 0;
}

/* The writes of one transaction; the first error sticks. */
struct tx {
	const struct store_ops *ops;
	struct store *s;
	uint32_t t;
	int err;
	char where[STORE_PATH_MAX];	/* the path that failed */
};

static void put(struct tx *x, const struct store_perm *perms, unsigned n,
		const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void put(struct tx *x, const struct store_perm *perms, unsigned n,
		const char *value, const char *fmt, ...)
{
	char path[STORE_PATH_MAX];
	va_list ap;
	int len;

	if (x->err)
		return;
	va_start(ap, fmt);
	len = vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(path))
		x->err = -ENAMETOOLONG;
	else
		x->err = x->ops->write(x->s, x->t, path, value);
	if (!x->err)
		x->err = x->ops->set_perms(x->s, x->t, path, perms, n);
	if (x->err)
		snprintf(x->where, sizeof(x->where), "%s", path);
}

static void put_u(struct tx *x, const struct store_perm *perms, unsigned n,
		  unsigned long long v, const char *fmt, const char *sub)
{
	char num[24];

	snprintf(num, sizeof(num), "%llu", v);
	put(x, perms, n, num, fmt, sub);
}

/* Every node below, in the order written; tests check the same table. */
static void write_layout(struct tx *x, const struct store_domain *sd)
{
	/* Dom0 owns, the guest reads (roperm); the guest owns (rwperm). */
	const struct store_perm ro[2] = {
		{ 0, STORE_PERM_NONE }, { sd->domid, STORE_PERM_READ },
	};
	const struct store_perm rw[1] = { { sd->domid, STORE_PERM_NONE } };
	static const char *const guest_dirs[] = {
		"data", "drivers", "feature", "attr", "error", "device",
	};
	static const char *const control_rw[] = {
		"shutdown", "feature-poweroff", "feature-reboot",
		"feature-suspend", "sysrq",
	};
	char dom[STORE_PATH_MAX], vm[STORE_PATH_MAX];
	unsigned i;

	snprintf(dom, sizeof(dom), "/local/domain/%u", (unsigned)sd->domid);
	snprintf(vm, sizeof(vm), "/vm/%s", sd->uuid);
	/* A tree left by a domain of the same id goes first (as libxl). */
	if (!x->err)
		x->err = x->ops->rm(x->s, x->t, dom);
	if (x->err == -ENOENT)
		x->err = 0;
	put(x, ro, 2, "", "%s", dom);
	put_u(x, ro, 2, sd->domid, "%s/domid", dom);
	put(x, ro, 2, sd->name, "%s/name", dom);
	put(x, ro, 2, vm, "%s/vm", dom);
	put_u(x, ro, 2, sd->mem_kb, "%s/memory/static-max", dom);
	put_u(x, ro, 2, sd->mem_kb, "%s/memory/target", dom);
	put_u(x, ro, 2, sd->store_port, "%s/store/port", dom);
	put_u(x, ro, 2, sd->store_gfn, "%s/store/ring-ref", dom);
	for (i = 0; i < sd->vcpus; i++)
		put(x, ro, 2, "online", "%s/cpu/%u/availability", dom, i);
	put(x, ro, 2, "", "%s/control", dom);
	for (i = 0; i < sizeof(control_rw) / sizeof(control_rw[0]); i++)
		put(x, rw, 1, "", "%s/control/%s", dom, control_rw[i]);
	put(x, ro, 2, "1", "%s/control/platform-feature-xs_reset_watches",
	    dom);
	put(x, ro, 2, "1",
	    "%s/control/platform-feature-multiprocessor-suspend", dom);
	for (i = 0; i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++)
		put(x, rw, 1, "", "%s/%s", dom, guest_dirs[i]);
	put(x, ro, 2, "", "%s", vm);
	put(x, ro, 2, sd->uuid, "%s/uuid", vm);
	put(x, ro, 2, sd->name, "%s/name", vm);
	put_u(x, ro, 2, sd->mem_kb / 1024, "%s/memory", vm);
	put_u(x, ro, 2, sd->vcpus, "%s/vcpus", vm);
}

int store_domain_write(const struct store_ops *ops, struct store *s,
		       const struct store_domain *sd, struct errbuf *e)
{
	struct tx x;
	int tries, ret = -EAGAIN;

	for (tries = 0; tries < STORE_TX_TRIES && ret == -EAGAIN; tries++) {
		memset(&x, 0, sizeof(x));
		x.ops = ops;
		x.s = s;
		ret = ops->tx_start(s, &x.t);
		if (ret)
			return errbuf_set(e, ret, "xenstore: starting a "
					  "transaction: %s", strerror(-ret));
		write_layout(&x, sd);
		if (x.err) {
			ops->tx_end(s, x.t, 1);
			return errbuf_set(e, x.err, "xenstore: writing %s: %s",
					  x.where, strerror(-x.err));
		}
		ret = ops->tx_end(s, x.t, 0);
	}
	if (ret)
		return errbuf_set(e, ret, "xenstore: committing the nodes of "
				  "domain %u: %s", (unsigned)sd->domid,
				  strerror(-ret));
	ret = ops->introduce(s, sd->domid, sd->store_gfn, sd->store_port);
	if (ret) {
		errbuf_set(e, ret, "xenstore: introducing domain %u: %s",
			   (unsigned)sd->domid, strerror(-ret));
		store_domain_remove(ops, s, sd->domid);
	}
	return ret;
}

/* /vm/UUID as the domain's vm node says, if it looks like one of ours. */
static int vm_path(const struct store_ops *ops, struct store *s,
		   const char *dom, char *vm, size_t size)
{
	char path[STORE_PATH_MAX + 4], *v = NULL;
	int ret;

	snprintf(path, sizeof(path), "%s/vm", dom);
	ret = ops->read(s, STORE_NO_TX, path, &v);
	if (ret)
		return ret;
	/* Only dom0 writes vm (n0 rN); still, never rm outside /vm/. */
	if (strncmp(v, "/vm/", 4) || !v[4] || strchr(v + 4, '/') ||
	    strlen(v) >= size)
		ret = -EINVAL;
	else
		strcpy(vm, v);
	free(v);
	return ret;
}

int store_domain_remove(const struct store_ops *ops, struct store *s,
			uint32_t domid)
{
	char dom[STORE_PATH_MAX], vm[STORE_PATH_MAX];
	int ret, vm_ret;

	snprintf(dom, sizeof(dom), "/local/domain/%u", (unsigned)domid);
	/* The daemon may have released it already (the domain is gone). */
	ops->release(s, domid);
	vm_ret = vm_path(ops, s, dom, vm, sizeof(vm));
	ret = ops->rm(s, STORE_NO_TX, dom);
	if (ret == -ENOENT)
		ret = 0;
	if (!vm_ret) {
		vm_ret = ops->rm(s, STORE_NO_TX, vm);
		if (vm_ret && vm_ret != -ENOENT && !ret)
			ret = vm_ret;
	}
	return ret;
}

int store_domain_cleanup(const struct store_ops *ops, uint32_t domid,
			 struct errbuf *e)
{
	struct store *s;
	int ret = store_connect(ops, 0, &s, e);

	/* No daemon, no tree: its nodes lived in the daemon's memory. */
	if (ret)
		return 0;
	ret = store_domain_remove(ops, s, domid);
	ops->close(s);
	if (ret)
		return errbuf_set(e, ret, "xenstore: removing the nodes of "
				  "domain %u: %s", (unsigned)domid,
				  strerror(-ret));
	return 0;
}
