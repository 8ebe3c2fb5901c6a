/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The fake hypervisor behind the domain ioctls of the fake /dev/hoist:
 * domains with real (calloc'd) memory, checked the way ioctl.h says the
 * module checks them, and a record of every call for sequence checks.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_tools_fake.h"

/* The domain ioctls run under this lock (the console has two threads);
 * a blocking CONSOLE_READ waits on the condition. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t console_cond = PTHREAD_COND_INITIALIZER;

struct fake_dom *fake_find(uint32_t domid)
{
	unsigned i;

	for (i = 0; i < FAKE_MAX_DOMS; i++)
		if (fake_dev.doms[i].used && fake_dev.doms[i].info.domid == domid)
			return &fake_dev.doms[i];
	return NULL;
}

static struct fake_dom *find_name(const char *name)
{
	unsigned i;

	for (i = 0; i < FAKE_MAX_DOMS; i++)
		if (fake_dev.doms[i].used &&
		    !strcmp(fake_dev.doms[i].info.name, name))
			return &fake_dev.doms[i];
	return NULL;
}

static struct fake_dom *new_dom(const char *name, uint64_t mem_kb,
				uint32_t vcpus)
{
	struct fake_dom *d = NULL;
	unsigned i;

	for (i = 0; i < FAKE_MAX_DOMS && !d; i++)
		if (!fake_dev.doms[i].used)
			d = &fake_dev.doms[i];
	if (!d)
		return NULL;
	memset(d, 0, sizeof(*d));
	d->used = 1;
	d->info.domid = fake_dev.next_domid++;
	d->info.vcpus = vcpus;
	d->info.vcpus_online = 1;
	d->info.mem_kb = mem_kb;
	strcpy(d->info.name, name);
	for (i = 0; i < vcpus; i++)
		d->vcpu[i] = (struct hoist_vcpu_info){
			.domid = d->info.domid, .vcpu = i,
			.state = i ? HOIST_VCPU_OFFLINE : HOIST_VCPU_RUNNABLE,
			.cpu = i ? -1 : 0,
		};
	return d;
}

struct fake_dom *fake_add_domain(const char *name, uint32_t flags,
				 uint64_t mem_kb, uint32_t vcpus,
				 uint64_t cpu_ns)
{
	struct fake_dom *d = new_dom(name, mem_kb, vcpus);

	if (d) {
		d->info.flags = flags;
		d->info.cpu_time_ns = cpu_ns;
		d->info.vcpus_online = vcpus;
		d->booted = 1;
	}
	return d;
}

static void free_dom(struct fake_dom *d)
{
	free(d->mem);
	memset(d, 0, sizeof(*d));
}

static int name_ok(const char *name)
{
	size_t n = strnlen(name, HOIST_NAME_MAX), i;

	if (!n || n == HOIST_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.-", name[i]))
			return 0;
	return 1;
}

static int bad(void)
{
	fake_dev.bad_request = 1;
	return -EINVAL;
}

static int fake_create(struct hoist_domain_create *req)
{
	struct fake_dom *d;

	if (!name_ok(req->name) || !req->mem_kb || req->mem_kb % 4 ||
	    !req->vcpus || req->vcpus > HOIST_MAX_VCPUS || req->domid ||
	    req->pad)
		return bad();
	if (find_name(req->name))
		return -EEXIST;
	if (req->mem_kb > FAKE_MEM_MAX_KB)
		return -ENOMEM;
	d = new_dom(req->name, req->mem_kb, req->vcpus);
	if (!d)
		return -ENOSPC;
	d->mem = calloc(1, req->mem_kb * 1024);
	if (!d->mem) {
		free_dom(d);
		return -ENOMEM;
	}
	d->info.flags = HOIST_DOM_BUILDING;
	d->max_grant_frames = req->max_grant_frames;
	d->console = fake_dev.new_console;
	req->domid = d->info.domid;
	return 0;
}

static int fake_write(struct hoist_domain_write *req)
{
	struct fake_dom *d = fake_find(req->domid);
	uint64_t size;

	if (req->pad || !req->buf)
		return bad();
	if (!d)
		return -ENOENT;
	if (!(d->info.flags & HOIST_DOM_BUILDING))
		return -EBUSY;
	size = d->info.mem_kb * 1024;
	if (req->gpa > size || req->len > size - req->gpa)
		return bad();
	memcpy(d->mem + req->gpa, (const void *)(uintptr_t)req->buf, req->len);
	return 0;
}

static int fake_boot(struct hoist_domain_boot *req)
{
	struct fake_dom *d = fake_find(req->domid);

	if (!d)
		return -ENOENT;
	if (!(d->info.flags & HOIST_DOM_BUILDING))
		return -EBUSY;
	d->booted = 1;
	d->entry = req->entry;
	d->start_info = req->start_info;
	d->console_gfn = req->console_gfn;
	d->store_gfn = req->store_gfn;
	d->store_port = req->store_port;
	d->info.flags = HOIST_DOM_PAUSED;
	return 0;
}

static int fake_domctl(unsigned nr, struct hoist_domid *req)
{
	struct fake_dom *d = fake_find(req->domid);

	if (req->pad)
		return bad();
	if (!d)
		return -ENOENT;
	if (nr == FAKE_DESTROY) {
		free_dom(d);
		return 0;
	}
	if (!d->booted)
		return -EBUSY;
	if (nr == FAKE_PAUSE)
		d->info.flags = (d->info.flags & ~(HOIST_DOM_RUNNING |
				 HOIST_DOM_BLOCKED)) | HOIST_DOM_PAUSED;
	else
		d->info.flags = (d->info.flags & ~HOIST_DOM_PAUSED) |
				HOIST_DOM_RUNNING;
	return 0;
}

static int fake_list(struct hoist_domain_list *req)
{
	struct hoist_domain_info *out = (void *)(uintptr_t)req->buf;
	uint32_t id, n = 0;

	if (!req->buf || req->count)
		return bad();
	for (id = 1; id < 1000; id++) {
		struct fake_dom *d = fake_find(id);

		if (d && n < req->max)
			out[n++] = d->info;
	}
	req->count = n;
	return 0;
}

static int fake_vcpus(struct hoist_vcpu_list *req)
{
	struct fake_dom *d = fake_find(req->domid);
	struct hoist_vcpu_info *out = (void *)(uintptr_t)req->buf;
	uint32_t i;

	if (req->pad || !req->buf || req->count)
		return bad();
	if (!d)
		return -ENOENT;
	for (i = 0; i < d->info.vcpus && i < req->max; i++)
		out[i] = d->vcpu[i];
	req->count = i;
	return 0;
}

static size_t console_left(const struct fake_dom *d)
{
	size_t left = d->console ? strlen(d->console) - d->console_pos : 0;

	return left + d->echo_len - d->echo_pos;
}

/* The next n bytes of output: the fixed text, then the echo buffer. */
static void console_take(struct fake_dom *d, char *out, size_t n)
{
	size_t fixed = d->console ? strlen(d->console) - d->console_pos : 0;
	size_t a = n < fixed ? n : fixed;

	if (a)
		memcpy(out, d->console + d->console_pos, a);
	d->console_pos += a;
	memcpy(out + a, d->echo + d->echo_pos, n - a);
	d->echo_pos += n - a;
}

static int fake_console(struct hoist_console_read *req)
{
	struct fake_dom *d;
	size_t left, n;

	if (req->nonblock > 1 || !req->buf || !req->len || req->copied)
		return bad();
	for (;;) {
		d = fake_find(req->domid);
		if (!d)
			return -ENOENT;
		left = console_left(d);
		if (left || !d->console_block || d->console_gone ||
		    req->nonblock)
			break;
		/* A running guest with nothing to say. */
		pthread_cond_wait(&console_cond, &lock);
	}
	n = d->console_chunk && d->console_chunk < left ? d->console_chunk : left;
	if (n > req->len)
		n = req->len;
	console_take(d, (char *)(uintptr_t)req->buf, n);
	req->copied = n;	/* 0: all of it read, the domain "is gone" */
	return 0;
}

static void echo(struct fake_dom *d, const char *text, size_t n)
{
	if (n > sizeof(d->echo) - d->echo_len)
		n = sizeof(d->echo) - d->echo_len;
	memcpy(d->echo + d->echo_len, text, n);
	d->echo_len += n;
}

static int fake_console_write(struct hoist_console_write *req)
{
	struct fake_dom *d = fake_find(req->domid);
	size_t n = req->len;

	if (req->pad || !req->buf || !req->len ||
	    req->len > HOIST_CONSOLE_WRITE_MAX || req->written)
		return bad();
	if (!d)
		return -ENOENT;
	d->writes++;
	if (d->input_err)
		return d->input_err;
	if (d->input_full) {
		d->input_full--;
		return 0;	/* written 0: the ring is full */
	}
	if (d->input_max && n > d->input_max)
		n = d->input_max;
	if (n > sizeof(d->input) - 1 - d->input_len)
		n = sizeof(d->input) - 1 - d->input_len;
	memcpy(d->input + d->input_len, (const void *)(uintptr_t)req->buf, n);
	d->input_len += n;
	d->input[d->input_len] = '\0';
	if (d->input_echo)
		echo(d, (const char *)(uintptr_t)req->buf, n);
	if (d->input_end && strstr(d->input, d->input_end))
		d->console_gone = 1;
	pthread_cond_broadcast(&console_cond);
	req->written = n;
	return 0;
}

void fake_console_push(struct fake_dom *d, const char *text, int end)
{
	pthread_mutex_lock(&lock);
	echo(d, text, strlen(text));
	if (end)
		d->console_gone = 1;
	pthread_cond_broadcast(&console_cond);
	pthread_mutex_unlock(&lock);
}

size_t fake_console_input(struct fake_dom *d, char *buf, size_t size)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = d->input_len < size - 1 ? d->input_len : size - 1;
	memcpy(buf, d->input, n);
	buf[n] = '\0';
	pthread_mutex_unlock(&lock);
	return n;
}

