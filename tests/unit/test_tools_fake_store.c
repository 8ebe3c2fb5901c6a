/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A fake xenstore for the hoist tool's unit tests: a flat table of nodes
 * (path, value, permissions), transactions that commit or roll back as a
 * whole (and can be told to fail with EAGAIN), INTRODUCE and RELEASE
 * recorded, and a daemon that runs or not (and that launch can start).
 * Only the paths written exist: a parent is not created implicitly, so
 * "nothing left behind" is simply "no node left".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_tools_fake.h"

struct fake_store fake_store;
static struct fake_store_node snapshot[FAKE_STORE_MAX_NODES];
static unsigned snapshot_n;

/* The connection handle: any non-NULL pointer the fake recognises. */
static char handle;

void fake_store_reset(void)
{
	memset(&fake_store, 0, sizeof(fake_store));
	fake_store.running = 1;
	fake_store.launch_starts = 1;
}

struct fake_store_node *fake_store_find(const char *path)
{
	unsigned i;

	for (i = 0; i < fake_store.n; i++)
		if (!strcmp(fake_store.nodes[i].path, path))
			return &fake_store.nodes[i];
	return NULL;
}

unsigned fake_store_count(const char *prefix)
{
	unsigned i, n = 0;

	for (i = 0; i < fake_store.n; i++)
		if (!strncmp(fake_store.nodes[i].path, prefix, strlen(prefix)))
			n++;
	return n;
}

int fake_store_put(const char *path, const char *value)
{
	struct fake_store_node *node = fake_store_find(path);

	if (strlen(path) >= sizeof(node->path) ||
	    strlen(value) >= sizeof(node->value))
		return -E2BIG;
	if (!node) {
		if (fake_store.n == FAKE_STORE_MAX_NODES)
			return -ENOSPC;
		node = &fake_store.nodes[fake_store.n++];
		memset(node, 0, sizeof(*node));
		strcpy(node->path, path);
	}
	strcpy(node->value, value);
	return 0;
}

static int ok(struct store *s)
{
	if (s != (struct store *)&handle || !fake_store.opened) {
		fake_store.bad_request = 1;
		return 0;
	}
	return 1;
}

static struct store *f_open(int *err)
{
	if (!fake_store.running) {
		*err = -ECONNREFUSED;
		return NULL;
	}
	fake_store.opens++;
	fake_store.opened++;
	return (struct store *)&handle;
}

static void f_close(struct store *s)
{
	if (ok(s))
		fake_store.opened--;
	fake_store.closes++;
}

static int f_launch(char *why, size_t size)
{
	fake_store.launches++;
	if (!fake_store.launch_starts) {
		snprintf(why, size, "no such file");
		return -ENOENT;
	}
	fake_store.running = 1;
	return 0;
}

static int f_tx_start(struct store *s, uint32_t *tx)
{
	if (!ok(s) || fake_store.tx)
		return fake_store.bad_request = 1, -EINVAL;
	memcpy(snapshot, fake_store.nodes, sizeof(snapshot));
	snapshot_n = fake_store.n;
	fake_store.tx = ++fake_store.txs;
	*tx = fake_store.tx;
	return 0;
}

static void rollback(void)
{
	memcpy(fake_store.nodes, snapshot, sizeof(snapshot));
	fake_store.n = snapshot_n;
}

static int f_tx_end(struct store *s, uint32_t tx, int abort)
{
	if (!ok(s) || tx != fake_store.tx || !tx)
		return fake_store.bad_request = 1, -EINVAL;
	fake_store.tx = 0;
	if (abort) {
		fake_store.aborts++;
		rollback();
		return 0;
	}
	if (fake_store.eagains) {
		fake_store.eagains--;
		rollback();
		return -EAGAIN;
	}
	fake_store.commits++;
	return 0;
}

static int check_tx(struct store *s, uint32_t tx)
{
	if (!ok(s) || tx != fake_store.tx) {
		fake_store.bad_request = 1;
		return -EINVAL;
	}
	return 0;
}

static int f_write(struct store *s, uint32_t tx, const char *path,
		   const char *value)
{
	int ret = check_tx(s, tx);

	if (ret)
		return ret;
	fake_store.writes++;
	if (fake_store.fail_write && fake_store.writes == fake_store.fail_write)
		return -ENOSPC;
	if (!tx)
		fake_store.plain_writes++;
	return fake_store_put(path, value);
}

static int f_mkdir(struct store *s, uint32_t tx, const char *path)
{
	int ret = check_tx(s, tx);

	return ret ? ret : fake_store_find(path) ? 0 : fake_store_put(path, "");
}

static int f_set_perms(struct store *s, uint32_t tx, const char *path,
		       const struct store_perm *perms, unsigned n)
{
	struct fake_store_node *node;
	int ret = check_tx(s, tx);

	if (ret)
		return ret;
	node = fake_store_find(path);
	if (!node)
		return -ENOENT;
	if (!n || n > FAKE_STORE_MAX_PERMS)
		return fake_store.bad_request = 1, -EINVAL;
	memcpy(node->perms, perms, n * sizeof(*perms));
	node->nperms = n;
	return 0;
}

static int f_read(struct store *s, uint32_t tx, const char *path,
		  char **value)
{
	struct fake_store_node *node;
	int ret = check_tx(s, tx);

	if (ret)
		return ret;
	node = fake_store_find(path);
	if (!node)
		return -ENOENT;
	*value = strdup(node->value);
	return *value ? 0 : -ENOMEM;
}

static int f_rm(struct store *s, uint32_t tx, const char *path)
{
	size_t len = strlen(path);
	unsigned i, kept = 0, gone = 0;
	int ret = check_tx(s, tx);

	if (ret)
		return ret;
	for (i = 0; i < fake_store.n; i++) {
		const char *p = fake_store.nodes[i].path;

		if (!strncmp(p, path, len) && (!p[len] || p[len] == '/')) {
			gone++;
			continue;
		}
		fake_store.nodes[kept++] = fake_store.nodes[i];
	}
	fake_store.n = kept;
	fake_store.rms++;
	return gone ? 0 : -ENOENT;
}

static int f_introduce(struct store *s, uint32_t domid, uint64_t gfn,
		       uint32_t port)
{
	if (!ok(s))
		return -EINVAL;
	if (fake_store.introduce_err)
		return fake_store.introduce_err;
	fake_store.introduced = domid;
	fake_store.introduced_gfn = gfn;
	fake_store.introduced_port = port;
	fake_store.introduces++;
	return 0;
}

static int f_release(struct store *s, uint32_t domid)
{
	if (!ok(s))
		return -EINVAL;
	fake_store.released = domid;
	fake_store.releases++;
	return 0;
}

const struct store_ops fake_store_ops = {
	.open = f_open,
	.close = f_close,
	.launch = f_launch,
	.tx_start = f_tx_start,
	.tx_end = f_tx_end,
	.write = f_write,
	.mkdir = f_mkdir,
	.set_perms = f_set_perms,
	.read = f_read,
	.rm = f_rm,
	.introduce = f_introduce,
	.release = f_release,
};
