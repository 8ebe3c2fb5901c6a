/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist tool: the xl config parser (tools/lib/cfg*.c), rule by rule. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/cfg.h"

static struct cfg cfg;
static struct errbuf e;

static int setup(void **state)
{
	(void)state;
	cfg_init(&cfg);
	memset(&e, 0, sizeof(e));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cfg_free(&cfg);
	return 0;
}

static int parse(const char *text)
{
	return cfg_parse(&cfg, "t.cfg", text, strlen(text), &e);
}

static const char *str(const char *key)
{
	const char *v = NULL;

	assert_int_equal(cfg_get_string(&cfg, key, &v, &e), 0);
	return v;
}

static long num(const char *key)
{
	long v = -1;

	assert_int_equal(cfg_get_long(&cfg, key, &v, &e), 0);
	return v;
}

/* The parse of len bytes fails with exactly this message. */
static void parse_n_fails(const char *text, size_t len, const char *msg)
{
	cfg_free(&cfg);
	assert_int_equal(cfg_parse(&cfg, "t.cfg", text, len, &e), -EINVAL);
	assert_string_equal(e.msg, msg);
}

static void parse_fails(const char *text, const char *msg)
{
	parse_n_fails(text, strlen(text), msg);
}

static void test_names_numbers_strings(void **state)
{
	(void)state;
	assert_int_equal(parse("name = \"hello\"\n"
			       "kernel='/boot/k'\n"
			       "memory = 512\n"
			       "vcpus = 0x4\n"
			       "maxvcpus = 010\n"
			       "on_crash.x_2 = 'a'\n"), 0);
	assert_string_equal(str("name"), "hello");
	assert_string_equal(str("kernel"), "/boot/k");
	assert_int_equal(num("memory"), 512);
	assert_int_equal(num("vcpus"), 4);
	assert_int_equal(num("maxvcpus"), 8);	/* strtol base 0: octal */
	assert_string_equal(str("on_crash.x_2"), "a");
	/* Values keep their type. */
	assert_int_equal(cfg_find(&cfg, "memory")->value->kind, CFG_NUMBER);
	assert_int_equal(cfg_find(&cfg, "name")->value->kind, CFG_STRING);
	assert_int_equal(cfg_find(&cfg, "vcpus")->line, 4);
	assert_string_equal(cfg_find(&cfg, "vcpus")->source, "t.cfg");
}

static void test_number_as_string_and_string_as_number(void **state)
{
	(void)state;
	/* xl reads a quoted number as a number, and a number as text. */
	assert_int_equal(parse("memory = \"512\"\nmaxmem = \"0x400\"\n"
			       "name = 42\n"), 0);
	assert_int_equal(num("memory"), 512);
	assert_int_equal(num("maxmem"), 1024);
	assert_string_equal(str("name"), "42");
}

static void test_missing_key(void **state)
{
	const char *s = "x";
	long l = 7;

	(void)state;
	assert_int_equal(parse("a = 1\n"), 0);
	assert_int_equal(cfg_get_string(&cfg, "b", &s, &e), -ENOENT);
	assert_int_equal(cfg_get_long(&cfg, "b", &l, &e), -ENOENT);
	assert_string_equal(s, "x");
	assert_int_equal(l, 7);
	assert_null(cfg_find(&cfg, "b"));
}

static void test_escapes(void **state)
{
	(void)state;
	assert_int_equal(parse("a = \"\\\" \\' \\\\ \\a\\b\\f\\n\\r\\t\\v\"\n"
			       "b = 'it\\'s \"quoted\"'\n"
			       "c = \"# not a comment\"  # a comment\n"
			       "d = ''\n"), 0);
	assert_string_equal(str("a"), "\" ' \\ \a\b\f\n\r\t\v");
	assert_string_equal(str("b"), "it's \"quoted\"");
	assert_string_equal(str("c"), "# not a comment");
	assert_string_equal(str("d"), "");
}

static void test_string_errors(void **state)
{
	(void)state;
	parse_fails("a = 1\nb = \"abc\n", "t.cfg:2: unterminated string (a "
		    "string must end on the line it starts)");
	parse_fails("b = 'abc", "t.cfg:1: unterminated string (a string must "
		    "end on the line it starts)");
	parse_fails("a = \"x\\\ny\"\n", "t.cfg:1: unterminated string (a "
		    "string must end on the line it starts)");
	parse_fails("\n\na = \"\\q\"\n", "t.cfg:3: invalid escape '\\q' in "
		    "a string");
	parse_fails("a = \"\\x41\"\n", "t.cfg:1: invalid escape '\\x' in "
		    "a string");
	parse_n_fails("a = 'x\0y'\n", 10, "t.cfg:1: NUL byte in a string");
}

