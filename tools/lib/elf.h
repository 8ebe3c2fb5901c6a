/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the PVH loader needs from a kernel image: its loadable segments
 * and the 32-bit entry point from the Xen ELF note (owner "Xen", type
 * XEN_ELFNOTE_PHYS32_ENTRY).  ELF64 and ELF32, little-endian x86.
 * A bzImage is opened by kimage.h first, which hands over the ELF inside.
 */
#ifndef HOIST_TOOLS_ELF_H
#define HOIST_TOOLS_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

#define ELF_MAX_SEGMENTS	16

struct elf_segment {
	uint64_t paddr;		/* p_paddr: where PVH loads it */
	uint64_t offset;	/* file bytes [offset, offset + filesz) */
	uint64_t filesz;
	uint64_t memsz;		/* >= filesz; the rest is zeroed (bss) */
};

struct elf_kernel {
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	unsigned nseg;
	uint64_t entry;		/* from the PVH note */
	/* Xen/XEN_ELFNOTE_GUEST_OS ("linux"), "" without one: Linux talks
	 * xenbus and gets a store, the freestanding test guests do not. */
	char guest_os[16];
};

/*
 * Parses the kernel image; every segment lies inside the file.  0, or
 * -EINVAL/-ENOEXEC with a message in e ("kernel: ..." problems).
 */
int elf_parse_kernel(const uint8_t *buf, size_t len, struct elf_kernel *k,
		     struct errbuf *e);

#endif /* HOIST_TOOLS_ELF_H */
