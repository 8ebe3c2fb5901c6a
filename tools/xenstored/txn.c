/*
 * Transactions: each works on its own copy of the tree, taken at start,
 * and keeps the generation of every node it read or changed (as first
 * seen) and a log of its changes.  Commit fails with EAGAIN if any of
 * those nodes changed in the store meanwhile; otherwise the log is played
 * on the store, which fires the watches then, not before.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

struct xs_txn *xs_txn_find(struct xs_conn *c, uint32_t id)
{
	for (struct xs_txn *t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static bool id_used(struct xs_store *s, uint32_t id)
{
	for (struct xs_conn *c = s->conns; c; c = c->next)
		if (xs_txn_find(c, id))
			return true;
	return false;
}

int xs_txn_start(struct xs_conn *c, uint32_t *id)
{
	struct xs_store *s = c->store;
	struct xs_txn *t;
	int err;

	if (c->domid && c->ntxns >= XS_QUOTA_TXNS)
		return ENOSPC;
	t = calloc(1, sizeof(*t));
	if (!t)
		return ENOMEM;
	err = xs_tree_copy(&t->tree, &s->tree);
	if (err) {
		free(t);
		return err;
	}
	/* Ids are never 0 (no transaction) and never in use. */
	do {
		if (++s->next_txn == 0)
			s->next_txn = 1;
	} while (id_used(s, s->next_txn));
	t->id = s->next_txn;
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	*id = t->id;
	return 0;
}

/* Remembers path's generation as the transaction first saw it. */
void xs_txn_note(struct xs_txn *t, const char *path)
{
	const struct xs_node *n;

	for (unsigned int i = 0; i < t->nacc; i++)
		if (!strcmp(t->acc[i].path, path))
			return;
	n = xs_tree_lookup(&t->tree, path);
	if (n && n->txn_dirty)
		return;		/* made by this transaction */
	if (t->nacc == t->acc_cap) {
		unsigned int cap = t->acc_cap ? t->acc_cap * 2 : 8;
		struct xs_access *a = realloc(t->acc, cap * sizeof(*a));

		if (!a) {
			t->oom = true;
			return;
		}
		t->acc = a;
		t->acc_cap = cap;
	}
	t->acc[t->nacc].path = strdup(path);
	if (!t->acc[t->nacc].path) {
		t->oom = true;
		return;
	}
	t->acc[t->nacc++].gen = n ? n->gen : 0;
}

int xs_txn_log(struct xs_txn *t, uint32_t type, const char *path, const char *val,
	       unsigned int len, const struct xs_perm *p, unsigned int np)
{
	struct xs_txn_op *op;

	if (t->nops == t->ops_cap) {
		unsigned int cap = t->ops_cap ? t->ops_cap * 2 : 8;
		struct xs_txn_op *o = realloc(t->ops, cap * sizeof(*o));

		if (!o)
			return ENOMEM;
		t->ops = o;
		t->ops_cap = cap;
	}
	op = &t->ops[t->nops];
	memset(op, 0, sizeof(*op));
	op->type = type;
	op->path = strdup(path);
	if (!op->path)
		return ENOMEM;
	if (len) {
		op->val = malloc(len);
		if (!op->val) {
			free(op->path);
			return ENOMEM;
		}
		memcpy(op->val, val, len);
	}
	op->len = len;
	if (np) {
		op->perms = malloc(np * sizeof(*p));
		if (!op->perms) {
			free(op->val);
			free(op->path);
			return ENOMEM;
		}
		memcpy(op->perms, p, np * sizeof(*p));
	}
	op->nperms = np;
	t->nops++;
	return 0;
}

static void txn_free(struct xs_txn *t)
{
	for (unsigned int i = 0; i < t->nacc; i++)
		free(t->acc[i].path);
	for (unsigned int i = 0; i < t->nops; i++) {
		free(t->ops[i].path);
		free(t->ops[i].val);
		free(t->ops[i].perms);
	}
	free(t->acc);
	free(t->ops);
	xs_tree_free(&t->tree);
	free(t);
}

static bool conflicts(const struct xs_store *s, const struct xs_txn *t)
{
	for (unsigned int i = 0; i < t->nacc; i++) {
		const struct xs_node *n = xs_tree_lookup(&s->tree, t->acc[i].path);

		if ((n ? n->gen : 0) != t->acc[i].gen)
			return true;
	}
	return false;
}

static int play(struct xs_store *s, uint16_t dom, const struct xs_txn_op *op)
{
	switch (op->type) {
	case XS_WRITE:
		return xs_tree_write(&s->tree, dom, op->path, op->val, op->len);
	case XS_MKDIR:
		return xs_tree_mkdir(&s->tree, dom, op->path);
	case XS_RM:
		return xs_tree_rm(&s->tree, dom, op->path);
	case XS_SET_PERMS:
		return xs_tree_set_perms(&s->tree, dom, op->path, op->perms, op->nperms);
	}
	return EINVAL;
}

int xs_txn_end(struct xs_conn *c, struct xs_txn *t, bool commit)
{
	struct xs_txn **pp;
	int err = 0;

	for (pp = &c->txns; *pp != t; pp = &(*pp)->next)
		;
	*pp = t->next;
	c->ntxns--;
	if (commit) {
		if (t->oom) {
			err = ENOMEM;
		} else if (conflicts(c->store, t)) {
			err = EAGAIN;
		} else {
			/*
			 * The nodes touched are as the transaction saw them, so
			 * each op succeeds as it did on the copy (permissions
			 * and quotas were checked there).
			 */
			for (unsigned int i = 0; i < t->nops; i++) {
				int e = play(c->store, c->domid, &t->ops[i]);

				if (e && !err)
					err = e;
			}
		}
	}
	txn_free(t);
	return err;
}

void xs_txns_free(struct xs_conn *c)
{
	while (c->txns) {
		struct xs_txn *t = c->txns;

		c->txns = t->next;
		txn_free(t);
	}
	c->ntxns = 0;
}