static void test_separators_and_comments(void **state)
{
	(void)state;
	assert_int_equal(parse("# header\n\n"
			       "a = 1; b = 2;c=3\n"
			       ";;\n"
			       "   \t d = 'x'   # trailing\n"
			       "#last line without newline"), 0);
	assert_int_equal(num("a"), 1);
	assert_int_equal(num("b"), 2);
	assert_int_equal(num("c"), 3);
	assert_string_equal(str("d"), "x");
	assert_int_equal(cfg_find(&cfg, "d")->line, 5);
	/* The last setting needs no terminator. */
	cfg_free(&cfg);
	assert_int_equal(parse("a = 1\nb = \"end\""), 0);
	assert_string_equal(str("b"), "end");
	/* CRLF line ends. */
	cfg_free(&cfg);
	assert_int_equal(parse("a = 1\r\nb = 'x'\r\n"), 0);
	assert_int_equal(num("a"), 1);
	assert_string_equal(str("b"), "x");
	assert_int_equal(cfg_find(&cfg, "b")->line, 2);
	/* Empty input. */
	cfg_free(&cfg);
	assert_int_equal(parse(""), 0);
	assert_null(cfg.first);
}

static void test_lists(void **state)
{
	const struct cfg_value *v, *inner;

	(void)state;
	assert_int_equal(parse("disk = [ '/dev/vg/g,raw,xvda,rw', "
			       "'/x,raw,xvdb,ro', ]\n"
			       "mixed = [ 1, \"two\", [ 3, [ 'four' ] ], [] ]\n"
			       "long = [\n"
			       "  'a',   # first\n"
			       "\n"
			       "  'b'\n"
			       "  , 'c',\n"
			       "]\n"
			       "empty = []\n"
			       "empty2 = [\n]\n"
			       "after = 1\n"), 0);
	v = cfg_find(&cfg, "disk")->value;
	assert_int_equal(v->kind, CFG_LIST);
	assert_int_equal(v->n, 2);
	assert_string_equal(v->items[1]->text, "/x,raw,xvdb,ro");

	v = cfg_find(&cfg, "mixed")->value;
	assert_int_equal(v->n, 4);
	assert_int_equal(v->items[0]->kind, CFG_NUMBER);
	assert_string_equal(v->items[0]->text, "1");
	assert_int_equal(v->items[1]->kind, CFG_STRING);
	inner = v->items[2];
	assert_int_equal(inner->kind, CFG_LIST);
	assert_int_equal(inner->n, 2);
	assert_int_equal(inner->items[1]->kind, CFG_LIST);
	assert_string_equal(inner->items[1]->items[0]->text, "four");
	assert_int_equal(v->items[3]->kind, CFG_LIST);
	assert_int_equal(v->items[3]->n, 0);

	v = cfg_find(&cfg, "long")->value;
	assert_int_equal(v->n, 3);
	assert_string_equal(v->items[2]->text, "c");
	assert_int_equal(v->items[1]->line, 6);
	assert_int_equal(cfg_find(&cfg, "empty")->value->n, 0);
	assert_int_equal(cfg_find(&cfg, "empty2")->value->n, 0);
	/* Line counting survives multi-line lists. */
	assert_int_equal(cfg_find(&cfg, "after")->line, 12);
}

static void test_last_wins(void **state)
{
	(void)state;
	assert_int_equal(parse("memory = 128\nname = 'a'\nmemory = 256\n"
			       "name = [ 'x' ]\nname = 'b'\n"), 0);
	assert_int_equal(num("memory"), 256);
	assert_string_equal(str("name"), "b");
	assert_int_equal(cfg_find(&cfg, "memory")->line, 3);
}

static void test_add(void **state)
{
	const struct cfg_value *v;
	long l;

	(void)state;
	assert_int_equal(parse("extra = 'console=hvc0'\n"
			       "extra += ' quiet'\n"
			       "extra += \" loglevel=3\"\n"
			       "disk = [ 'a' ]\n"
			       "disk += [ 'b', [ 'c' ] ]\n"
			       "fresh += 'x'\n"
			       "memory = 128\n"
			       "memory += 1\n"
			       "cmdline = 5\n"
			       "cmdline += 'x'\n"), 0);
	assert_string_equal(str("extra"), "console=hvc0 quiet loglevel=3");
	v = cfg_find(&cfg, "disk")->value;
	assert_int_equal(v->n, 3);
	assert_string_equal(v->items[0]->text, "a");
	assert_string_equal(v->items[1]->text, "b");
	assert_string_equal(v->items[2]->items[0]->text, "c");
	/* With nothing before, += is a plain setting. */
	assert_string_equal(str("fresh"), "x");
	/* xl: "can't use += with numbers"; the text is still joined. */
	assert_int_equal(cfg_get_long(&cfg, "memory", &l, &e), -EINVAL);
	assert_string_equal(e.msg, "t.cfg:8: memory: '+=' cannot be used "
			    "with numbers");
	assert_string_equal(str("memory"), "1281");
	assert_string_equal(str("cmdline"), "5x");
	assert_int_equal(cfg_find(&cfg, "cmdline")->value->kind, CFG_STRING);
	/* A later '=' replaces the joined value. */
	assert_int_equal(parse("extra = 'new'\n"), 0);
	assert_string_equal(str("extra"), "new");
}

