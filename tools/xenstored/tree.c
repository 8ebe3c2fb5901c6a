/*
 * The store's tree (tree.h).  Children are kept in an unsorted array: a
 * directory of a few hundred entries is the most the protocol lists in one
 * reply (4096 bytes), so a linear search is what it costs.
 */
#include "tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hoist/xs_wire.h>

static uint64_t next_gen(struct xs_tree *t)
{
	return ++*t->gen_counter;
}

static struct xs_node *node_new(const char *name, size_t nlen)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = malloc(nlen + 1);
	if (!n->name) {
		free(n);
		return NULL;
	}
	memcpy(n->name, name, nlen);
	n->name[nlen] = '\0';
	return n;
}

static void node_free(struct xs_node *n)
{
	for (unsigned int i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n->name);
	free(n);
}

static int owned_add(struct xs_tree *t, uint16_t dom, int delta)
{
	if (dom >= t->owned_len) {
		unsigned int len = (unsigned int)dom + 64;
		unsigned int *o = realloc(t->owned, len * sizeof(*o));

		if (!o)
			return ENOMEM;
		memset(o + t->owned_len, 0, (len - t->owned_len) * sizeof(*o));
		t->owned = o;
		t->owned_len = len;
	}
	t->owned[dom] += (unsigned int)delta;
	return 0;
}

unsigned int xs_tree_owned(const struct xs_tree *t, uint16_t dom)
{
	return dom < t->owned_len ? t->owned[dom] : 0;
}

static void touch(struct xs_tree *t, struct xs_node *n)
{
	n->gen = next_gen(t);
	if (t->is_copy)
		n->txn_dirty = true;
}

int xs_tree_init(struct xs_tree *t)
{
	memset(t, 0, sizeof(*t));
	t->gen_counter = &t->own_gen;
	t->root = node_new("", 0);
	if (!t->root)
		return ENOMEM;
	/* Xen's root: owned by dom0, readable by nobody else by default. */
	t->root->perms[0] = (struct xs_perm){ 0, 0 };
	t->root->nperms = 1;
	t->root->gen = next_gen(t);
	t->nodes = 1;
	return owned_add(t, 0, 1);
}

void xs_tree_free(struct xs_tree *t)
{
	if (t->root)
		node_free(t->root);
	free(t->owned);
	t->root = NULL;
	t->owned = NULL;
}

static struct xs_node *node_copy(const struct xs_node *s, struct xs_node *parent)
{
	struct xs_node *n = node_new(s->name, strlen(s->name));

	if (!n)
		return NULL;
	n->parent = parent;
	n->vlen = s->vlen;
	n->gen = s->gen;
	n->nperms = s->nperms;
	memcpy(n->perms, s->perms, sizeof(n->perms));
	if (s->vlen) {
		n->value = malloc(s->vlen);
		if (!n->value)
			goto fail;
		memcpy(n->value, s->value, s->vlen);
	}
	if (s->nkids) {
		n->kids = calloc(s->nkids, sizeof(*n->kids));
		if (!n->kids)
			goto fail;
		n->kids_cap = s->nkids;
		for (unsigned int i = 0; i < s->nkids; i++) {
			n->kids[i] = node_copy(s->kids[i], n);
			if (!n->kids[i])
				goto fail;
			n->nkids++;
		}
	}
	return n;
fail:
	node_free(n);
	return NULL;
}

int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->gen_counter = src->gen_counter;
	dst->is_copy = true;
	dst->nodes = src->nodes;
	dst->root = node_copy(src->root, NULL);
	if (!dst->root)
		return ENOMEM;
	if (src->owned_len) {
		dst->owned = malloc(src->owned_len * sizeof(*dst->owned));
		if (!dst->owned) {
			xs_tree_free(dst);
			return ENOMEM;
		}
		memcpy(dst->owned, src->owned, src->owned_len * sizeof(*dst->owned));
		dst->owned_len = src->owned_len;
	}
	return 0;
}

static bool path_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

