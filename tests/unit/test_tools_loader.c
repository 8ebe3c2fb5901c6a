/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: the PVH loader (tools/lib/elf.c, memmap.c, loader.c) on
 * synthetic kernels, into a buffer standing for the guest's memory, and
 * on the test guests in out/guests/ when they have been built.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <hoist/xen.h>

#include "test_tools_fake.h"
#include "lib/elf.h"
#include "lib/file.h"
#include "lib/loader.h"

#define MIB	(1024u * 1024u)
#define POISON	0xEE	/* guest memory before loading: shows what was written */

struct mem {
	uint8_t *buf;
	uint64_t size;
	unsigned writes;
	size_t max_len;
	unsigned fail_at;	/* 1-based write that fails; 0: none */
};

static struct mem mem;
static struct errbuf e;

static int mem_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct mem *m = ctx;

	if (++m->writes == m->fail_at)
		return -EINVAL;
	assert_true(gpa <= m->size && len <= m->size - gpa);
	assert_true(len > 0);
	memcpy(m->buf + gpa, buf, len);
	if (len > m->max_len)
		m->max_len = len;
	return 0;
}

static const struct guest_writer writer = { mem_write, &mem };

static void mem_init(uint64_t size)
{
	free(mem.buf);
	memset(&mem, 0, sizeof(mem));
	mem.size = size;
	mem.buf = malloc(size);
	assert_non_null(mem.buf);
	memset(mem.buf, POISON, size);
}

static int teardown(void **state)
{
	(void)state;
	free(mem.buf);
	memset(&mem, 0, sizeof(mem));
	return 0;
}

static void input(struct pvh_input *in, const uint8_t *k, size_t klen,
		  uint64_t mem_mib)
{
	memset(in, 0, sizeof(*in));
	in->kernel_path = "k";
	in->kernel = k;
	in->kernel_len = klen;
	in->cmdline = "";
	in->mem_bytes = (uint64_t)mem_mib * MIB;
}

static int all(uint64_t gpa, uint64_t len, uint8_t byte)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		if (mem.buf[gpa + i] != byte)
			return 0;
	return 1;
}

static void get_start_info(uint64_t gpa, struct hvm_start_info *si)
{
	memcpy(si, mem.buf + gpa, sizeof(*si));
}

