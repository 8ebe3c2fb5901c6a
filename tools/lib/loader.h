/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The PVH loader: puts a kernel (ELF with the Xen PVH note), its command
 * line and an optional ramdisk into a domain's memory, with the ACPI
 * tables and the struct hvm_start_info the kernel finds in EBX.  Layout,
 * as xl's for PVH guests where it matters to Linux:
 *
 *   each PT_LOAD at its p_paddr: file bytes, then zeros up to p_memsz
 *   0xE0000     ACPI tables (acpi.h): RSDP first
 *   0xE1000     hvm_start_info (version 1), the module list (the ramdisk,
 *               if any), the memory map (memmap.h), the command line +
 *               NUL (none, and cmdline_paddr 0, when it is empty)
 *   ramdisk     first page boundary after the kernel's highest segment
 *   console     the special page HOIST_GUEST_CONSOLE_PFN (layout.h), in
 *               the hole below 4 GiB, given to DOMAIN_BOOT
 *
 * The start information and the tables lie in the reserved legacy range
 * 0xA0000-0xFFFFF, below 1 MiB (Linux reads them before it maps more
 * memory) and never RAM to the guest; 0xF0000-0xFFFFF stays zero, since
 * Linux scans it for DMI and MP-table signatures.  The kernel must lie in
 * RAM, and the ramdisk in RAM below 4 GiB (boot_params holds 32-bit
 * addresses).
 *
 * All writes go through a guest_writer, so the loader runs the same
 * against /dev/hoist and against a buffer in the unit tests.
 */
#ifndef HOIST_TOOLS_LOADER_H
#define HOIST_TOOLS_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "lib/memmap.h"

#define PVH_INFO_BASE		0xE0000ull	/* ACPI tables */
#define PVH_START_INFO		0xE1000ull	/* hvm_start_info and the rest */
#define PVH_INFO_END		0xF0000ull
#define PVH_ACPI_MAX		(PVH_START_INFO - PVH_INFO_BASE)
#define PVH_RAMDISK_LIMIT	(1ull << 32)
/* Writes are cut in pieces of this size (bounded copies in the module). */
#define PVH_WRITE_CHUNK		(1024u * 1024u)

struct guest_writer {
	/* Copies len bytes to guest-physical gpa: 0 or -errno. */
	int (*write)(void *ctx, uint64_t gpa, const void *buf, size_t len);
	void *ctx;
};

struct pvh_input {
	const char *kernel_path;	/* for messages */
	const uint8_t *kernel;		/* the ELF (kimage.h decodes files) */
	size_t kernel_len;
	const char *ramdisk_path;	/* NULL: no ramdisk */
	const uint8_t *ramdisk;
	size_t ramdisk_len;
	const char *cmdline;		/* "": none */
	uint64_t mem_bytes;		/* the domain's memory */
	unsigned vcpus;			/* for the MADT; 0 counts as 1 */
};

struct pvh_layout {
	uint64_t entry;		/* PVH entry, 32-bit */
	uint64_t start_info;	/* EBX at entry */
	uint64_t rsdp;
	uint64_t modlist;	/* 0 without a ramdisk */
	uint64_t memmap;
	unsigned memmap_entries;
	uint64_t cmdline;	/* 0 without a command line */
	uint64_t info_end;	/* first byte after the start information */
	uint64_t kernel_end;	/* first byte after the highest segment */
	uint64_t ramdisk;	/* 0 without a ramdisk */
	uint64_t end;		/* first byte after the kernel and ramdisk */
	uint64_t console_gfn;	/* for DOMAIN_BOOT */
};

/*
 * Plans the layout and, with w != NULL, writes it.  0, or -ENOEXEC
 * (not a PVH kernel), -E2BIG (does not fit), -errno from w, with the
 * message in e.  With w == NULL it only checks (hoist create -n).
 */
int pvh_load(const struct pvh_input *in, const struct guest_writer *w,
	     struct pvh_layout *l, struct errbuf *e);

#endif /* HOIST_TOOLS_LOADER_H */
