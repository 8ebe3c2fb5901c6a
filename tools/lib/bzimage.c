/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Boot-protocol images (see bzimage.h).  Every offset is checked against
 * the file: the image is untrusted input.
 */
#include <errno.h>
#include <string.h>

#include "lib/bzimage.h"

/* The magic bytes of each method, as the kernel's decompressors and
 * Xen's libelf recognise them. */
static const struct {
	enum bzimage_comp comp;
	const char *name;
	uint8_t magic[6];
	size_t magic_len;
} methods[] = {
	{ BZ_COMP_NONE, "uncompressed", { 0x7F, 'E', 'L', 'F' }, 4 },
	{ BZ_COMP_XZ, "xz", { 0xFD, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ BZ_COMP_GZIP, "gzip", { 0x1F, 0x8B }, 2 },
	{ BZ_COMP_BZIP2, "bzip2", { 'B', 'Z', 'h' }, 3 },
	{ BZ_COMP_LZMA, "lzma", { 0x5D, 0x00, 0x00 }, 3 },
	{ BZ_COMP_LZO, "lzo", { 0x89, 'L', 'Z', 'O' }, 4 },
	{ BZ_COMP_LZ4, "lz4", { 0x02, 0x21, 0x4C, 0x18 }, 4 },
	{ BZ_COMP_ZSTD, "zstd", { 0x28, 0xB5, 0x2F, 0xFD }, 4 },
};

#define NR_METHODS	(sizeof(methods) / sizeof(methods[0]))

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int bzimage_detect(const uint8_t *buf, size_t len)
{
	return len >= BZIMAGE_MAGIC_OFF + 4 &&
	       !memcmp(buf + BZIMAGE_MAGIC_OFF, "HdrS", 4);
}

const char *bzimage_comp_name(enum bzimage_comp comp)
{
	unsigned i;

	for (i = 0; i < NR_METHODS; i++)
		if (methods[i].comp == comp)
			return methods[i].name;
	return "unknown";
}

static enum bzimage_comp detect_comp(const uint8_t *p, size_t len)
{
	unsigned i;

	for (i = 0; i < NR_METHODS; i++)
		if (len >= methods[i].magic_len &&
		    !memcmp(p, methods[i].magic, methods[i].magic_len))
			return methods[i].comp;
	return BZ_COMP_UNKNOWN;
}

int bzimage_parse(const uint8_t *buf, size_t len, struct bzimage *bz,
		  struct errbuf *e)
{
	uint64_t setup, off, plen;

	memset(bz, 0, sizeof(*bz));
	if (!bzimage_detect(buf, len))
		return errbuf_set(e, -ENOEXEC, "not a bzImage (no \"HdrS\" "
				  "at 0x202)");
	if (len < BZIMAGE_HEADER_END)
		return errbuf_set(e, -ENOEXEC, "truncated bzImage header");
	bz->version = get16(buf + BZIMAGE_VERSION_OFF);
	if (bz->version < BZIMAGE_MIN_VERSION)
		return errbuf_set(e, -ENOEXEC, "bzImage boot protocol %u.%02u "
				  "is too old (2.08 or later needed)",
				  bz->version >> 8, bz->version & 0xFF);
	setup = buf[BZIMAGE_SETUP_SECTS_OFF] ? buf[BZIMAGE_SETUP_SECTS_OFF] : 4;
	off = (setup + 1) * 512 + get32(buf + BZIMAGE_PAYLOAD_OFF);
	plen = get32(buf + BZIMAGE_PAYLOAD_LEN);
	if (!plen)
		return errbuf_set(e, -ENOEXEC, "bzImage without a payload "
				  "(payload_length 0)");
	if (off > len || plen > len - off)
		return errbuf_set(e, -ENOEXEC, "bzImage payload (%llu bytes "
				  "at %llu) is outside the file (%zu bytes)",
				  (unsigned long long)plen,
				  (unsigned long long)off, len);
	bz->payload = buf + off;
	bz->payload_len = (size_t)plen;
	bz->comp = detect_comp(bz->payload, bz->payload_len);
	if (bz->comp != BZ_COMP_NONE && plen >= 4)
		bz->size_hint = get32(bz->payload + plen - 4);
	return 0;
}
