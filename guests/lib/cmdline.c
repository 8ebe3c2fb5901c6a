/*
 * The command line from start_info: blank-separated key=value words, as
 * `hoist create ... cmdline="seed=3 count=100"` passes them.  The last
 * occurrence of a key wins.
 */
#include "guest.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *cmdline_string(const struct hvm_start_info *si)
{
	if (!si || !si->cmdline_paddr)
		return NULL;
	return (const char *)(uintptr_t)si->cmdline_paddr;
}

const char *cmdline_get(const struct hvm_start_info *si, const char *key)
{
	const char *p = cmdline_string(si), *found = NULL;
	size_t klen = strlen(key);

	if (!p || !klen)
		return NULL;
	while (*p) {
		while (is_blank(*p))
			p++;

		const char *w = p;

		while (*p && !is_blank(*p))
			p++;

		size_t wlen = (size_t)(p - w);

		if (wlen < klen || memcmp(w, key, klen) != 0)
			continue;
		if (wlen == klen)
			found = w + klen;	/* bare key: value "" */
		else if (w[klen] == '=')
			found = w + klen + 1;
	}
	return found;
}

size_t cmdline_len(const char *value)
{
	size_t n = 0;

	while (value && value[n] && !is_blank(value[n]))
		n++;
	return n;
}

bool cmdline_is(const char *value, const char *word)
{
	size_t n = cmdline_len(value);

	return value && n == strlen(word) && memcmp(value, word, n) == 0;
}

uint64_t cmdline_u64(const struct hvm_start_info *si, const char *key,
		     uint64_t dflt)
{
	const char *v = cmdline_get(si, key);
	size_t n = cmdline_len(v), i = 0;
	unsigned int base = 10;
	uint64_t r = 0;

	if (!v)
		return dflt;
	if (n > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		goto bad;
	for (; i < n; i++) {
		char c = v[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			goto bad;
		if (r > (UINT64_MAX - d) / base)
			goto bad;
		r = r * base + d;
	}
	return r;
bad:
	guest_fail("cmdline: %s=%.*s is not a number", key, (int)n, v);
}
