// SPDX-License-Identifier: GPL-2.0
/* The few C library routines the freestanding core needs. */
#include <hv/string.h>

/*
 * memset and memcpy move whole 8-byte words where they can: the hypervisor
 * zeroes every page a domain gives back (and a grown pool chunk), so this
 * is the cost of a destroy.  Bytes only up to the first aligned word and
 * after the last.  (-fno-tree-loop-distribute-patterns keeps GCC from
 * turning these loops into calls to themselves.)
 */
#define WORD		sizeof(u64)
#define UNROLL		8

static bool aligned(const void *p)
{
	return !((uintptr_t)p % WORD);
}

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	u64 w = (unsigned char)c * 0x0101010101010101ull;

	for (; n && !aligned(p); n--)
		*p++ = (unsigned char)c;
	/* Eight stores a round, written out: one branch per 64 bytes. */
	for (; n >= UNROLL * WORD; n -= UNROLL * WORD, p += UNROLL * WORD) {
		u64 *q = (u64 *)(void *)p;

		q[0] = w;
		q[1] = w;
		q[2] = w;
		q[3] = w;
		q[4] = w;
		q[5] = w;
		q[6] = w;
		q[7] = w;
	}
	for (; n >= WORD; n -= WORD, p += WORD)
		*(u64 *)(void *)p = w;
	for (; n; n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n && !aligned(d); n--)
		*d++ = *s++;
	if (aligned(s))
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(u64 *)(void *)d = *(const u64 *)(const void *)s;
	for (; n; n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}
