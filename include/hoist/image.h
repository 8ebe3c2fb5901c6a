/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The contract between the module and the hypervisor image it loads.
 *
 * hv.bin is a flat, position-independent image that starts with
 * struct hoist_image_header.  The module maps the whole hypervisor pool
 * (image first) at one virtual address V in Linux, calls setup() at
 * V + setup_offset once, then cpu_entry() at V + cpu_entry_offset on every
 * CPU.  The hypervisor maps the pool at the same V in its own page tables,
 * so code keeps running across the switch of CR3.
 */
#ifndef HOIST_IMAGE_H
#define HOIST_IMAGE_H

#include "types.h"

#define HOIST_IMAGE_MAGIC	0x54534f48u	/* "HOST" */
#define HOIST_IMAGE_VERSION	1
#define HOIST_CHUNK_SHIFT	21		/* pool memory comes in 2 MiB chunks */
#define HOIST_CHUNK_SIZE	(1ull << HOIST_CHUNK_SHIFT)
#define HOIST_MAX_CHUNKS	256		/* 512 MiB of hypervisor memory */
#define HOIST_MAX_CPUS		1024

struct hoist_image_header {
	uint32_t magic;
	uint32_t version;
	uint64_t file_size;		/* bytes of hv.bin */
	uint64_t mem_size;		/* bytes the image occupies, bss included */
	uint64_t text_size;		/* bytes from the start that must be executable */
	uint64_t setup_offset;		/* long setup(struct hoist_boot_params *) */
	uint64_t cpu_entry_offset;	/* long cpu_entry(uint32_t cpu) */
};

struct hoist_boot_params {
	uint32_t version;		/* HOIST_IMAGE_VERSION */
	uint32_t nr_cpus;		/* highest possible CPU number + 1 */
	uint64_t pool_va;		/* V: where chunk i is mapped at V + i * 2 MiB */
	uint32_t nr_chunks;
	uint32_t log_serial;		/* 1: copy the log to COM1 as well */
	uint64_t tsc_khz;
	uint64_t chunk_pa[HOIST_MAX_CHUNKS];
};

#endif /* HOIST_IMAGE_H */