static void check_memmap(uint64_t gpa, uint64_t mem_bytes)
{
	struct hvm_memmap_table_entry m[4];

	memcpy(m, mem.buf + gpa, sizeof(m));
	assert_int_equal(m[0].addr, 0);
	assert_int_equal(m[0].size, 0xA0000);
	assert_int_equal(m[0].type, XEN_HVM_MEMMAP_TYPE_RAM);
	assert_int_equal(m[0].reserved, 0);
	assert_int_equal(m[1].addr, 0xA0000);
	assert_int_equal(m[1].size, 0x60000);
	assert_int_equal(m[1].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
	assert_int_equal(m[2].addr, 0x100000);
	assert_int_equal(m[2].size, mem_bytes - 0x100000);
	assert_int_equal(m[2].type, XEN_HVM_MEMMAP_TYPE_RAM);
	assert_int_equal(m[2].reserved, 0);
	/* The hole below 4 GiB, with the console page in it, reserved. */
	assert_int_equal(m[3].addr, 0xFC000000);
	assert_int_equal(m[3].size, 0x4000000);
	assert_int_equal(m[3].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
}

static void test_abi_sizes(void **state)
{
	(void)state;
	/* The offsets in linux-pvh-domu.md: memmap at 40, entries at 48. */
	assert_int_equal(sizeof(struct hvm_start_info), 56);
	assert_int_equal(offsetof(struct hvm_start_info, memmap_paddr), 40);
	assert_int_equal(offsetof(struct hvm_start_info, memmap_entries), 48);
	assert_int_equal(sizeof(struct hvm_modlist_entry), 32);
	assert_int_equal(sizeof(struct hvm_memmap_table_entry), 24);
}

static void test_memmap(void **state)
{
	struct hvm_memmap_table_entry m[PVH_MEMMAP_MAX];
	const uint64_t hole = 0xFC000000, g4 = 1ull << 32;

	(void)state;
	/* A small guest: RAM, the legacy range, RAM, the hole. */
	assert_int_equal(pvh_memmap_build(16 * MIB, m), 4);
	assert_int_equal(m[2].addr + m[2].size, 16 * MIB);
	assert_int_equal(m[3].addr, hole);
	assert_int_equal(m[3].addr + m[3].size, g4);
	assert_int_equal(m[3].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
	/* The console page is in the hole, as every special page. */
	assert_true(HOIST_GUEST_CONSOLE_PFN << 12 >= hole);
	assert_true(hoist_guest_is_special(HOIST_GUEST_CONSOLE_PFN));
	/* Exactly up to the hole: no RAM above 4 GiB yet. */
	assert_int_equal(pvh_memmap_build(hole, m), 4);
	assert_int_equal(m[2].addr + m[2].size, hole);
	/* Larger: what does not fit below the hole is above 4 GiB (xl). */
	assert_int_equal(pvh_memmap_build(hole + 4096, m), 5);
	assert_int_equal(m[4].addr, g4);
	assert_int_equal(m[4].size, 4096);
	assert_int_equal(pvh_memmap_build(8192ull * MIB, m), 5);
	assert_int_equal(m[2].addr + m[2].size, hole);
	assert_int_equal(m[4].addr, g4);
	assert_int_equal(m[4].addr + m[4].size, g4 + 8192ull * MIB - hole);
	assert_int_equal(m[4].type, XEN_HVM_MEMMAP_TYPE_RAM);

	assert_true(pvh_memmap_is_ram(m, 5, 0, 0xA0000));
	assert_false(pvh_memmap_is_ram(m, 5, 0x9F000, 0x2000));
	assert_false(pvh_memmap_is_ram(m, 5, 0xE0000, 0x10));
	assert_true(pvh_memmap_is_ram(m, 5, 0x100000, hole - 0x100000));
	assert_false(pvh_memmap_is_ram(m, 5, hole - 0x1000, 0x2000));
	assert_false(pvh_memmap_is_ram(m, 5, 0xFEFFF000ull, 0x1000));
	assert_true(pvh_memmap_is_ram(m, 5, g4, 0x1000));
	assert_false(pvh_memmap_is_ram(m, 5, g4 + 8192ull * MIB - hole - 1, 2));
	assert_false(pvh_memmap_is_ram(m, 5, UINT64_MAX, 2));
}

/* The page <-> frame arithmetic the module and the hypervisor share. */
static void test_layout(void **state)
{
	const uint64_t low = 0xFC000, high = 0x100000;
	uint64_t n = 42;

	(void)state;
	assert_int_equal(hoist_guest_gfn(0), 0);
	assert_int_equal(hoist_guest_gfn(low - 1), low - 1);
	assert_int_equal(hoist_guest_gfn(low), high);
	assert_int_equal(hoist_guest_gfn(low + 5), high + 5);
	for (uint64_t i = low - 3; i < low + 3; i++) {
		assert_int_equal(hoist_guest_page(hoist_guest_gfn(i), low + 3,
						  &n), 0);
		assert_int_equal(n, i);
	}
	/* The hole and what lies beyond the domain's pages are no page. */
	n = 42;
	assert_int_equal(hoist_guest_page(low, low + 3, &n), -1);
	assert_int_equal(hoist_guest_page(high - 1, low + 3, &n), -1);
	assert_int_equal(hoist_guest_page(high + 3, low + 3, &n), -1);
	assert_int_equal(hoist_guest_page(100, 100, &n), -1);
	assert_int_equal(n, 42);
	assert_int_equal(hoist_guest_page(99, 100, &n), 0);
	assert_int_equal(n, 99);
	assert_false(hoist_guest_is_special(0xFEFF7));
	assert_true(hoist_guest_is_special(0xFEFF8));
	assert_false(hoist_guest_is_special(0xFF000));
}

static void test_one_segment(void **state)
{
	const struct fake_seg seg = { 0x100000, 0x1234, 0x3000 };
	const uint64_t si_at = 0xE1000, mm = si_at + 56, cl = mm + 4 * 24;
	struct hvm_start_info si;
	struct pvh_layout l;
	struct pvh_input in;
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x100010, 8, 0, &len);

	(void)state;
	mem_init(32 * MIB);
	input(&in, k, len, 32);
	in.cmdline = "console=hvc0 earlyprintk=xen";
	assert_int_equal(pvh_load(&in, &writer, &l, &e), 0);

	/* File bytes at p_paddr, the bss zeroed. */
	assert_true(all(0x100000, 0x1234, fake_seg_byte(0)));
	assert_true(all(0x101234, 0x3000 - 0x1234, 0));
	assert_true(all(0x103000, 0x1000, POISON));

	/* ACPI at 0xE0000, then the start info, the map, the command line,
	 * all in the legacy hole; RAM below it untouched. */
	assert_int_equal(l.entry, 0x100010);
	assert_int_equal(l.rsdp, 0xE0000);
	assert_int_equal(l.start_info, si_at);
	assert_int_equal(l.modlist, 0);
	assert_int_equal(l.memmap, mm);
	assert_int_equal(l.memmap_entries, 4);
	assert_int_equal(l.cmdline, cl);
	assert_int_equal(l.info_end, cl + 29);
	assert_int_equal(l.kernel_end, 0x103000);
	assert_int_equal(l.ramdisk, 0);
	assert_int_equal(l.end, 0x103000);
	assert_int_equal(l.console_gfn, 0xFEFFF);
	assert_true(all(0, 0xE0000, POISON));
	assert_memory_equal(mem.buf + 0xE0000, "RSD PTR ", 8);
	get_start_info(l.start_info, &si);
	assert_int_equal(si.magic, 0x336ec578);
	assert_int_equal(si.version, 1);
	assert_int_equal(si.flags, 0);
	assert_int_equal(si.nr_modules, 0);
	assert_int_equal(si.modlist_paddr, 0);
	assert_int_equal(si.cmdline_paddr, cl);
	assert_int_equal(si.rsdp_paddr, 0xE0000);
	assert_int_equal(si.memmap_paddr, mm);
	assert_int_equal(si.memmap_entries, 4);
	assert_int_equal(si.reserved, 0);
	check_memmap(si.memmap_paddr, 32 * MIB);
	assert_string_equal((char *)mem.buf + cl, "console=hvc0 earlyprintk=xen");
	/* 0xF0000-0xFFFFF (DMI and MP scans) is left as it was. */
	assert_true(all(cl + 29, 0x100000 - cl - 29, POISON));
	free(k);
}

static void test_segments_and_ramdisk(void **state)
{
	/* A Linux-like layout: 16 MiB, a data segment with a big bss. */
	const struct fake_seg segs[2] = {
		{ 0x1000000, 0x2000, 0x2000 },
		{ 0x1200000, 0x100, 0x5000 },
	};
	struct hvm_modlist_entry mod;
	struct hvm_start_info si;
	uint8_t rd[10000];
	struct pvh_layout l;
	struct pvh_input in;
	size_t len;
	uint8_t *k = fake_elf(segs, 2, 0x1000200, 8, 0, &len);

	(void)state;
	memset(rd, 0x5A, sizeof(rd));
	mem_init(64 * MIB);
	input(&in, k, len, 64);
	in.ramdisk_path = "rd";
	in.ramdisk = rd;
	in.ramdisk_len = sizeof(rd);
	in.cmdline = "root=/dev/ram0";
	in.vcpus = 2;
	assert_int_equal(pvh_load(&in, &writer, &l, &e), 0);

	assert_true(all(0x1000000, 0x2000, fake_seg_byte(0)));
	assert_true(all(0x1002000, 0x1200000 - 0x1002000, POISON));
	assert_true(all(0x1200000, 0x100, fake_seg_byte(1)));
	assert_true(all(0x1200100, 0x4f00, 0));

	assert_int_equal(l.start_info, 0xE1000);
	assert_int_equal(l.modlist, 0xE1000 + 56);
	assert_int_equal(l.memmap, 0xE1000 + 56 + 32);
	assert_int_equal(l.cmdline, 0xE1000 + 56 + 32 + 96);
	/* The ramdisk: page-aligned right after the kernel. */
	assert_int_equal(l.kernel_end, 0x1205000);
	assert_int_equal(l.ramdisk, 0x1205000);
	assert_int_equal(l.end, 0x1205000 + 10000);
	get_start_info(l.start_info, &si);
	assert_int_equal(si.nr_modules, 1);
	assert_int_equal(si.modlist_paddr, l.modlist);
	assert_int_equal(si.memmap_paddr, l.memmap);
	assert_int_equal(si.cmdline_paddr, l.cmdline);
	memcpy(&mod, mem.buf + l.modlist, sizeof(mod));
	assert_int_equal(mod.paddr, 0x1205000);
	assert_int_equal(mod.size, 10000);
	assert_int_equal(mod.cmdline_paddr, 0);
	assert_int_equal(mod.reserved, 0);
	check_memmap(si.memmap_paddr, 64 * MIB);
	assert_string_equal((char *)mem.buf + l.cmdline, "root=/dev/ram0");
	assert_true(all(0x1205000, sizeof(rd), 0x5A));
	assert_true(all(0x1205000 + sizeof(rd), 0x100, POISON));
	/* The MADT (RSDP -> XSDT, second entry) lists both vCPUs. */
	{
		uint64_t xsdt, madt;

		memcpy(&xsdt, mem.buf + 0xE0000 + 24, 8);
		memcpy(&madt, mem.buf + xsdt + 36 + 8, 8);
		assert_memory_equal(mem.buf + madt, "APIC", 4);
		assert_int_equal(mem.buf[madt + 4], 44 + 2 * 8);
	}
	free(k);
}

static void test_elf32_and_4_byte_note(void **state)
{
	const struct fake_seg seg = { 0x100000, 0x40, 0x40 };
	struct hvm_start_info si;
	struct pvh_layout l;
	struct pvh_input in;
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x100000, 4, 1, &len);

	(void)state;
	mem_init(16 * MIB);
	input(&in, k, len, 16);
	assert_int_equal(pvh_load(&in, &writer, &l, &e), 0);
	assert_int_equal(l.entry, 0x100000);
	assert_int_equal(l.start_info, 0xE1000);
	assert_true(all(0x100000, 0x40, fake_seg_byte(0)));
	/* No command line: cmdline_paddr 0 and nothing after the map. */
	assert_int_equal(l.cmdline, 0);
	assert_int_equal(l.info_end, 0xE1000 + 56 + 96);
	get_start_info(l.start_info, &si);
	assert_int_equal(si.cmdline_paddr, 0);
	assert_int_equal(mem.writes, 2);
	assert_true(all(l.info_end, 0x100000 - l.info_end, POISON));
	free(k);
}

/* Xen/GUEST_OS after the entry note, as Linux has it: read, entry kept. */
static void test_guest_os_note(void **state)
{
	const struct fake_seg seg = { 0x100000, 0x40, 0x40 };
	struct elf_kernel k;
	size_t len;
	uint8_t *img;

	(void)state;
	fake_elf_guest_os = "linux";
	img = fake_elf(&seg, 1, 0x123456, 8, 0, &len);
	fake_elf_guest_os = NULL;
	assert_int_equal(elf_parse_kernel(img, len, &k, &e), 0);
	assert_string_equal(k.guest_os, "linux");
	assert_int_equal(k.entry, 0x123456);
	free(img);
	img = fake_elf(&seg, 1, 0x123456, 8, 0, &len);
	assert_int_equal(elf_parse_kernel(img, len, &k, &e), 0);
	assert_string_equal(k.guest_os, "");
	free(img);
	/* A name longer than the field is cut, still terminated. */
	fake_elf_guest_os = "a-very-long-guest-os-name";
	img = fake_elf(&seg, 1, 0x123456, 8, 0, &len);
	fake_elf_guest_os = NULL;
	assert_int_equal(elf_parse_kernel(img, len, &k, &e), 0);
	assert_string_equal(k.guest_os, "a-very-long-gue");
	free(img);
}

static void test_chunked_writes(void **state)
{
	const struct fake_seg seg = { 0x100000, 3 * MIB + 5, 3 * MIB + 5 +
				      200 * 1024 };
	struct pvh_layout l;
	struct pvh_input in;
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);

	(void)state;
	mem_init(16 * MIB);
	input(&in, k, len, 16);
	assert_int_equal(pvh_load(&in, &writer, &l, &e), 0);
	assert_true(mem.max_len <= PVH_WRITE_CHUNK);
	/* 4 pieces of file bytes, 4 of bss zeros (64 KiB), 1 start area */
	assert_int_equal(mem.writes, 4 + 4 + 1);
	assert_true(all(0x100000, 3 * MIB + 5, fake_seg_byte(0)));
	assert_true(all(0x100000 + 3 * MIB + 5, 200 * 1024, 0));
	free(k);
}

