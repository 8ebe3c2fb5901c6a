/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Decoding one .xz stream with liblzma: a Linux kernel compressed with
 * CONFIG_KERNEL_XZ (xz --check=crc32 --x86 --lzma2, see the kernel's
 * scripts/xz_wrap.sh).  Whatever follows the stream (the kernel appends
 * its size) is ignored.
 */
#ifndef HOIST_TOOLS_XZ_H
#define HOIST_TOOLS_XZ_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

/* The decoder's memory: a kernel's stream uses a 32 MiB dictionary. */
#define XZ_MEMLIMIT	(256ull << 20)

/*
 * Decodes the stream at in into a malloc'd *out of *out_len bytes.
 * size_hint (0: unknown) is the expected size, used for the first
 * allocation only; the output may not exceed max_out.  0, or -ENOEXEC
 * (not xz, corrupt, truncated, unsupported), -E2BIG (above max_out),
 * -ENOMEM, with the reason in e.
 */
int xz_decode(const uint8_t *in, size_t in_len, size_t size_hint,
	      size_t max_out, uint8_t **out, size_t *out_len,
	      struct errbuf *e);

#endif /* HOIST_TOOLS_XZ_H */
