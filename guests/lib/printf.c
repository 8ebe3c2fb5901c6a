/*
 * A small printf: %d %i %u %x %X %p %s %c %%, flags '-' and '0', width and
 * precision (number or '*'), length modifiers h hh l ll z.  The output
 * goes to a sink: a caller's buffer (gvsnprintf, truncating) or a stack
 * buffer flushed to the console whenever it fills (gprintf, never
 * truncating).
 */
#include "guest.h"

struct sink {
	char *buf;
	size_t cap;		/* bytes usable in buf */
	size_t pos;
	size_t total;		/* bytes produced, as snprintf returns */
	bool to_console;
};

static void put(struct sink *s, char c)
{
	s->total++;
	if (s->pos < s->cap)
		s->buf[s->pos++] = c;
	if (s->to_console && s->pos == s->cap) {
		console_write(s->buf, s->pos);
		s->pos = 0;
	}
}

static void pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

struct spec {
	bool left, zero;
	int width;		/* 0: none */
	int prec;		/* -1: none */
};

static void emit_str(struct sink *s, const struct spec *sp, const char *str)
{
	int len = 0;

	if (!str)
		str = "(null)";
	while (str[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		pad(s, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		pad(s, ' ', sp->width - len);
}

static void emit_num(struct sink *s, const struct spec *sp, uint64_t v,
		     unsigned int base, bool upper, bool neg, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix) + (neg ? 1 : 0);

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);

	int zeros = sp->prec > n ? sp->prec - n : 0;
	int body = plen + zeros + n;

	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > body) {
		zeros += sp->width - body;
		body = sp->width;
	}
	if (!sp->left)
		pad(s, ' ', sp->width - body);
	if (neg)
		put(s, '-');
	while (*prefix)
		put(s, *prefix++);
	pad(s, '0', zeros);
	while (n > 0)
		put(s, tmp[--n]);
	if (sp->left)
		pad(s, ' ', sp->width - body);
}

static int parse_int(const char **f, va_list *ap)
{
	int v = 0;

	if (**f == '*') {
		(*f)++;
		return va_arg(*ap, int);
	}
	while (**f >= '0' && **f <= '9')
		v = v * 10 + (*(*f)++ - '0');
	return v;
}

static void format(struct sink *s, const char *f, va_list ap_in)
{
	va_list ap;

	va_copy(ap, ap_in);
	for (; *f; f++) {
		if (*f != '%') {
			put(s, *f);
			continue;
		}
		f++;

		struct spec sp = { .prec = -1 };

		for (;; f++) {
			if (*f == '-')
				sp.left = true;
			else if (*f == '0')
				sp.zero = true;
			else
				break;
		}
		sp.width = parse_int(&f, &ap);
		if (sp.width < 0) {
			sp.left = true;
			sp.width = -sp.width;
		}
		if (*f == '.') {
			f++;
			sp.prec = parse_int(&f, &ap);
			if (sp.prec < 0)
				sp.prec = -1;
		}

		int lng = 0;	/* -2 char, -1 short, 0 int, 1 long, 2 long long / size_t */

		for (;; f++) {
			if (*f == 'l')
				lng++;
			else if (*f == 'z')
				lng = 2;
			else if (*f == 'h')
				lng--;
			else
				break;
		}

		switch (*f) {
		case 'd':
		case 'i': {
			int64_t v = lng == 1 ? va_arg(ap, long) :
				    lng == 2 ? va_arg(ap, long long) :
					       va_arg(ap, int);

			if (lng == -1)
				v = (short)v;
			else if (lng <= -2)
				v = (signed char)v;
			bool neg = v < 0;

			emit_num(s, &sp, neg ? 0 - (uint64_t)v : (uint64_t)v,
				 10, false, neg, "");
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng == 1 ? va_arg(ap, unsigned long) :
				     lng == 2 ? va_arg(ap, unsigned long long) :
						va_arg(ap, unsigned int);

			if (lng == -1)
				v = (unsigned short)v;
			else if (lng <= -2)
				v = (unsigned char)v;

			emit_num(s, &sp, v, *f == 'u' ? 10 : 16, *f == 'X',
				 false, "");
			break;
		}
		case 'p':
			emit_num(s, &sp, (uintptr_t)va_arg(ap, void *), 16,
				 false, false, "0x");
			break;
		case 's':
			emit_str(s, &sp, va_arg(ap, const char *));
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!sp.left)
				pad(s, ' ', sp.width - 1);
			put(s, c);
			if (sp.left)
				pad(s, ' ', sp.width - 1);
			break;
		}
		case '%':
			put(s, '%');
			break;
		case '\0':
			f--;	/* a lone '%' at the end */
			break;
		default:	/* unknown: print it as written */
			put(s, '%');
			put(s, *f);
			break;
		}
	}
	va_end(ap);
}

int gvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .cap = size ? size - 1 : 0 };

	format(&s, fmt, ap);
	if (size)
		buf[s.pos] = '\0';
	return (int)s.total;
}

int gsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = gvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* One printer at a time, so the lines of two vCPUs do not interleave. */
static int console_lock;

int gvprintf(const char *fmt, va_list ap)
{
	char buf[256];
	struct sink s = { .buf = buf, .cap = sizeof(buf), .to_console = true };

	while (__atomic_exchange_n(&console_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	format(&s, fmt, ap);
	if (s.pos)
		console_write(buf, s.pos);
	__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
	return (int)s.total;
}

int gprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = gvprintf(fmt, ap);
	va_end(ap);
	return n;
}