bool xs_path_valid(const char *path)
{
	size_t len = strlen(path);

	if (path[0] != '/' || len > XENSTORE_ABS_PATH_MAX)
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!path_char_ok(path[i]))
			return false;
		if (path[i] == '/' && path[i + 1] == '/')
			return false;
	}
	return true;
}

static struct xs_node *kid(const struct xs_node *n, const char *name, size_t len)
{
	for (unsigned int i = 0; i < n->nkids; i++)
		if (strlen(n->kids[i]->name) == len &&
		    !memcmp(n->kids[i]->name, name, len))
			return n->kids[i];
	return NULL;
}

/*
 * Walks path as far as it exists: returns the deepest existing node and
 * sets *rest to the part of path below it ("" when the whole path exists).
 */
static struct xs_node *walk(const struct xs_tree *t, const char *path, const char **rest)
{
	struct xs_node *n = t->root;
	const char *p = path + 1;

	while (*p) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		struct xs_node *k = kid(n, p, len);

		if (!k)
			break;
		n = k;
		p += len;
		if (*p == '/')
			p++;
	}
	*rest = p;
	return n;
}

struct xs_node *xs_tree_lookup(const struct xs_tree *t, const char *path)
{
	const char *rest;
	struct xs_node *n;

	if (!xs_path_valid(path))
		return NULL;
	n = walk(t, path, &rest);
	return *rest ? NULL : n;
}

void xs_node_path(const struct xs_node *n, char *buf, size_t size)
{
	size_t pos = size - 1;

	buf[pos] = '\0';
	if (!n->parent) {
		buf[0] = '/';
		buf[1] = '\0';
		return;
	}
	for (; n->parent && pos > 0; n = n->parent) {
		size_t len = strlen(n->name);

		if (len + 1 > pos)
			break;
		pos -= len;
		memcpy(buf + pos, n->name, len);
		buf[--pos] = '/';
	}
	memmove(buf, buf + pos, size - pos);
}

unsigned int xs_perm_of(uint16_t dom, const struct xs_perm *p, unsigned int n)
{
	if (dom == 0 || n == 0)
		return dom == 0 ? XS_PERM_READ | XS_PERM_WRITE : 0;
	if (p[0].id == dom)
		return XS_PERM_READ | XS_PERM_WRITE;
	for (unsigned int i = 1; i < n; i++)
		if (p[i].id == dom)
			return p[i].perm;
	return p[0].perm;
}

static unsigned int node_perm(const struct xs_node *n, uint16_t dom)
{
	return xs_perm_of(dom, n->perms, n->nperms);
}

int xs_perms_parse(const char *buf, size_t len, struct xs_perm *out, unsigned int max)
{
	unsigned int n = 0;
	size_t i = 0;

	while (i < len) {
		const char *s = buf + i;
		size_t l = strnlen(s, len - i);
		unsigned long id = 0;
		uint8_t perm;

		if (l == len - i || l < 2 || l > 6 || n == max)
			return -1;	/* unterminated, malformed or too many */
		switch (s[0]) {
		case 'n': perm = 0; break;
		case 'r': perm = XS_PERM_READ; break;
		case 'w': perm = XS_PERM_WRITE; break;
		case 'b': perm = XS_PERM_READ | XS_PERM_WRITE; break;
		default: return -1;
		}
		for (size_t k = 1; k < l; k++) {
			if (s[k] < '0' || s[k] > '9')
				return -1;
			id = id * 10 + (unsigned long)(s[k] - '0');
		}
		if (id > 0xFFFF)
			return -1;
		out[n++] = (struct xs_perm){ (uint16_t)id, perm };
		i += l + 1;
	}
	return n ? (int)n : -1;
}

size_t xs_perms_format(const struct xs_perm *p, unsigned int n, char *buf, size_t size)
{
	static const char letter[] = "nrwb";
	size_t pos = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (pos + 8 > size)
			break;
		buf[pos++] = letter[p[i].perm & 3];
		pos += (size_t)snprintf(buf + pos, 6, "%u", (unsigned int)p[i].id);
		buf[pos++] = '\0';
	}
	return pos;
}

