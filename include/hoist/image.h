/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The contract between the module and the hypervisor image it loads.
 *
 * hv.bin is a flat, position-independent image that starts with
 * struct hoist_image_header.  The module maps the memory it gives the
 * hypervisor at load (image first) at one virtual address V in Linux,
 * calls setup() at V + setup_offset once, then cpu_entry() at
 * V + cpu_entry_offset on every CPU.  The hypervisor maps that memory at
 * the same V in its own page tables, so code keeps running across the
 * switch of CR3.  Chunks given later (HOIST_HC_POOL_GROW) are never mapped
 * in Linux: the hypervisor reaches them through its map of all physical
 * memory.
 */
#ifndef HOIST_IMAGE_H
#define HOIST_IMAGE_H

/* The constants serve the hypervisor's linker script too (hv/hv.lds.S). */
#define HOIST_IMAGE_MAGIC	0x54534f48	/* "HOST" */
#define HOIST_IMAGE_VERSION	5

#ifndef __ASSEMBLER__
#include "types.h"

#define HOIST_CHUNK_SHIFT	21		/* pool memory comes in 2 MiB chunks */
#define HOIST_CHUNK_SIZE	(1ull << HOIST_CHUNK_SHIFT)
#define HOIST_MAX_CHUNKS	256		/* at load: 512 MiB (chunk_pa[] below) */
/*
 * The most chunks the hypervisor ever owns, those given at load included:
 * 2 GiB.  It keeps 96 bytes of bookkeeping per chunk it could own (its
 * page bitmap among them) in its image, 96 KiB for 1024; with 4 KiB guest
 * pages a GiB of guest costs about 4 MiB of nested tables (the guest's and
 * dom0's, split around each page), so this is room for some 500 GiB of
 * guests.
 */
#define HOIST_POOL_MAX_CHUNKS	1024
#define HOIST_MAX_CPUS		1024
#define HOIST_MAX_RAM_RANGES	128
_Static_assert(HOIST_MAX_CPUS % 64 == 0, "ABI: whole words in cpus_present[]");

/* A range of RAM, in 4 KiB frames: [first, first + count). */
struct hoist_ram_range {
	uint64_t first;
	uint64_t count;
};
HOIST_ABI_SIZE(struct hoist_ram_range, 16);
HOIST_ABI_OFFSET(struct hoist_ram_range, count, 8);

/*
 * The platform's sleep and reset controls (from the ACPI FADT), in I/O
 * space; 0 when absent.  dom0's writes to them are refused while domains
 * exist.  Port 0xCF9, the 8042's command port and port 0x92 always are.
 */
struct hoist_platform {
	uint16_t pm1a_cnt;
	uint16_t pm1b_cnt;
	uint16_t reset_port;	/* FADT RESET_REG when it is an I/O port */
	uint16_t pad;
};
HOIST_ABI_SIZE(struct hoist_platform, 8);
HOIST_ABI_OFFSET(struct hoist_platform, reset_port, 4);

struct hoist_image_header {
	uint32_t magic;
	uint32_t version;
	uint64_t file_size;		/* bytes of hv.bin */
	uint64_t mem_size;		/* bytes the image occupies, bss included */
	uint64_t text_size;		/* bytes from the start that must be executable */
	uint64_t setup_offset;		/* long setup(struct hoist_boot_params *) */
	uint64_t cpu_entry_offset;	/* long cpu_entry(uint32_t cpu) */
};
HOIST_ABI_SIZE(struct hoist_image_header, 48);
HOIST_ABI_OFFSET(struct hoist_image_header, file_size, 8);
HOIST_ABI_OFFSET(struct hoist_image_header, setup_offset, 32);
HOIST_ABI_OFFSET(struct hoist_image_header, cpu_entry_offset, 40);

/*
 * What the module tells the hypervisor at load.  The load is the one moment
 * dom0's kernel is trusted (docs/security.md): the hypervisor believes this
 * and nothing dom0 says later about CPUs or memory.
 */
struct hoist_boot_params {
	uint32_t version;		/* HOIST_IMAGE_VERSION */
	uint32_t nr_cpus;		/* highest possible CPU number + 1 */
	uint64_t pool_va;		/* V: where chunk i is mapped at V + i * 2 MiB */
	uint32_t nr_chunks;
	uint32_t log_serial;		/* 1: copy the log to COM1 as well */
	uint64_t tsc_khz;
	uint64_t chunk_pa[HOIST_MAX_CHUNKS];
	/* CPUs present at load (bit n = CPU n): all must be hoisted for domains. */
	uint64_t cpus_present[HOIST_MAX_CPUS / 64];
	/* System RAM: the only memory dom0 may donate to a domain. */
	uint32_t nr_ram_ranges;
	uint32_t pad;
	struct hoist_ram_range ram[HOIST_MAX_RAM_RANGES];
	struct hoist_platform platform;
	/*
	 * The most chunks the hypervisor may own, these included (the
	 * module's max_hv_mb); at most HOIST_POOL_MAX_CHUNKS.
	 */
	uint32_t max_chunks;
	uint32_t pad2;
};
HOIST_ABI_SIZE(struct hoist_boot_params, 4280);
HOIST_ABI_OFFSET(struct hoist_boot_params, pool_va, 8);
HOIST_ABI_OFFSET(struct hoist_boot_params, tsc_khz, 24);
HOIST_ABI_OFFSET(struct hoist_boot_params, chunk_pa, 32);
HOIST_ABI_OFFSET(struct hoist_boot_params, cpus_present, 2080);
HOIST_ABI_OFFSET(struct hoist_boot_params, nr_ram_ranges, 2208);
HOIST_ABI_OFFSET(struct hoist_boot_params, ram, 2216);
HOIST_ABI_OFFSET(struct hoist_boot_params, platform, 4264);
HOIST_ABI_OFFSET(struct hoist_boot_params, max_chunks, 4272);

#endif /* __ASSEMBLER__ */
#endif /* HOIST_IMAGE_H */
