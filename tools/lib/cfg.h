/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Domain configuration files in xl's grammar (xl.cfg(5), Xen's
 * tools/libs/util/libxlu_cfg_{l.l,y.y}), parsed by hand:
 *
 *   file      = { [ setting ] end }
 *   setting   = name ( "=" | "+=" ) value
 *   end       = newline | ";"            (the last setting may lack one)
 *   value     = string | number | "[" { nl } [ items ] "]"
 *   items     = value { nl } { "," { nl } value { nl } } [ "," { nl } ]
 *   name      = [a-z] [a-z0-9._]*
 *   number    = [0-9] ...                 (strtol base 0: 42, 052, 0x2a)
 *   string    = '...' or "..." on one line, escapes \" \' \\ \a \b \f
 *               \n \r \t \v
 *   "#" starts a comment up to the end of the line.
 *
 * A name set twice keeps the last value.  "+=" appends to the value set
 * before: strings are concatenated, lists joined; a number read from a
 * "+=" setting is an error, as in xl.  Values keep their type: a number
 * is stored as written, and read back through cfg_get_long(), which also
 * accepts a string holding a number ("512"), as xl does.
 */
#ifndef HOIST_TOOLS_CFG_H
#define HOIST_TOOLS_CFG_H

#include <stddef.h>

#include "lib/err.h"

enum cfg_kind {
	CFG_STRING,
	CFG_NUMBER,
	CFG_LIST,
};

struct cfg_value {
	enum cfg_kind kind;
	int line;			/* where the value starts */
	char *text;			/* STRING, NUMBER: as a C string */
	struct cfg_value **items;	/* LIST */
	size_t n;
};

enum cfg_op {
	CFG_OP_SET,	/* = */
	CFG_OP_ADD,	/* += */
};

struct cfg_setting {
	char *name;
	enum cfg_op op;
	const char *source;		/* file name (owned by the cfg) */
	int line;			/* line of the name */
	struct cfg_value *value;	/* with "+=": the joined value */
	struct cfg_setting *next;	/* in the order written */
};

struct cfg {
	struct cfg_setting *first, *last;
	char **sources;
	size_t nsources;
};

void cfg_init(struct cfg *cfg);
void cfg_free(struct cfg *cfg);

/*
 * Parses len bytes of text as more settings from source (a file name, or
 * any label for messages), its first line numbered 1.  0, or -EINVAL with
 * "SOURCE:LINE: problem" in e (-ENOMEM without a line).  On error the
 * settings before the faulty one are kept.
 */
int cfg_parse(struct cfg *cfg, const char *source, const char *text,
	      size_t len, struct errbuf *e);

/* The setting that counts for name (the last), or NULL. */
const struct cfg_setting *cfg_find(const struct cfg *cfg, const char *name);

/*
 * Typed reads of the last setting of name: 0, -ENOENT when it is not set,
 * -EINVAL with "SOURCE:LINE: problem" in e when it is the wrong type.
 * A string read accepts a number (as written): `name = 5` is "5".
 */
int cfg_get_string(const struct cfg *cfg, const char *name, const char **val,
		   struct errbuf *e);
int cfg_get_long(const struct cfg *cfg, const char *name, long *val,
		 struct errbuf *e);

/* strtol(text, base 0) over the whole text: 0, -EINVAL or -ERANGE. */
int cfg_parse_long(const char *text, long *val);

/* For the parser (cfg.c): store one setting; takes name and value. */
int cfg_store(struct cfg *cfg, char *name, enum cfg_op op,
	      const char *source, int line, struct cfg_value *value,
	      struct errbuf *e);
/* The source string kept by the cfg (one copy per file), or NULL. */
const char *cfg_intern_source(struct cfg *cfg, const char *source);
struct cfg_value *cfg_value_new(enum cfg_kind kind, int line);
void cfg_value_free(struct cfg_value *v);
/* Appends item to list (takes it).  0 or -ENOMEM (item freed). */
int cfg_list_append(struct cfg_value *list, struct cfg_value *item);

#endif /* HOIST_TOOLS_CFG_H */
