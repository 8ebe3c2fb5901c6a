// SPDX-License-Identifier: GPL-2.0
/*
 * A small vsnprintf for the hypervisor log: %c %s %d %i %u %x %X %p %%
 * with the l/ll/z length modifiers, a field width, '0' and '-' flags.
 */
#include <hv/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;	/* what would have been written */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
		       bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static void put_number(struct out *o, u64 v, bool neg, unsigned int base,
		       bool upper, int width, bool left, char pad)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (neg) {
		if (pad == '0') {
			put(o, '-');
			width--;
		} else {
			tmp[--i] = '-';
		}
	}
	put_padded(o, tmp + i, sizeof(tmp) - i, width, left, pad);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, is_signed = false;
		char pad = ' ';
		int width = 0, lng = 0;
		unsigned int base = 10;
		bool upper = false;
		u64 v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'c': {
			char ch = (char)va_arg(ap, int);

			put_padded(&o, &ch, 1, width, left, ' ');
			continue;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			put_padded(&o, s, strlen(s), width, left, ' ');
			continue;
		}
		case 'p': {
			char tmp[20];
			int n;

			v = (u64)(uintptr_t)va_arg(ap, void *);
			n = 0;
			tmp[n++] = '0';
			tmp[n++] = 'x';
			for (int shift = 60; shift >= 0; shift -= 4)
				if (v >> shift || shift == 0 || n > 2)
					tmp[n++] = "0123456789abcdef"[(v >> shift) & 15];
			put_padded(&o, tmp, (size_t)n, width, left, ' ');
			continue;
		}
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'X':
			upper = true;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case '%':
			put(&o, '%');
			continue;
		case '\0':
			fmt--;
			continue;
		default:
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}
		if (is_signed) {
			s64 s = lng ? va_arg(ap, long) : va_arg(ap, int);

			put_number(&o, s < 0 ? -(u64)s : (u64)s, s < 0, base,
				   upper, width, left, pad);
		} else {
			v = lng ? va_arg(ap, unsigned long) :
				  va_arg(ap, unsigned int);
			put_number(&o, v, false, base, upper, width, left, pad);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