static int fake_wait(struct hoist_domain_wait *req)
{
	struct fake_dom *d = fake_find(req->domid);

	if (req->pad)
		return bad();
	if (!d || fake_dev.wait_pos >= fake_dev.nwaits)
		return -ENOENT;
	d->info.flags = HOIST_DOM_SHUTDOWN;
	d->info.shutdown_reason = fake_dev.wait_reasons[fake_dev.wait_pos++];
	req->info = d->info;
	return 0;
}

int fake_domain_ioctl(unsigned nr, void *arg)
{
	switch (nr) {
	case FAKE_CREATE: return fake_create(arg);
	case FAKE_WRITE: return fake_write(arg);
	case FAKE_BOOT: return fake_boot(arg);
	case FAKE_UNPAUSE:
	case FAKE_PAUSE:
	case FAKE_DESTROY: return fake_domctl(nr, arg);
	case FAKE_LIST: return fake_list(arg);
	case FAKE_VCPUS: return fake_vcpus(arg);
	case FAKE_CONSOLE: return fake_console(arg);
	case FAKE_WAIT: return fake_wait(arg);
	case FAKE_CONSOLE_WRITE: return fake_console_write(arg);
	default: return -ENOTTY;
	}
}

int fake_domain_request(unsigned nr, void *arg)
{
	int ret;

	pthread_mutex_lock(&lock);
	fake_record(nr, arg);
	if (fake_dev.fail_nr == nr && fake_dev.nr_count[nr] == fake_dev.fail_nth)
		ret = fake_dev.fail_err;
	else
		ret = fake_domain_ioctl(nr, arg);
	if (!ret && nr == FAKE_CREATE && fake_dev.ncalls <= FAKE_MAX_CALLS)
		fake_dev.calls[fake_dev.ncalls - 1].domid =
			((struct hoist_domain_create *)arg)->domid;
	pthread_mutex_unlock(&lock);
	return ret;
}

/* Records the call (domid is the first u32 of every request but LIST). */
void fake_record(unsigned nr, void *arg)
{
	struct fake_call *c;

	fake_dev.nr_count[nr]++;
	if (fake_dev.ncalls == FAKE_MAX_CALLS)
		return;
	c = &fake_dev.calls[fake_dev.ncalls++];
	memset(c, 0, sizeof(*c));
	c->nr = nr;
	if (nr != FAKE_LIST && nr != FAKE_CREATE)
		memcpy(&c->domid, arg, sizeof(c->domid));
	if (nr == FAKE_WRITE) {
		c->gpa = ((struct hoist_domain_write *)arg)->gpa;
		c->len = ((struct hoist_domain_write *)arg)->len;
	}
}

const char *fake_call_seq(void)
{
	static char buf[FAKE_MAX_CALLS * 4];
	size_t len = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < fake_dev.ncalls && len < sizeof(buf) - 8; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u",
					i ? " " : "", fake_dev.calls[i].nr);
	return buf;
}
