/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The kernel file as the loader needs it: an ELF with the Xen PVH note.
 * The file is either that ELF (a vmlinux, a test guest) or a Linux
 * bzImage whose payload is that ELF, xz-compressed (Debian's vmlinuz)
 * or stored as is; the payload is decoded here.
 */
#ifndef HOIST_TOOLS_KIMAGE_H
#define HOIST_TOOLS_KIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

/* The largest decoded kernel accepted (a Debian vmlinux is ~64 MiB). */
#define KIMAGE_MAX_ELF	(512ul << 20)

struct kimage {
	const uint8_t *elf;	/* the file itself, or decoded */
	size_t elf_len;
	uint8_t *decoded;	/* owned: the decoded payload, or NULL */
	const char *format;	/* "ELF", "bzImage (xz)", "bzImage" */
};

/*
 * Opens the kernel file buf (which must outlive k).  path is for
 * messages: "kernel 'PATH': ...".  0, or -ENOEXEC/-E2BIG/-ENOMEM with the
 * message in e.  Whether the ELF is a PVH kernel is the ELF parser's
 * business (elf.h).
 */
int kimage_open(const char *path, const uint8_t *buf, size_t len,
		struct kimage *k, struct errbuf *e);
void kimage_free(struct kimage *k);

#endif /* HOIST_TOOLS_KIMAGE_H */