static void notify(struct xs_tree *t, const char *path, const struct xs_node *n,
		   bool recurse)
{
	if (t->changed)
		t->changed(t->ctx, path, n->perms, n->nperms, recurse);
}

int xs_tree_read(const struct xs_tree *t, uint16_t dom, const char *path,
		 const struct xs_node **out)
{
	const struct xs_node *n;

	if (!xs_path_valid(path))
		return EINVAL;
	n = xs_tree_lookup(t, path);
	if (!n)
		return ENOENT;
	if (!(node_perm(n, dom) & XS_PERM_READ))
		return EACCES;
	*out = n;
	return 0;
}

static int add_kid(struct xs_node *parent, struct xs_node *k)
{
	if (parent->nkids == parent->kids_cap) {
		unsigned int cap = parent->kids_cap ? parent->kids_cap * 2 : 4;
		struct xs_node **kids = realloc(parent->kids, cap * sizeof(*kids));

		if (!kids)
			return ENOMEM;
		parent->kids = kids;
		parent->kids_cap = cap;
	}
	parent->kids[parent->nkids++] = k;
	k->parent = parent;
	return 0;
}

static unsigned int components(const char *rest)
{
	unsigned int c = *rest ? 1 : 0;

	for (; *rest; rest++)
		c += *rest == '/';
	return c;
}

/*
 * Creates the missing part of path under the existing node at, every new
 * node inheriting its parent's permissions, owned by dom when dom is not
 * privileged (as Xen does: a guest owns what it creates).  All or nothing.
 */
static int create(struct xs_tree *t, uint16_t dom, struct xs_node *at,
		  const char *rest, struct xs_node **out)
{
	struct xs_node *first = NULL, *n = at;
	unsigned int count = components(rest);
	uint16_t owner = dom ? dom : at->perms[0].id;
	int err;

	if (!(node_perm(at, dom) & XS_PERM_WRITE))
		return EACCES;
	if (dom && xs_tree_owned(t, dom) + count > XS_QUOTA_NODES)
		return ENOSPC;
	err = owned_add(t, owner, 0);	/* allocate the counter now */
	if (err)
		return err;
	while (*rest) {
		const char *e = strchr(rest, '/');
		size_t len = e ? (size_t)(e - rest) : strlen(rest);
		struct xs_node *k = node_new(rest, len);

		if (!k)
			goto nomem;
		k->nperms = n->nperms;
		memcpy(k->perms, n->perms, sizeof(k->perms));
		if (dom && k->perms[0].id != dom) {
			/* The creator becomes owner; drop its own explicit entry. */
			unsigned int j = 1;

			k->perms[0].id = dom;
			for (unsigned int i = 1; i < k->nperms; i++)
				if (k->perms[i].id != dom)
					k->perms[j++] = k->perms[i];
			k->nperms = j;
		}
		if (first) {
			if (add_kid(n, k)) {
				node_free(k);
				goto nomem;
			}
		} else {
			k->parent = n;	/* linked into the tree last */
			first = k;
		}
		touch(t, k);
		n = k;
		rest += len;
		if (*rest == '/')
			rest++;
	}
	if (add_kid(at, first))
		goto nomem;
	touch(t, at);
	t->nodes += count;
	owned_add(t, owner, (int)count);
	*out = n;
	return 0;
nomem:
	if (first)
		node_free(first);
	return ENOMEM;
}

static int set_value(struct xs_node *n, const char *val, unsigned int len)
{
	char *v = NULL;

	if (len) {
		v = malloc(len);
		if (!v)
			return ENOMEM;
		memcpy(v, val, len);
	}
	free(n->value);
	n->value = v;
	n->vlen = len;
	return 0;
}

