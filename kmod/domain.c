// SPDX-License-Identifier: GPL-2.0
/*
 * The domain registry: which guest domains exist, by id and name, who
 * holds a reference to them, and the graveyard of destroyed domains whose
 * console output nobody read yet.  domains_lock, and so both lists, is
 * private to this file.  The domains themselves are built and destroyed by
 * domctl.c and run by vcpu.c (domain.h).
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/bitops.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "hoist.h"
#include "domain.h"

#define GRAVES_MAX	16		/* destroyed domains whose output is unread */

static LIST_HEAD(domains);
/*
 * Destroyed domains with console output nobody read yet: `hoist create -c`
 * of a guest that powers off at once must still show its last lines.
 */
static LIST_HEAD(graveyard);
static unsigned int graves;
static DEFINE_MUTEX(domains_lock);

static void dom_free(struct kref *ref)
{
	struct hoist_dom *d = container_of(ref, struct hoist_dom, ref);

	kvfree(d->pages);
	kvfree(d->huge);
	kvfree(d->written);
	kfree(d->leftover);
	kfree(d);
}

void hoist_dom_put(struct hoist_dom *d)
{
	kref_put(&d->ref, dom_free);
}

/*
 * A new domain's record, referenced once, with room for its page list but
 * no pages yet; not in the registry until hoist_dom_register().
 */
struct hoist_dom *hoist_dom_alloc(const char *name, u64 mem_kb, u32 vcpus)
{
	struct hoist_dom *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	kref_init(&d->ref);
	mutex_init(&d->lock);
	init_waitqueue_head(&d->wq);
	strscpy(d->name, name, sizeof(d->name));
	d->mem_kb = mem_kb;
	d->vcpus = vcpus;
	d->nr_pages = mem_kb / 4;
	d->pages = kvcalloc(d->nr_pages, sizeof(*d->pages), GFP_KERNEL);
	/* Bitmaps of up to 32 KiB per GiB: kvcalloc, as the page array. */
	d->huge = kvcalloc(BITS_TO_LONGS(DIV_ROUND_UP(d->nr_pages,
						      HOIST_POP_2M_PAGES)),
			   sizeof(long), GFP_KERNEL);
	d->written = kvcalloc(BITS_TO_LONGS(d->nr_pages), sizeof(long),
			      GFP_KERNEL);
	if (!d->pages || !d->huge || !d->written) {
		hoist_dom_put(d);
		return NULL;
	}
	return d;
}

/* Under domains_lock. */
static bool name_in_use(const char *name)
{
	struct hoist_dom *o;

	list_for_each_entry(o, &domains, node)
		if (!strcmp(o->name, name))
			return true;
	return false;
}

/*
 * Create d in the hypervisor, which gives it its id, and list it.  The
 * name check, the create and the listing are one step under domains_lock,
 * so two creates of one name cannot both succeed.  The list takes over the
 * caller's reference.
 */
long hoist_dom_register(struct hoist_dom *d)
{
	struct hoist_hc_domain_create hc = { 0 };
	long r;

	mutex_lock(&domains_lock);
	r = name_in_use(d->name) ? -EEXIST : 0;
	if (!r) {
		/* and the console and store pages */
		hc.max_pages = d->nr_pages + 2;
		hc.nr_vcpus = d->vcpus;
		hc.max_grant_frames = d->max_grant_frames;
		r = hoist_hypercall_grow(HOIST_HC_DOMAIN_CREATE,
					 (unsigned long)&hc, 0, 0);
	}
	if (!r) {
		d->domid = hc.domid;
		list_add_tail(&d->node, &domains);
	}
	mutex_unlock(&domains_lock);
	if (!r)
		hoist_domain_events_changed();
	return r;
}

/* Under domains_lock. */
static struct hoist_dom *find_locked(struct list_head *list, u32 domid)
{
	struct hoist_dom *d;

	list_for_each_entry(d, list, node)
		if (d->domid == domid)
			return d;
	return NULL;
}

/* A live domain, or with buried also a destroyed one with output unread. */
static struct hoist_dom *get(u32 domid, bool buried)
{
	struct hoist_dom *d;

	mutex_lock(&domains_lock);
	d = find_locked(&domains, domid);
	if (!d && buried)
		d = find_locked(&graveyard, domid);
	if (d)
		kref_get(&d->ref);
	mutex_unlock(&domains_lock);
	return d;
}

struct hoist_dom *hoist_dom_get(u32 domid)
{
	return get(domid, false);
}

/*
 * An ioctl on the live domain a request names: fn(d, arg), d referenced
 * meanwhile, after the checks most domain ioctls begin with, in their
 * order (-EINVAL for a malformed request, then -ENOENT).
 */
