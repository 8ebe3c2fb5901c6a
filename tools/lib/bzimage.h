/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Linux boot-protocol images (bzImage, e.g. Debian's /boot/vmlinuz-*):
 * finding the compressed kernel inside, as Xen's loader does
 * (Documentation/x86/boot.rst).  The real-mode header starts at 0x1F1:
 *
 *   0x1F1  setup_sects     u8   512-byte sectors of setup code (0: 4)
 *   0x202  header          "HdrS"
 *   0x206  version         u16  boot protocol; payload fields from 2.08
 *   0x248  payload_offset  u32  from the end of the setup code
 *   0x24C  payload_length  u32
 *
 * The payload starts at (setup_sects + 1) * 512 + payload_offset.  It is
 * the kernel's vmlinux.bin (an ELF, symbols stripped), compressed with
 * the method CONFIG_KERNEL_* chose, recognised by its magic bytes, and
 * followed by its uncompressed size as a little-endian u32
 * (scripts/Makefile.lib size_append).
 */
#ifndef HOIST_TOOLS_BZIMAGE_H
#define HOIST_TOOLS_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

#define BZIMAGE_SETUP_SECTS_OFF	0x1F1
#define BZIMAGE_MAGIC_OFF	0x202
#define BZIMAGE_VERSION_OFF	0x206
#define BZIMAGE_PAYLOAD_OFF	0x248
#define BZIMAGE_PAYLOAD_LEN	0x24C
#define BZIMAGE_HEADER_END	0x250	/* bytes the fields above need */
#define BZIMAGE_MIN_VERSION	0x0208	/* payload_offset/length exist */

enum bzimage_comp {
	BZ_COMP_NONE,		/* the payload is the ELF itself */
	BZ_COMP_XZ,
	BZ_COMP_GZIP,
	BZ_COMP_BZIP2,
	BZ_COMP_LZMA,
	BZ_COMP_LZO,
	BZ_COMP_LZ4,
	BZ_COMP_ZSTD,
	BZ_COMP_UNKNOWN,
};

struct bzimage {
	uint16_t version;		/* boot protocol, 0x020f = 2.15 */
	const uint8_t *payload;		/* inside the image */
	size_t payload_len;
	enum bzimage_comp comp;
	uint32_t size_hint;		/* the appended size; 0: none */
};

/* Has the "HdrS" signature: a boot-protocol image, not an ELF. */
int bzimage_detect(const uint8_t *buf, size_t len);

/*
 * Finds the payload and its compression.  0, or -ENOEXEC with the reason
 * in e (too old a protocol, payload outside the file, ...).
 */
int bzimage_parse(const uint8_t *buf, size_t len, struct bzimage *bz,
		  struct errbuf *e);

/* "xz", "gzip", ...; "uncompressed" for BZ_COMP_NONE. */
const char *bzimage_comp_name(enum bzimage_comp comp);

#endif /* HOIST_TOOLS_BZIMAGE_H */