static void test_add_kind_mismatch(void **state)
{
	(void)state;
	parse_fails("extra = 'a'\n\nextra += [ 'b' ]\n", "t.cfg:3: cannot add "
		    "a list to a string with '+=' ('extra' was set on line 1)");
	parse_fails("disk = []\ndisk += 'b'\n", "t.cfg:2: cannot add a string "
		    "to a list with '+=' ('disk' was set on line 1)");
	parse_fails("memory = 1\nmemory += [ 2 ]\n", "t.cfg:2: cannot add a "
		    "list to a string with '+=' ('memory' was set on line 1)");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	parse_fails("memory = 1\n\nname \"x\"\n",
		    "t.cfg:3: expected '=' after 'name'");
	parse_fails("name\n", "t.cfg:1: expected '=' after 'name'");
	parse_fails("name", "t.cfg:1: expected '=' after 'name'");
	parse_fails("name : 'x'\n", "t.cfg:1: expected '=' after 'name'");
	parse_fails("memory =\n", "t.cfg:1: expected a value for 'memory', "
		    "found the end of the line");
	parse_fails("memory = ", "t.cfg:1: expected a value for 'memory', "
		    "found the end of the file");
	parse_fails("memory = ;\n", "t.cfg:1: expected a value for 'memory', "
		    "found ';'");
	parse_fails("a = 1\ntype = pvh\n", "t.cfg:2: expected a value for "
		    "'type', found 'pvh' (strings need quotes: \"pvh\")");
	parse_fails("x = -1\n", "t.cfg:1: expected a value for 'x', found "
		    "'-'");
	parse_fails("Name = 'x'\n", "t.cfg:1: 'Name' is not a setting name "
		    "(lower-case letters, digits, '.' and '_', starting with a "
		    "letter)");
	parse_fails("my-name = 'x'\n", "t.cfg:1: 'my-name' is not a setting "
		    "name (lower-case letters, digits, '.' and '_', starting "
		    "with a letter)");
	parse_fails("= 5\n", "t.cfg:1: expected a setting name, found '='");
	parse_fails("5 = 5\n", "t.cfg:1: expected a setting name, found '5'");
	parse_fails("'x' = 5\n", "t.cfg:1: expected a setting name, found a "
		    "string");
	parse_n_fails("a = 1\n\0", 7, "t.cfg:2: expected a setting name, "
		      "found byte 0x00");
	parse_fails("\n\n\nname = 'a' 'b'\n", "t.cfg:4: expected a new line or "
		    "';' after the value of 'name', found a string");
	parse_fails("a = 1 b = 2\n", "t.cfg:1: expected a new line or ';' "
		    "after the value of 'a', found 'b'");
	parse_fails("memory = 128 + 1\n", "t.cfg:1: expected a new line or "
		    "';' after the value of 'memory', found '+'");
}

static void test_number_errors(void **state)
{
	(void)state;
	parse_fails("memory = 512M\n", "t.cfg:1: memory = 512M: not a number");
	parse_fails("memory = 1.5\n", "t.cfg:1: memory = 1.5: not a number");
	parse_fails("memory = 08\n", "t.cfg:1: memory = 08: not a number");
	parse_fails("memory = 99999999999999999999\n",
		    "t.cfg:1: memory = 99999999999999999999: number out of "
		    "range");
	parse_fails("disk = [ 1, 2x ]\n", "t.cfg:1: disk = 2x: not a number");
}

