/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Ordered key/value lines in the `xl info` layout. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "lib/kv.h"

void kv_init(struct kv_list *list)
{
	list->n = 0;
}

int kv_add(struct kv_list *list, const char *key, const char *fmt, ...)
{
	struct kv *kv;
	va_list ap;
	int len;

	if (list->n >= KV_MAX)
		return -ENOSPC;
	kv = &list->item[list->n++];
	kv->key = key;
	va_start(ap, fmt);
	len = vsnprintf(kv->value, sizeof(kv->value), fmt, ap);
	va_end(ap);
	if (len < 0) {
		kv->value[0] = '\0';
		return -EINVAL;
	}
	return (size_t)len >= sizeof(kv->value) ? -E2BIG : 0;
}

const char *kv_get(const struct kv_list *list, const char *key)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (!strcmp(list->item[i].key, key))
			return list->item[i].value;
	return NULL;
}

int kv_print_line(FILE *out, const char *key, const char *value)
{
	/* Same as xl: "%-23s: %s"; a longer key just pushes the colon. */
	return fprintf(out, "%-*s: %s\n", KV_KEY_WIDTH, key, value);
}

void kv_print(FILE *out, const struct kv_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		kv_print_line(out, list->item[i].key, list->item[i].value);
}
