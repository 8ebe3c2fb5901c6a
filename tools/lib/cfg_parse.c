/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Recursive descent over the grammar in cfg.h.  Every error names the
 * file, the line and what was expected, e.g.
 * "guest.cfg:3: expected '=' after 'name'".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cfg.h"
#include "lib/cfg_lex.h"

/* Deeper nesting than any real config; keeps the recursion bounded. */
#define CFG_MAX_DEPTH	32

struct parser {
	struct cfg_lexer lx;
	struct cfg_tok tok;
	struct cfg *cfg;
	const char *source;
	struct errbuf *e;
};

static int perr(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *p, int line, const char *fmt, ...)
{
	char msg[ERRBUF_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errbuf_set(p->e, -EINVAL, "%s:%d: %s", p->source, line, msg);
}

static int advance(struct parser *p)
{
	cfg_tok_free(&p->tok);
	return cfg_lex_next(&p->lx, &p->tok, p->e);
}

static int skip_newlines(struct parser *p)
{
	int ret = 0;

	while (!ret && p->tok.type == TOK_NEWLINE)
		ret = advance(p);
	return ret;
}

static const char *found(struct parser *p, char *buf, size_t size)
{
	cfg_tok_describe(&p->tok, buf, size);
	return buf;
}

static int is_value_start(enum cfg_tok_type t)
{
	return t == TOK_STRING || t == TOK_NUMBER || t == TOK_LBRACK;
}

static int bad_value(struct parser *p, const char *key)
{
	char what[64];

	if (p->tok.type == TOK_NAME || p->tok.type == TOK_WORD)
		return perr(p, p->tok.line, "expected a value for '%s', found "
			    "%s (strings need quotes: \"%s\")", key,
			    found(p, what, sizeof(what)), p->tok.text);
	return perr(p, p->tok.line, "expected a value for '%s', found %s",
		    key, found(p, what, sizeof(what)));
}

static int parse_value(struct parser *p, const char *key, int depth,
		       struct cfg_value **out);

static int parse_number(struct parser *p, const char *key,
			struct cfg_value **out)
{
	long v;
	int ret = cfg_parse_long(p->tok.text, &v);

	if (ret == -ERANGE)
		return perr(p, p->tok.line, "%s = %s: number out of range",
			    key, p->tok.text);
	if (ret)
		return perr(p, p->tok.line, "%s = %s: not a number", key,
			    p->tok.text);
	*out = cfg_value_new(CFG_NUMBER, p->tok.line);
	if (!*out)
		return -ENOMEM;
	(*out)->text = p->tok.text;	/* the value takes the text */
	p->tok.text = NULL;
	return advance(p);
}

static int parse_string(struct parser *p, struct cfg_value **out)
{
	*out = cfg_value_new(CFG_STRING, p->tok.line);
	if (!*out)
		return -ENOMEM;
	(*out)->text = p->tok.text;
	p->tok.text = NULL;
	return advance(p);
}

/* After '[': items up to and including ']'. */
static int parse_items(struct parser *p, const char *key, int depth, int open,
		       struct cfg_value *list)
{
	struct cfg_value *item;
	char what[64];
	int ret;

	for (;;) {
		if ((ret = skip_newlines(p)))
			return ret;
		if (p->tok.type == TOK_RBRACK)
			return advance(p);
		if (p->tok.type == TOK_EOF)
			return perr(p, open, "the list of '%s' is not closed "
				    "(missing ']')", key);
		if (!is_value_start(p->tok.type) && p->tok.type != TOK_NAME &&
		    p->tok.type != TOK_WORD)
			return perr(p, p->tok.line, "expected a value or ']' "
				    "in the list of '%s', found %s", key,
				    found(p, what, sizeof(what)));
		if ((ret = parse_value(p, key, depth + 1, &item))) {
			cfg_value_free(item);
			return ret;
		}
		if ((ret = cfg_list_append(list, item)))
			return ret;
		if ((ret = skip_newlines(p)))
			return ret;
		if (p->tok.type == TOK_COMMA) {
			if ((ret = advance(p)))
				return ret;
			continue;
		}
		if (p->tok.type == TOK_RBRACK)
			return advance(p);
		if (p->tok.type == TOK_EOF)
			return perr(p, open, "the list of '%s' is not closed "
				    "(missing ']')", key);
		return perr(p, p->tok.line, "expected ',' or ']' in the list "
			    "of '%s', found %s", key,
			    found(p, what, sizeof(what)));
	}
}

static int parse_list(struct parser *p, const char *key, int depth,
		      struct cfg_value **out)
{
	int open = p->tok.line, ret;

	if (depth >= CFG_MAX_DEPTH)
		return perr(p, open, "lists nested more than %d deep",
			    CFG_MAX_DEPTH);
	*out = cfg_value_new(CFG_LIST, open);
	if (!*out)
		return -ENOMEM;
	ret = advance(p);
	if (!ret)
		ret = parse_items(p, key, depth, open, *out);
	return ret;
}

static int parse_value(struct parser *p, const char *key, int depth,
		       struct cfg_value **out)
{
	*out = NULL;
	switch (p->tok.type) {
	case TOK_STRING:
		return parse_string(p, out);
	case TOK_NUMBER:
		return parse_number(p, key, out);
	case TOK_LBRACK:
		return parse_list(p, key, depth, out);
	default:
		return bad_value(p, key);
	}
}

static int bad_name(struct parser *p)
{
	char what[64];

	if (p->tok.type == TOK_WORD)
		return perr(p, p->tok.line, "'%s' is not a setting name "
			    "(lower-case letters, digits, '.' and '_', "
			    "starting with a letter)", p->tok.text);
	return perr(p, p->tok.line, "expected a setting name, found %s",
		    found(p, what, sizeof(what)));
}

static int end_of_setting(struct parser *p, const char *key)
{
	char what[64];

	switch (p->tok.type) {
	case TOK_NEWLINE:
	case TOK_SEMI:
	case TOK_EOF:
		return 0;
	default:
		return perr(p, p->tok.line, "expected a new line or ';' after "
			    "the value of '%s', found %s", key,
			    found(p, what, sizeof(what)));
	}
}

static int parse_setting(struct parser *p)
{
	struct cfg_value *value = NULL;
	enum cfg_op op;
	char *name = p->tok.text;
	int line = p->tok.line, ret;

	p->tok.text = NULL;
	ret = advance(p);
	if (!ret && p->tok.type != TOK_SET && p->tok.type != TOK_ADD)
		ret = perr(p, p->tok.line, "expected '=' after '%s'", name);
	op = p->tok.type == TOK_ADD ? CFG_OP_ADD : CFG_OP_SET;
	if (!ret)
		ret = advance(p);
	if (!ret)
		ret = parse_value(p, name, 0, &value);
	if (!ret)
		ret = end_of_setting(p, name);
	if (ret) {
		cfg_value_free(value);
		free(name);
		return ret;
	}
	return cfg_store(p->cfg, name, op, p->source, line, value, p->e);
}

int cfg_parse(struct cfg *cfg, const char *source, const char *text,
	      size_t len, struct errbuf *e)
{
	struct parser p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.e = e;
	p.source = cfg_intern_source(cfg, source);
	if (!p.source)
		return errbuf_set(e, -ENOMEM, "out of memory");
	cfg_lex_init(&p.lx, p.source, text, len);
	for (ret = advance(&p); !ret; ret = advance(&p)) {
		if (p.tok.type == TOK_EOF)
			break;
		if (p.tok.type == TOK_NEWLINE || p.tok.type == TOK_SEMI)
			continue;
		if (p.tok.type != TOK_NAME) {
			ret = bad_name(&p);
			break;
		}
		ret = parse_setting(&p);
		if (ret || p.tok.type == TOK_EOF)
			break;
	}
	cfg_tok_free(&p.tok);
	if (ret == -ENOMEM)
		errbuf_set(e, ret, "out of memory");
	return ret;
}
