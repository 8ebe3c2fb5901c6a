/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The tokenizer of xl's config grammar (cfg.h, cfg_lex.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cfg_lex.h"

void cfg_lex_init(struct cfg_lexer *lx, const char *source, const char *text,
		  size_t len)
{
	lx->p = text;
	lx->end = text + len;
	lx->line = 1;
	lx->source = source;
}

void cfg_tok_free(struct cfg_tok *tok)
{
	free(tok->text);
	tok->text = NULL;
}

static int is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z');
}

/* Bytes that continue a word or number token. */
static int is_word_char(int c)
{
	return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '-';
}

/* xl's identifier: [a-z][._0-9a-z]* */
static int is_name(const char *s)
{
	if (!is_lower((unsigned char)*s))
		return 0;
	for (s++; *s; s++)
		if (!is_lower((unsigned char)*s) && !is_digit((unsigned char)*s) &&
		    *s != '.' && *s != '_')
			return 0;
	return 1;
}

static int take_run(struct cfg_lexer *lx, struct cfg_tok *tok, int number)
{
	const char *start = lx->p;
	size_t n;

	/* A number stops before '-': `1-2` is a number and a stray '-'. */
	while (lx->p < lx->end && is_word_char((unsigned char)*lx->p) &&
	       !(number && *lx->p == '-'))
		lx->p++;
	n = (size_t)(lx->p - start);
	tok->text = malloc(n + 1);
	if (!tok->text)
		return -ENOMEM;
	memcpy(tok->text, start, n);
	tok->text[n] = '\0';
	if (number)
		tok->type = TOK_NUMBER;
	else
		tok->type = is_name(tok->text) ? TOK_NAME : TOK_WORD;
	return 0;
}

/* The byte an escape stands for, or -1 (xl's set, libxlu_cfg.c). */
static int unescape(char c)
{
	switch (c) {
	case '"': case '\'': case '\\': return c;
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'v': return '\v';
	default: return -1;
	}
}

static int string_error(struct cfg_lexer *lx, struct errbuf *e,
			const char *what)
{
	return errbuf_set(e, -EINVAL, "%s:%d: %s", lx->source, lx->line, what);
}

static int take_string(struct cfg_lexer *lx, struct cfg_tok *tok,
		       struct errbuf *e)
{
	char quote = *lx->p++;
	const char *s;
	char *out;

	/* The decoded text is never longer than the quoted one. */
	for (s = lx->p; s < lx->end && *s != quote && *s != '\n'; s++)
		if (*s == '\\' && s + 1 < lx->end && s[1] != '\n')
			s++;
	if (s >= lx->end || *s != quote)
		return string_error(lx, e, "unterminated string (a string "
				    "must end on the line it starts)");
	out = tok->text = malloc((size_t)(s - lx->p) + 1);
	if (!out)
		return -ENOMEM;
	for (; lx->p < s; lx->p++) {
		int c = (unsigned char)*lx->p;

		if (c == '\0')
			return string_error(lx, e, "NUL byte in a string");
		if (c == '\\') {
			c = unescape(*++lx->p);
			if (c < 0) {
				char msg[64];

				snprintf(msg, sizeof(msg), "invalid escape "
					 "'\\%c' in a string", *lx->p);
				return string_error(lx, e, msg);
			}
		}
		*out++ = (char)c;
	}
	*out = '\0';
	lx->p++;	/* the closing quote */
	tok->type = TOK_STRING;
	return 0;
}

static void skip_blanks_and_comment(struct cfg_lexer *lx)
{
	/* '\r' too, so that a file saved with CRLF line ends still reads. */
	while (lx->p < lx->end &&
	       (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
		lx->p++;
	if (lx->p < lx->end && *lx->p == '#')
		while (lx->p < lx->end && *lx->p != '\n')
			lx->p++;
}

static enum cfg_tok_type punct(char c)
{
	switch (c) {
	case '\n': return TOK_NEWLINE;
	case ';': return TOK_SEMI;
	case '=': return TOK_SET;
	case ',': return TOK_COMMA;
	case '[': return TOK_LBRACK;
	case ']': return TOK_RBRACK;
	default: return TOK_CHAR;
	}
}

int cfg_lex_next(struct cfg_lexer *lx, struct cfg_tok *tok, struct errbuf *e)
{
	unsigned char c;

	memset(tok, 0, sizeof(*tok));
	skip_blanks_and_comment(lx);
	tok->line = lx->line;
	if (lx->p >= lx->end) {
		tok->type = TOK_EOF;
		return 0;
	}
	c = (unsigned char)*lx->p;
	if (c == '"' || c == '\'')
		return take_string(lx, tok, e);
	if (is_digit(c))
		return take_run(lx, tok, 1);
	if (is_alpha(c) || c == '_')
		return take_run(lx, tok, 0);
	lx->p++;
	if (c == '+' && lx->p < lx->end && *lx->p == '=') {
		lx->p++;
		tok->type = TOK_ADD;
		return 0;
	}
	tok->type = punct((char)c);
	tok->ch = c;
	if (c == '\n')
		lx->line++;
	return 0;
}

void cfg_tok_describe(const struct cfg_tok *tok, char *buf, size_t size)
{
	switch (tok->type) {
	case TOK_EOF:
		snprintf(buf, size, "the end of the file");
		break;
	case TOK_NEWLINE:
		snprintf(buf, size, "the end of the line");
		break;
	case TOK_ADD:
		snprintf(buf, size, "'+='");
		break;
	case TOK_STRING:
		snprintf(buf, size, "a string");
		break;
	case TOK_NAME:
	case TOK_WORD:
	case TOK_NUMBER:
		snprintf(buf, size, "'%.40s'", tok->text);
		break;
	default:
		if (tok->ch >= 0x20 && tok->ch < 0x7f)
			snprintf(buf, size, "'%c'", tok->ch);
		else
			snprintf(buf, size, "byte 0x%02x", tok->ch);
	}
}