static void test_check_only(void **state)
{
	const struct fake_seg seg = { 0x100000, 0x10, 0x10 };
	struct pvh_layout l;
	struct pvh_input in;
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);

	(void)state;
	input(&in, k, len, 16);
	assert_int_equal(pvh_load(&in, NULL, &l, &e), 0);
	assert_int_equal(l.start_info, 0xE1000);
	assert_int_equal(l.end, 0x100010);
	free(k);
}

static void load_fails(const uint8_t *k, size_t len, uint64_t mem_mib,
		       const char *msg)
{
	struct pvh_layout l;
	struct pvh_input in;

	mem_init(mem_mib * MIB);
	input(&in, k, len, mem_mib);
	assert_int_not_equal(pvh_load(&in, &writer, &l, &e), 0);
	assert_string_equal(e.msg, msg);
	assert_int_equal(mem.writes, 0);	/* checked before writing */
}

/* Checks only (no buffer): for guests too large to allocate here. */
static void check_fails(struct pvh_input *in, const char *msg)
{
	struct pvh_layout l;

	assert_int_not_equal(pvh_load(in, NULL, &l, &e), 0);
	assert_string_equal(e.msg, msg);
}

static void test_does_not_fit(void **state)
{
	const struct fake_seg big = { 0x1000000, 0x10, 0x100000 };
	const struct fake_seg small = { 0x100000, 0x10, 0x10 };
	struct pvh_layout l;
	struct pvh_input in;
	uint8_t rd[16];
	size_t len;
	uint8_t *k = fake_elf(&big, 1, 0x1000000, 8, 0, &len);

	(void)state;
	/* 16 MiB + 1 MiB, rounded up. */
	load_fails(k, len, 16, "kernel (17 MiB) does not fit in memory = "
		   "16 MiB");
	free(k);

	/* The ramdisk is what overflows. */
	k = fake_elf(&small, 1, 0x100000, 8, 0, &len);
	mem_init(16 * MIB);
	input(&in, k, len, 16);
	in.ramdisk_path = "rd";
	in.ramdisk = rd;
	in.ramdisk_len = 15 * MIB;
	assert_int_equal(pvh_load(&in, NULL, &l, &e), -E2BIG);
	assert_string_equal(e.msg, "kernel + ramdisk (17 MiB) do not fit in "
			    "memory = 16 MiB");
	/* Just fitting is fine: 16 MiB minus the kernel's page. */
	in.ramdisk_len = 16 * MIB - 0x101000;
	assert_int_equal(pvh_load(&in, NULL, &l, &e), 0);
	assert_int_equal(l.ramdisk, 0x101000);
	assert_int_equal(l.end, 16 * MIB);

	/* In RAM below 4 GiB, clear of the hole. */
	input(&in, k, len, 8192);
	in.ramdisk_path = "rd";
	in.ramdisk_len = 5ull << 30;
	check_fails(&in, "ramdisk 'rd' would end above 4 GiB");
	in.ramdisk_len = 0xFC000000ull - 0x101000 + 1;
	check_fails(&in, "ramdisk 'rd' at 0x101000-0xfc000000 would not be in "
		    "the guest's RAM");
	in.ramdisk_len--;
	assert_int_equal(pvh_load(&in, NULL, &l, &e), 0);
	free(k);

	/* A command line longer than the start area holds. */
	k = fake_elf(&small, 1, 0x100000, 8, 0, &len);
	{
		size_t n = 0xF0000 - 0xE1000;
		char *cl = malloc(n + 1);

		assert_non_null(cl);
		memset(cl, 'x', n);
		cl[n] = '\0';
		input(&in, k, len, 16);
		in.cmdline = cl;
		check_fails(&in, "the command line is too long (61440 bytes, "
			    "at most 61287)");
		cl[61287] = '\0';
		assert_int_equal(pvh_load(&in, NULL, &l, &e), 0);
		assert_int_equal(l.info_end, 0xF0000);
		free(cl);
	}
	free(k);
}

