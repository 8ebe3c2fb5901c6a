/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The PVH loader: puts a kernel (ELF with the Xen PVH note), its command
 * line and an optional ramdisk into a domain's memory and builds the
 * struct hvm_start_info the kernel finds in EBX.  Layout:
 *
 *   each PT_LOAD at its p_paddr: file bytes, then zeros up to p_memsz
 *   start page  first page boundary after the highest segment:
 *               hvm_start_info, module list (the ramdisk, if any),
 *               memory map (3 entries), command line + NUL (none, and
 *               cmdline_paddr 0, when it is empty)
 *   ramdisk     first page boundary after the start area
 *
 * The memory map: RAM [0, 0xA0000), reserved [0xA0000, 0x100000), RAM
 * [0x100000, memory).  Everything must fit in the domain's memory; the
 * start area must end below 1 GiB (Linux reads it before it maps more)
 * and the ramdisk below 4 GiB (boot_params holds 32-bit addresses).
 *
 * All writes go through a guest_writer, so the loader runs the same
 * against /dev/hoist and against a buffer in the unit tests.
 */
#ifndef HOIST_TOOLS_LOADER_H
#define HOIST_TOOLS_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

#define PVH_PAGE		4096ull
#define PVH_LOW_RAM_END		0xA0000ull	/* 640 KiB */
#define PVH_HOLE_END		0x100000ull	/* 1 MiB */
#define PVH_START_LIMIT		(1ull << 30)	/* start area below 1 GiB */
#define PVH_RAMDISK_LIMIT	(1ull << 32)
#define PVH_MEMMAP_ENTRIES	3
/* Writes are cut in pieces of this size (bounded copies in the module). */
#define PVH_WRITE_CHUNK		(1024u * 1024u)

struct guest_writer {
	/* Copies len bytes to guest-physical gpa: 0 or -errno. */
	int (*write)(void *ctx, uint64_t gpa, const void *buf, size_t len);
	void *ctx;
};

struct pvh_input {
	const char *kernel_path;	/* for messages */
	const uint8_t *kernel;
	size_t kernel_len;
	const char *ramdisk_path;	/* NULL: no ramdisk */
	const uint8_t *ramdisk;
	size_t ramdisk_len;
	const char *cmdline;		/* "": none */
	uint64_t mem_bytes;		/* the domain's memory */
};

struct pvh_layout {
	uint64_t entry;		/* PVH entry, 32-bit */
	uint64_t start_info;	/* EBX at entry */
	uint64_t modlist;	/* 0 without a ramdisk */
	uint64_t memmap;
	uint64_t cmdline;	/* 0 without a command line */
	uint64_t ramdisk;	/* 0 without a ramdisk */
	uint64_t end;		/* first byte after all of it */
};

/*
 * Plans the layout and, with w != NULL, writes it.  0, or -ENOEXEC
 * (not a PVH kernel), -E2BIG (does not fit), -errno from w, with the
 * message in e.  With w == NULL it only checks (hoist create -n).
 */
int pvh_load(const struct pvh_input *in, const struct guest_writer *w,
	     struct pvh_layout *l, struct errbuf *e);

#endif /* HOIST_TOOLS_LOADER_H */
