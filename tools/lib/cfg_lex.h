/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Tokens of xl's config grammar (see cfg.h).  The lexer is lenient about
 * what it calls a word, so that the parser can say what is wrong with
 * `Name = 1` or `type = pvh` instead of stopping at the first odd byte.
 */
#ifndef HOIST_TOOLS_CFG_LEX_H
#define HOIST_TOOLS_CFG_LEX_H

#include <stddef.h>

#include "lib/err.h"

enum cfg_tok_type {
	TOK_EOF,
	TOK_NEWLINE,	/* a newline, or a comment and its newline */
	TOK_SEMI,
	TOK_SET,	/* = */
	TOK_ADD,	/* += */
	TOK_COMMA,
	TOK_LBRACK,
	TOK_RBRACK,
	TOK_NAME,	/* [a-z][a-z0-9._]*: a setting name */
	TOK_WORD,	/* other [A-Za-z_][A-Za-z0-9._-]*: always an error */
	TOK_NUMBER,	/* [0-9][A-Za-z0-9._]*: checked by the parser */
	TOK_STRING,	/* quotes removed, escapes decoded */
	TOK_CHAR,	/* any other byte */
};

struct cfg_tok {
	enum cfg_tok_type type;
	int line;
	char *text;	/* NAME, WORD, NUMBER, STRING: malloc'd */
	unsigned char ch;	/* CHAR */
};

struct cfg_lexer {
	const char *p, *end;
	int line;
	const char *source;	/* for messages */
};

void cfg_lex_init(struct cfg_lexer *lx, const char *source, const char *text,
		  size_t len);
/*
 * The next token into *tok (free its text with cfg_tok_free).  0, or
 * -EINVAL with "SOURCE:LINE: problem" in e for a string that is not
 * closed on its line or holds a bad escape, -ENOMEM.
 */
int cfg_lex_next(struct cfg_lexer *lx, struct cfg_tok *tok, struct errbuf *e);
void cfg_tok_free(struct cfg_tok *tok);
/* How a message names the token: "'x'", "a string", "the end of the line". */
void cfg_tok_describe(const struct cfg_tok *tok, char *buf, size_t size);

#endif /* HOIST_TOOLS_CFG_LEX_H */
