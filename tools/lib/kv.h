/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * An ordered list of key/value lines printed the way `xl info` prints
 * them: the key padded to 23 columns, then ": ", then the value.
 */
#ifndef HOIST_TOOLS_KV_H
#define HOIST_TOOLS_KV_H

#include <stddef.h>
#include <stdio.h>

#define KV_KEY_WIDTH	23
#define KV_MAX		32
#define KV_VALUE_MAX	256

struct kv {
	const char *key;		/* not copied: a string literal */
	char value[KV_VALUE_MAX];
};

struct kv_list {
	struct kv item[KV_MAX];
	size_t n;
};

void kv_init(struct kv_list *list);
/*
 * Appends key = printf(fmt, ...).  0, -ENOSPC (list full) or -E2BIG (the
 * value was cut to KV_VALUE_MAX - 1 bytes; it is still added).
 */
int kv_add(struct kv_list *list, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The value of key, or NULL. */
const char *kv_get(const struct kv_list *list, const char *key);
/* One line, "key<pad>: value\n".  Returns what fprintf returns. */
int kv_print_line(FILE *out, const char *key, const char *value);
void kv_print(FILE *out, const struct kv_list *list);

#endif /* HOIST_TOOLS_KV_H */