static void test_bad_images(void **state)
{
	uint8_t junk[1024], *k;
	size_t len;
	struct fake_seg seg = { 0x100000, 0x100, 0x100 };
	struct pvh_input in;

	(void)state;
	memset(junk, 0, sizeof(junk));
	load_fails(junk, sizeof(junk), 16, "kernel 'k': not an ELF file");
	load_fails(junk, 3, 16, "kernel 'k': not an ELF file");

	k = fake_elf(&seg, 1, 0x100000, 0, 0, &len);
	load_fails(k, len, 16, "kernel 'k': no PVH entry point (ELF note "
		   "Xen/XEN_ELFNOTE_PHYS32_ENTRY): not a PVH kernel");
	free(k);

	k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);
	load_fails(k, len - 1, 16, "kernel 'k': segment at 0x100000 lies "
		   "outside the file");
	load_fails(k, 40, 16, "kernel 'k': truncated ELF header");
	k[18] = 40;	/* e_machine: ARM */
	load_fails(k, len, 16, "kernel 'k': not an x86 kernel");
	free(k);

	k = fake_elf(&seg, 1, 0x200000, 8, 0, &len);
	load_fails(k, len, 16, "kernel 'k': PVH entry 0x200000 is outside "
		   "its segments");
	free(k);

	k = fake_elf(&seg, 1, 0x100000000ull, 8, 0, &len);
	load_fails(k, len, 16, "kernel 'k': PVH entry 0x100000000 is above "
		   "4 GiB");
	free(k);

	seg.paddr = 0x9F000;
	seg.filesz = seg.memsz = 0x2000;
	k = fake_elf(&seg, 1, 0x9F000, 8, 0, &len);
	load_fails(k, len, 16, "kernel 'k': segment 0x9f000-0xa0fff overlaps "
		   "the reserved range 0xa0000-0xfffff");
	free(k);

	/* In the hole of a large guest (on its console page). */
	seg.paddr = 0xFEFFF000;
	seg.filesz = seg.memsz = 0x10;
	k = fake_elf(&seg, 1, 0xFEFFF000, 8, 0, &len);
	input(&in, k, len, 8192);
	check_fails(&in, "kernel 'k': segment at 0xfefff000 is in the hole "
		    "below 4 GiB, not in the guest's RAM");
	free(k);

	/* A note that claims more than its segment holds. */
	seg.paddr = 0x100000;
	k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);
	{
		uint32_t descsz = 4096;

		memcpy(k + sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr) + 4,
		       &descsz, 4);
	}
	load_fails(k, len, 16, "kernel 'k': malformed ELF note");
	free(k);
}

