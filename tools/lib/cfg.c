/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The settings of a parsed config: storing them (with xl's "+="
 * semantics, libxlu_cfg.c) and reading them back typed.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cfg.h"

void cfg_init(struct cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}

struct cfg_value *cfg_value_new(enum cfg_kind kind, int line)
{
	struct cfg_value *v = calloc(1, sizeof(*v));

	if (v) {
		v->kind = kind;
		v->line = line;
	}
	return v;
}

void cfg_value_free(struct cfg_value *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++)
		cfg_value_free(v->items[i]);
	free(v->items);
	free(v->text);
	free(v);
}

int cfg_list_append(struct cfg_value *list, struct cfg_value *item)
{
	struct cfg_value **items;

	items = realloc(list->items, (list->n + 1) * sizeof(*items));
	if (!items) {
		cfg_value_free(item);
		return -ENOMEM;
	}
	list->items = items;
	list->items[list->n++] = item;
	return 0;
}

void cfg_free(struct cfg *cfg)
{
	struct cfg_setting *s, *next;
	size_t i;

	for (s = cfg->first; s; s = next) {
		next = s->next;
		free(s->name);
		cfg_value_free(s->value);
		free(s);
	}
	for (i = 0; i < cfg->nsources; i++)
		free(cfg->sources[i]);
	free(cfg->sources);
	cfg_init(cfg);
}

const char *cfg_intern_source(struct cfg *cfg, const char *source)
{
	char **sources, *copy;
	size_t i;

	for (i = 0; i < cfg->nsources; i++)
		if (!strcmp(cfg->sources[i], source))
			return cfg->sources[i];
	sources = realloc(cfg->sources, (cfg->nsources + 1) * sizeof(*sources));
	if (!sources)
		return NULL;
	cfg->sources = sources;
	copy = strdup(source);
	if (!copy)
		return NULL;
	cfg->sources[cfg->nsources++] = copy;
	return copy;
}

static struct cfg_value *value_dup(const struct cfg_value *v)
{
	struct cfg_value *d = cfg_value_new(v->kind, v->line);
	size_t i;

	if (!d)
		return NULL;
	if (v->text && !(d->text = strdup(v->text)))
		goto fail;
	for (i = 0; i < v->n; i++) {
		struct cfg_value *item = value_dup(v->items[i]);

		if (!item || cfg_list_append(d, item))
			goto fail;
	}
	return d;
fail:
	cfg_value_free(d);
	return NULL;
}

/* prev followed by add, as one value of the same kind.  0 or -errno. */
static int join(const struct cfg_value *prev, struct cfg_value *add)
{
	size_t i, n;

	if (add->kind == CFG_LIST) {
		struct cfg_value **items;

		n = prev->n + add->n;
		items = malloc((n + 1) * sizeof(*items));
		if (!items)
			return -ENOMEM;
		for (i = 0; i < prev->n; i++)
			if (!(items[i] = value_dup(prev->items[i]))) {
				while (i--)
					cfg_value_free(items[i]);
				free(items);
				return -ENOMEM;
			}
		if (add->n)
			memcpy(items + prev->n, add->items,
			       add->n * sizeof(*items));
		free(add->items);
		add->items = items;
		add->n = n;
		return 0;
	}
	n = strlen(prev->text) + strlen(add->text) + 1;
	{
		char *text = malloc(n);

		if (!text)
			return -ENOMEM;
		strcpy(text, prev->text);
		strcat(text, add->text);
		free(add->text);
		add->text = text;
	}
	/* "1" += "2" stays a number token; anything else is a string. */
	if (prev->kind != CFG_NUMBER)
		add->kind = CFG_STRING;
	return 0;
}

static const char *kind_name(enum cfg_kind kind)
{
	return kind == CFG_LIST ? "a list" : "a string";
}

int cfg_store(struct cfg *cfg, char *name, enum cfg_op op,
	      const char *source, int line, struct cfg_value *value,
	      struct errbuf *e)
{
	const struct cfg_setting *prev = cfg_find(cfg, name);
	struct cfg_setting *s;
	int ret = 0;

	if (op == CFG_OP_ADD && prev &&
	    (prev->value->kind == CFG_LIST) != (value->kind == CFG_LIST))
		ret = errbuf_set(e, -EINVAL, "%s:%d: cannot add %s to %s "
				 "with '+=' ('%s' was set on line %d)", source,
				 line, kind_name(value->kind),
				 kind_name(prev->value->kind), name,
				 prev->line);
	else if (op == CFG_OP_ADD && prev && join(prev->value, value))
		ret = errbuf_set(e, -ENOMEM, "out of memory");
	s = ret ? NULL : calloc(1, sizeof(*s));
	if (!s) {
		free(name);
		cfg_value_free(value);
		return ret ? ret : errbuf_set(e, -ENOMEM, "out of memory");
	}
	s->name = name;
	s->op = op;
	s->source = source;
	s->line = line;
	s->value = value;
	if (cfg->last)
		cfg->last->next = s;
	else
		cfg->first = s;
	cfg->last = s;
	return 0;
}

const struct cfg_setting *cfg_find(const struct cfg *cfg, const char *name)
{
	const struct cfg_setting *s, *found = NULL;

	for (s = cfg->first; s; s = s->next)
		if (!strcmp(s->name, name))
			found = s;
	return found;
}

int cfg_parse_long(const char *text, long *val)
{
	char *end;
	long v;

	if (!*text || *text == '-' || *text == '+' || *text == ' ')
		return -EINVAL;
	errno = 0;
	v = strtol(text, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

int cfg_get_string(const struct cfg *cfg, const char *name, const char **val,
		   struct errbuf *e)
{
	const struct cfg_setting *s = cfg_find(cfg, name);

	if (!s)
		return -ENOENT;
	if (s->value->kind == CFG_LIST)
		return errbuf_set(e, -EINVAL, "%s:%d: %s must be a string, not "
				  "a list", s->source, s->line, name);
	*val = s->value->text;
	return 0;
}

int cfg_get_long(const struct cfg *cfg, const char *name, long *val,
		 struct errbuf *e)
{
	const struct cfg_setting *s = cfg_find(cfg, name);
	int ret;

	if (!s)
		return -ENOENT;
	if (s->value->kind == CFG_LIST)
		return errbuf_set(e, -EINVAL, "%s:%d: %s must be a number, not "
				  "a list", s->source, s->line, name);
	if (s->op == CFG_OP_ADD)
		return errbuf_set(e, -EINVAL, "%s:%d: %s: '+=' cannot be used "
				  "with numbers", s->source, s->line, name);
	ret = cfg_parse_long(s->value->text, val);
	if (ret == -ERANGE)
		return errbuf_set(e, -EINVAL, "%s:%d: %s = \"%s\": number out "
				  "of range", s->source, s->line, name,
				  s->value->text);
	if (ret)
		return errbuf_set(e, -EINVAL, "%s:%d: %s = \"%s\": not a "
				  "number", s->source, s->line, name,
				  s->value->text);
	return 0;
}