int xs_tree_write(struct xs_tree *t, uint16_t dom, const char *path,
		  const char *val, unsigned int len)
{
	const char *rest;
	struct xs_node *n;
	int err;

	if (!xs_path_valid(path) || path[1] == '\0' || strchr(path, '@'))
		return EINVAL;
	if (dom && len > XS_QUOTA_NODE_SIZE)
		return ENOSPC;
	n = walk(t, path, &rest);
	if (*rest) {
		struct xs_node *at = n;

		err = create(t, dom, at, rest, &n);
		if (err)
			return err;
		err = set_value(n, val, len);
		if (err) {	/* undo the creation: nothing changes */
			size_t l = strlen(path) - strlen(rest);
			char top[XENSTORE_ABS_PATH_MAX + 1];
			const char *e = strchr(rest, '/');

			memcpy(top, path, l);
			memcpy(top + l, rest, e ? (size_t)(e - rest) : strlen(rest));
			top[l + (e ? (size_t)(e - rest) : strlen(rest))] = '\0';
			xs_tree_rm(t, 0, top);
			return err;
		}
	} else {
		if (!(node_perm(n, dom) & XS_PERM_WRITE))
			return EACCES;
		err = set_value(n, val, len);
		if (err)
			return err;
		touch(t, n);
	}
	notify(t, path, n, false);
	return 0;
}

int xs_tree_mkdir(struct xs_tree *t, uint16_t dom, const char *path)
{
	const char *rest;
	struct xs_node *n;
	int err;

	if (!xs_path_valid(path) || strchr(path, '@'))
		return EINVAL;
	n = walk(t, path, &rest);
	if (!*rest)
		return 0;	/* exists: Xen answers OK */
	err = create(t, dom, n, rest, &n);
	if (err)
		return err;
	notify(t, path, n, false);
	return 0;
}

static void uncount(struct xs_tree *t, struct xs_node *n)
{
	for (unsigned int i = 0; i < n->nkids; i++)
		uncount(t, n->kids[i]);
	t->nodes--;
	if (n->perms[0].id < t->owned_len && t->owned[n->perms[0].id])
		t->owned[n->perms[0].id]--;
}

int xs_tree_rm(struct xs_tree *t, uint16_t dom, const char *path)
{
	const char *rest;
	struct xs_node *n, *p;
	struct xs_perm perms[XS_PERMS_MAX];
	struct xs_node shadow;

	if (!xs_path_valid(path) || strchr(path, '@'))
		return EINVAL;
	if (path[1] == '\0')
		return EINVAL;		/* the root stays */
	n = walk(t, path, &rest);
	if (*rest) {
		/* Missing: fine if its parent exists (Xen), else ENOENT. */
		return strchr(rest, '/') ? ENOENT : 0;
	}
	if (!(node_perm(n, dom) & XS_PERM_WRITE))
		return EACCES;
	p = n->parent;
	for (unsigned int i = 0; i < p->nkids; i++) {
		if (p->kids[i] == n) {
			p->kids[i] = p->kids[--p->nkids];
			break;
		}
	}
	touch(t, p);
	uncount(t, n);
	memcpy(perms, n->perms, sizeof(perms));
	shadow.nperms = n->nperms;
	memcpy(shadow.perms, perms, sizeof(perms));
	node_free(n);
	notify(t, path, &shadow, true);
	return 0;
}

int xs_tree_set_perms(struct xs_tree *t, uint16_t dom, const char *path,
		      const struct xs_perm *p, unsigned int n)
{
	struct xs_node *node;
	uint16_t old;

	if (!xs_path_valid(path) || strchr(path, '@') || n == 0 || n > XS_PERMS_MAX)
		return EINVAL;
	if (dom && n > XS_QUOTA_PERMS)
		return ENOSPC;
	node = xs_tree_lookup(t, path);
	if (!node)
		return ENOENT;
	if (!(node_perm(node, dom) & XS_PERM_WRITE))
		return EACCES;
	old = node->perms[0].id;
	if (dom && p[0].id != old)
		return EPERM;	/* only dom0 gives a node away */
	if (owned_add(t, p[0].id, 0))
		return ENOMEM;
	memset(node->perms, 0, sizeof(node->perms));
	memcpy(node->perms, p, n * sizeof(*p));
	node->nperms = n;
	if (old < t->owned_len && t->owned[old])
		t->owned[old]--;
	t->owned[p[0].id]++;
	touch(t, node);
	notify(t, path, node, false);
	return 0;
}