static void test_write_error(void **state)
{
	const struct fake_seg seg = { 0x100000, 0x10, 0x10 };
	struct pvh_layout l;
	struct pvh_input in;
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);

	(void)state;
	mem_init(16 * MIB);
	mem.fail_at = 2;	/* the ACPI tables and start info */
	input(&in, k, len, 16);
	assert_int_equal(pvh_load(&in, &writer, &l, &e), -EINVAL);
	assert_string_equal(e.msg, "writing the guest's memory: Invalid "
			    "argument");
	free(k);
}

/* The real test guests (out/guests/, from guests/): each one loads. */
static void test_built_guests(void **state)
{
	struct dirent *de;
	unsigned tried = 0;
	DIR *dir = opendir("../guests");

	(void)state;
	if (!dir)
		skip();
	while ((de = readdir(dir))) {
		struct elf_kernel k;
		struct pvh_layout l;
		struct pvh_input in;
		char path[512], *buf;
		size_t len;

		snprintf(path, sizeof(path), "../guests/%s", de->d_name);
		if (de->d_name[0] == '.' || file_read_all(path, &buf, &len))
			continue;
		/* Only the PVH kernels among whatever else is there. */
		if (!elf_parse_kernel((uint8_t *)buf, len, &k, &e)) {
			/* Not Linux: a test guest gets no xenstore. */
			assert_string_equal(k.guest_os, "");
			mem_init(32 * MIB);
			input(&in, (uint8_t *)buf, len, 32);
			in.kernel_path = path;
			assert_int_equal(pvh_load(&in, &writer, &l, &e), 0);
			assert_int_equal(l.start_info, 0xE1000);
			assert_true(l.kernel_end >= 0x100000);
			tried++;
		}
		free(buf);
	}
	closedir(dir);
	if (!tried)
		skip();
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_abi_sizes),
		T(test_memmap),
		T(test_layout),
		T(test_one_segment),
		T(test_segments_and_ramdisk),
		T(test_elf32_and_4_byte_note),
		T(test_guest_os_note),
		T(test_chunked_writes),
		T(test_check_only),
		T(test_does_not_fit),
		T(test_bad_images),
		T(test_write_error),
		T(test_built_guests),
	};

	return cmocka_run_group_tests_name("tools_loader", tests, NULL, NULL);
}
