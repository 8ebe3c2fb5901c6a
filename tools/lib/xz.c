/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* One .xz stream through liblzma's stream decoder (see xz.h). */
#include <errno.h>
#include <stdlib.h>
#include <lzma.h>

#include "lib/xz.h"

/* The first buffer when the size is not known: xz rarely does better. */
#define XZ_GUESS_RATIO	4
/* A hint beyond this ratio is not believed for the first allocation (a
 * kernel compresses about 8:1); the buffer still grows if it was true. */
#define XZ_HINT_RATIO	64

static int lzma_error(lzma_ret ret, struct errbuf *e)
{
	switch (ret) {
	case LZMA_MEM_ERROR:
		return errbuf_set(e, -ENOMEM, "out of memory decoding xz");
	case LZMA_MEMLIMIT_ERROR:
		return errbuf_set(e, -ENOEXEC, "the xz data needs more than "
				  "%llu MiB to decode",
				  (unsigned long long)(XZ_MEMLIMIT >> 20));
	case LZMA_FORMAT_ERROR:
		return errbuf_set(e, -ENOEXEC, "not xz data");
	case LZMA_OPTIONS_ERROR:
		return errbuf_set(e, -ENOEXEC, "the xz data uses options "
				  "liblzma does not support");
	case LZMA_BUF_ERROR:
		return errbuf_set(e, -ENOEXEC, "the xz data is truncated");
	case LZMA_DATA_ERROR:
		return errbuf_set(e, -ENOEXEC, "the xz data is corrupt");
	default:
		return errbuf_set(e, -ENOEXEC, "xz decoding failed (liblzma "
				  "error %d)", (int)ret);
	}
}

static int too_big(size_t max_out, struct errbuf *e)
{
	if (max_out >= (1u << 20))
		return errbuf_set(e, -E2BIG, "the xz data decodes to more "
				  "than %zu MiB", max_out >> 20);
	return errbuf_set(e, -E2BIG, "the xz data decodes to more than %zu "
			  "bytes", max_out);
}

/*
 * Makes room for more output: 0, or -E2BIG / -ENOMEM.  The buffer may
 * grow to max_out + 1 bytes: a stream of exactly max_out bytes must fit
 * with room to spare, since liblzma reports the end only after it has
 * read the index behind the data.
 */
static int grow(lzma_stream *s, uint8_t **buf, size_t *size, size_t max_out,
		struct errbuf *e)
{
	size_t used = *size - s->avail_out, want;
	uint8_t *p;

	if (*size > max_out)
		return too_big(max_out, e);
	want = *size > max_out / 2 ? max_out + 1 : *size * 2;
	p = realloc(*buf, want);
	if (!p)
		return errbuf_set(e, -ENOMEM, "out of memory decoding xz");
	*buf = p;
	*size = want;
	s->next_out = p + used;
	s->avail_out = want - used;
	return 0;
}

static int run(lzma_stream *s, uint8_t **buf, size_t *size, size_t max_out,
	       struct errbuf *e)
{
	lzma_ret ret;
	int err;

	for (;;) {
		if (!s->avail_out && (err = grow(s, buf, size, max_out, e)))
			return err;
		ret = lzma_code(s, LZMA_FINISH);
		if (ret == LZMA_STREAM_END)
			return 0;
		/* Stopped on a full buffer: grow and go on. */
		if (ret == LZMA_OK || (ret == LZMA_BUF_ERROR && !s->avail_out))
			continue;
		return lzma_error(ret, e);
	}
}

int xz_decode(const uint8_t *in, size_t in_len, size_t size_hint,
	      size_t max_out, uint8_t **out, size_t *out_len,
	      struct errbuf *e)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t size = size_hint;
	uint8_t *buf;
	lzma_ret lret;
	int ret;

	*out = NULL;
	*out_len = 0;
	if (!size)
		size = in_len > max_out / XZ_GUESS_RATIO ? max_out :
		       in_len * XZ_GUESS_RATIO;
	else if (in_len <= max_out / XZ_HINT_RATIO &&
		 size > in_len * XZ_HINT_RATIO)
		size = in_len * XZ_HINT_RATIO;
	/* +1: a correct hint leaves room, so the end is seen at once. */
	size = size < max_out ? size + 1 : max_out + 1;
	buf = malloc(size);
	if (!buf)
		return errbuf_set(e, -ENOMEM, "out of memory decoding xz");
	/* One stream, no LZMA_CONCATENATED: the appended size is not
	 * stream padding and would be an error. */
	lret = lzma_stream_decoder(&s, XZ_MEMLIMIT, 0);
	if (lret != LZMA_OK) {
		free(buf);
		return lzma_error(lret, e);
	}
	s.next_in = in;
	s.avail_in = in_len;
	s.next_out = buf;
	s.avail_out = size;
	ret = run(&s, &buf, &size, max_out, e);
	if (!ret && s.total_out > max_out)
		ret = too_big(max_out, e);
	if (!ret) {
		*out = buf;
		*out_len = (size_t)s.total_out;
	} else {
		free(buf);
	}
	lzma_end(&s);
	return ret;
}
