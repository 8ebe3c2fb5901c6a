/*
 * The store's tree: nodes with a value, permissions and a generation
 * count, addressed by absolute paths.  Pure data structure: no I/O, so the
 * unit tests drive it directly.  Every operation checks the acting domain's
 * permissions and quotas first and changes nothing when it fails.
 */
#ifndef XSD_TREE_H
#define XSD_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Xen's default quotas (xenstored_core.c), for unprivileged domains. */
#define XS_QUOTA_NODES		1000	/* nodes a domain owns */
#define XS_QUOTA_NODE_SIZE	2048	/* value bytes of one node */
#define XS_QUOTA_PERMS		5	/* permission entries of one node */
#define XS_PERMS_MAX		32	/* hard limit, dom0 included */

/* Permission bits; the wire letters are n (none), r, w, b (both). */
#define XS_PERM_READ	1
#define XS_PERM_WRITE	2

struct xs_perm {
	uint16_t id;	/* domain */
	uint8_t perm;	/* XS_PERM_* */
};

struct xs_node {
	char *name;			/* last component ("" for the root) */
	struct xs_node *parent;
	struct xs_node **kids;
	unsigned int nkids, kids_cap;
	char *value;
	unsigned int vlen;
	struct xs_perm perms[XS_PERMS_MAX];	/* [0]: owner + default for others */
	unsigned int nperms;
	uint64_t gen;			/* changed with value, perms or children */
	bool txn_dirty;			/* changed inside a transaction's copy */
};

/*
 * Called after each change, for the watches: path (absolute) changed;
 * perms are the node's (before a removal), recurse says the whole subtree
 * under path went away.
 */
typedef void (*xs_change_fn)(void *ctx, const char *path,
			     const struct xs_perm *perms, unsigned int nperms,
			     bool recurse);

struct xs_tree {
	struct xs_node *root;
	uint64_t *gen_counter;		/* shared by a tree and its copies */
	uint64_t own_gen;
	unsigned int nodes;
	unsigned int *owned;		/* nodes owned, indexed by domid */
	unsigned int owned_len;
	bool is_copy;			/* a transaction's snapshot */
	xs_change_fn changed;
	void *ctx;
};

int xs_tree_init(struct xs_tree *t);
void xs_tree_free(struct xs_tree *t);
/* A deep copy for a transaction (0 or ENOMEM); changes to it mark nodes dirty. */
int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src);

/* Path syntax: absolute, [A-Za-z0-9-/_@], no empty component, <= max. */
bool xs_path_valid(const char *path);
struct xs_node *xs_tree_lookup(const struct xs_tree *t, const char *path);
/* Full path of a node into buf (size XENSTORE_ABS_PATH_MAX + 1). */
void xs_node_path(const struct xs_node *n, char *buf, size_t size);

/* Effective XS_PERM_* of domain dom on a node with these perms. */
unsigned int xs_perm_of(uint16_t dom, const struct xs_perm *p, unsigned int n);
/* "b0\0r5\0" <-> perms; parse returns count or -1. */
int xs_perms_parse(const char *buf, size_t len, struct xs_perm *out, unsigned int max);
size_t xs_perms_format(const struct xs_perm *p, unsigned int n, char *buf, size_t size);

/* Operations: 0 or an errno value (EACCES, ENOENT, EINVAL, ENOSPC, ...). */
int xs_tree_read(const struct xs_tree *t, uint16_t dom, const char *path,
		 const struct xs_node **out);
int xs_tree_write(struct xs_tree *t, uint16_t dom, const char *path,
		  const char *val, unsigned int len);
int xs_tree_mkdir(struct xs_tree *t, uint16_t dom, const char *path);
int xs_tree_rm(struct xs_tree *t, uint16_t dom, const char *path);
int xs_tree_set_perms(struct xs_tree *t, uint16_t dom, const char *path,
		      const struct xs_perm *p, unsigned int n);
unsigned int xs_tree_owned(const struct xs_tree *t, uint16_t dom);

#endif /* XSD_TREE_H */