static void test_list_errors(void **state)
{
	char deep[80];

	(void)state;
	parse_fails("a = 1\ndisk = [ 'a',\n 'b'\n", "t.cfg:2: the list of "
		    "'disk' is not closed (missing ']')");
	parse_fails("disk = [", "t.cfg:1: the list of 'disk' is not closed "
		    "(missing ']')");
	parse_fails("disk = [ 'a'\n\n 'b' ]\n", "t.cfg:3: expected ',' or ']' "
		    "in the list of 'disk', found a string");
	parse_fails("disk = [ 'a'; 'b' ]\n", "t.cfg:1: expected ',' or ']' "
		    "in the list of 'disk', found ';'");
	parse_fails("disk = [\n , 'a' ]\n", "t.cfg:2: expected a value or "
		    "']' in the list of 'disk', found ','");
	parse_fails("disk = [ 'a', , ]\n", "t.cfg:1: expected a value or ']' "
		    "in the list of 'disk', found ','");
	parse_fails("vif = [ mac=00:16:3e ]\n", "t.cfg:1: expected a value "
		    "for 'vif', found 'mac' (strings need quotes: \"mac\")");
	memset(deep, '[', 40);
	strcpy(deep + 40, "]");
	{
		char text[100];

		snprintf(text, sizeof(text), "x = %s\n", deep);
		parse_fails(text, "t.cfg:1: lists nested more than 32 deep");
	}
}

static void test_typed_read_errors(void **state)
{
	long l;
	const char *s;

	(void)state;
	assert_int_equal(parse("memory = [ 1 ]\nname = [ 'a' ]\n"
			       "maxmem = \"abc\"\nvcpus = '99999999999999999999'\n"
			       "x = ''\n"), 0);
	assert_int_equal(cfg_get_long(&cfg, "memory", &l, &e), -EINVAL);
	assert_string_equal(e.msg, "t.cfg:1: memory must be a number, not a "
			    "list");
	assert_int_equal(cfg_get_string(&cfg, "name", &s, &e), -EINVAL);
	assert_string_equal(e.msg, "t.cfg:2: name must be a string, not a "
			    "list");
	assert_int_equal(cfg_get_long(&cfg, "maxmem", &l, &e), -EINVAL);
	assert_string_equal(e.msg, "t.cfg:3: maxmem = \"abc\": not a number");
	assert_int_equal(cfg_get_long(&cfg, "vcpus", &l, &e), -EINVAL);
	assert_string_equal(e.msg, "t.cfg:4: vcpus = \"99999999999999999999\": "
			    "number out of range");
	assert_int_equal(cfg_get_long(&cfg, "x", &l, &e), -EINVAL);
	assert_string_equal(e.msg, "t.cfg:5: x = \"\": not a number");
}

static void test_second_source(void **state)
{
	const char *extra = "memory=64\nname=\"other\"\n";

	(void)state;
	/* KEY=VALUE arguments come after the file, as more lines. */
	assert_int_equal(parse("name = 'a'\nmemory = 32\n"), 0);
	assert_int_equal(cfg_parse(&cfg, "command line", extra, strlen(extra),
				   &e), 0);
	assert_int_equal(num("memory"), 64);
	assert_string_equal(str("name"), "other");
	assert_string_equal(cfg_find(&cfg, "name")->source, "command line");
	assert_int_equal(cfg_find(&cfg, "name")->line, 2);
	assert_int_equal(cfg_parse(&cfg, "command line", "x=", 2, &e), -EINVAL);
	assert_string_equal(e.msg, "command line:1: expected a value for "
			    "'x', found the end of the file");
	/* What parsed before the error is kept. */
	assert_int_equal(num("memory"), 64);
}

static void test_parse_long(void **state)
{
	long v = 0;

	(void)state;
	assert_int_equal(cfg_parse_long("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cfg_parse_long("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(cfg_parse_long("017", &v), 0);
	assert_int_equal(v, 15);
	assert_int_equal(cfg_parse_long("9223372036854775807", &v), 0);
	assert_int_equal(cfg_parse_long("9223372036854775808", &v), -ERANGE);
	assert_int_equal(cfg_parse_long("", &v), -EINVAL);
	assert_int_equal(cfg_parse_long("-1", &v), -EINVAL);
	assert_int_equal(cfg_parse_long(" 1", &v), -EINVAL);
	assert_int_equal(cfg_parse_long("1 ", &v), -EINVAL);
	assert_int_equal(cfg_parse_long("0x", &v), -EINVAL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_names_numbers_strings),
		T(test_number_as_string_and_string_as_number),
		T(test_missing_key),
		T(test_escapes),
		T(test_string_errors),
		T(test_separators_and_comments),
		T(test_lists),
		T(test_last_wins),
		T(test_add),
		T(test_add_kind_mismatch),
		T(test_syntax_errors),
		T(test_number_errors),
		T(test_list_errors),
		T(test_typed_read_errors),
		T(test_second_source),
		T(test_parse_long),
	};

	return cmocka_run_group_tests_name("tools_cfg", tests, NULL, NULL);
}
