/*
 * Watches: a connection's (path, token) pairs, and the events a change to
 * the tree sends them.  A watch sees changes to its path and everything
 * under it; a removed subtree also reports the watches inside it, with
 * the watch's own path.  A watcher only hears of nodes it may read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static bool under(const char *path, const char *top)
{
	size_t l = strlen(top);

	if (l == 1)		/* "/" is above everything absolute */
		return path[0] == '/';
	return !strncmp(path, top, l) && (path[l] == '\0' || path[l] == '/');
}

/* The path as the watcher sees it: relative when registered relative. */
static const char *shown(const struct xs_conn *c, const struct xs_watch *w,
			 const char *path, char *buf, size_t size)
{
	int l;

	if (!w->relative || path[0] != '/')
		return path;
	l = snprintf(buf, size, "/local/domain/%u/", (unsigned int)c->domid);
	if (l > 0 && (size_t)l < size && !strncmp(path, buf, (size_t)l))
		return path + l;
	return path;
}

static void event(struct xs_conn *c, const struct xs_watch *w, const char *path)
{
	char buf[32];
	const char *p = shown(c, w, path, buf, sizeof(buf));

	xs_conn_send(c, XS_WATCH_EVENT, 0, 0, p, strlen(p) + 1, w->token,
		     strlen(w->token) + 1);
}

void xs_watch_changed(void *ctx, const char *path, const struct xs_perm *perms,
		      unsigned int nperms, bool recurse)
{
	struct xs_store *s = ctx;

	for (struct xs_conn *c = s->conns; c; c = c->next) {
		if (c->dead)
			continue;
		if (!(xs_perm_of(c->domid, perms, nperms) & XS_PERM_READ))
			continue;
		for (struct xs_watch *w = c->watches; w; w = w->next) {
			if (w->path[0] != '/')
				continue;
			if (under(path, w->path))
				event(c, w, path);
			else if (recurse && under(w->path, path))
				event(c, w, w->path);
		}
	}
}

void xs_fire_special(struct xs_store *s, const char *path)
{
	for (struct xs_conn *c = s->conns; c; c = c->next)
		for (struct xs_watch *w = c->watches; w && !c->dead; w = w->next)
			if (!strcmp(w->path, path))
				event(c, w, path);
}

int xs_watch_add(struct xs_conn *c, const char *abs, const char *token, bool relative)
{
	struct xs_watch *w, **tail = &c->watches;

	for (w = c->watches; w; w = w->next) {
		if (!strcmp(w->path, abs) && !strcmp(w->token, token))
			return EEXIST;
		tail = &w->next;
	}
	if (c->domid && c->nwatches >= XS_QUOTA_WATCHES)
		return E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	w->path = strdup(abs);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return ENOMEM;
	}
	w->relative = relative;
	*tail = w;	/* in registration order, as events are sent */
	c->nwatches++;
	return 0;
}

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int xs_watch_del(struct xs_conn *c, const char *abs, const char *token)
{
	for (struct xs_watch **pp = &c->watches; *pp; pp = &(*pp)->next) {
		struct xs_watch *w = *pp;

		if (!strcmp(w->path, abs) && !strcmp(w->token, token)) {
			*pp = w->next;
			watch_free(w);
			c->nwatches--;
			return 0;
		}
	}
	return ENOENT;
}

void xs_watches_free(struct xs_conn *c)
{
	while (c->watches) {
		struct xs_watch *w = c->watches;

		c->watches = w->next;
		watch_free(w);
	}
	c->nwatches = 0;
}