long hoist_dom_ioctl(u32 domid, bool malformed,
		     long (*fn)(struct hoist_dom *d, void *arg), void *arg)
{
	struct hoist_dom *d;
	long r;

	if (malformed)
		return -EINVAL;
	d = hoist_dom_get(domid);
	if (!d)
		return -ENOENT;
	r = fn(d, arg);
	hoist_dom_put(d);
	return r;
}

/* A live domain, or a destroyed one whose console output is unread. */
struct hoist_dom *hoist_dom_get_console(u32 domid)
{
	return get(domid, true);
}

/* Any live domain, referenced; NULL once there is none. */
struct hoist_dom *hoist_dom_get_first(void)
{
	struct hoist_dom *d;

	mutex_lock(&domains_lock);
	d = list_first_entry_or_null(&domains, struct hoist_dom, node);
	if (d)
		kref_get(&d->ref);
	mutex_unlock(&domains_lock);
	return d;
}

bool hoist_domains_exist(void)
{
	bool any;

	mutex_lock(&domains_lock);
	any = !list_empty(&domains);
	mutex_unlock(&domains_lock);
	return any;
}

/* Under domains_lock: off the graveyard, and the graveyard's reference. */
static void leave_grave(struct hoist_dom *d)
{
	list_del_init(&d->node);
	d->in_grave = false;
	graves--;
	hoist_dom_put(d);
}

/* Under domains_lock. */
static void bury_oldest(void)
{
	leave_grave(list_first_entry(&graveyard, struct hoist_dom, node));
}

/*
 * The hypervisor destroyed d: off the list and into the graveyard (if its
 * console left output), then gone, in one step under domains_lock, so a
 * console reader that sees it gone finds it buried.  Under d->lock.
 */
void hoist_dom_destroyed(struct hoist_dom *d)
{
	mutex_lock(&domains_lock);
	list_del_init(&d->node);
	if (d->leftover_len) {
		list_add_tail(&d->node, &graveyard);
		d->in_grave = true;
		if (++graves > GRAVES_MAX)
			bury_oldest();
	} else {
		hoist_dom_put(d);	/* the list's reference; the caller holds one */
	}
	WRITE_ONCE(d->gone, true);
	mutex_unlock(&domains_lock);
	hoist_domain_events_changed();
}

/* Every domain destroyed (unload, reboot): unread output goes too. */
void hoist_graves_clear(void)
{
	mutex_lock(&domains_lock);
	while (graves)
		bury_oldest();
	mutex_unlock(&domains_lock);
}

/*
 * What a destroyed domain left in its console (hoist_console_save());
 * its grave goes when all is read.  The position moves under domains_lock:
 * readers of one grave may race.
 */
long hoist_grave_read(struct hoist_dom *d, char *buf, size_t len)
{
	size_t n;

	mutex_lock(&domains_lock);
	n = min(len, d->leftover_len - d->leftover_pos);
	memcpy(buf, d->leftover + d->leftover_pos, n);
	d->leftover_pos += n;
	if (d->in_grave && d->leftover_pos == d->leftover_len)
		leave_grave(d);	/* the caller's reference remains */
	mutex_unlock(&domains_lock);
	return n;
}

/* What `hoist list` shows of d; one the hypervisor lost is dying. */
static void fill_info(struct hoist_dom *d, struct hoist_domain_info *out)
{
	struct hoist_hc_domain_info hi = { 0 };

	memset(out, 0, sizeof(*out));
	out->domid = d->domid;
	out->vcpus = d->vcpus;
	out->mem_kb = d->mem_kb;
	strscpy(out->name, d->name, sizeof(out->name));
	if (d->gone ||
	    hoist_hypercall(HOIST_HC_DOMAIN_INFO, d->domid, (unsigned long)&hi, 0)) {
		out->flags = HOIST_DOM_DYING;
		return;
	}
	out->flags = hi.flags;
	out->shutdown_reason = hi.shutdown_reason;
	out->vcpus_online = hi.vcpus_online;
	out->cpu_time_ns = hi.cpu_time_ns;
}

/* The first max live domains into buf; returns how many there are. */
u32 hoist_dom_list_info(struct hoist_domain_info *buf, u32 max)
{
	struct hoist_dom *d;
	u32 n = 0;

	mutex_lock(&domains_lock);
	list_for_each_entry(d, &domains, node) {
		if (n < max)
			fill_info(d, &buf[n]);
		n++;
	}
	mutex_unlock(&domains_lock);
	return n;
}

/* d as `hoist list` shows it, or -ENOENT once it is gone. */
long hoist_dom_info(struct hoist_dom *d, struct hoist_domain_info *out)
{
	long r = 0;

	mutex_lock(&domains_lock);
	if (d->gone)
		r = -ENOENT;
	else
		fill_info(d, out);
	mutex_unlock(&domains_lock);
	return r;
}
