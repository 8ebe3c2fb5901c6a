/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The Linux x86 boot protocol, 64-bit entry (Documentation/x86/boot.rst,
 * "64-bit boot protocol"; arch/x86/include/uapi/asm/bootparam.h): the
 * protected-mode part of the bzImage at 1 MiB, a zero page (boot_params)
 * with the setup header copied from the image, an e820 map, the command
 * line and the initrd, identity-mapped page tables, flat segments with
 * __BOOT_CS = 0x10 and __BOOT_DS = 0x18, and RIP = load address + 0x200,
 * RSI = the zero page.  The same layout as Firecracker's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm-linux.h"

/* Guest physical layout. */
#define GDT_ADDR	0x500ul
#define ZERO_PAGE	0x7000ul
#define PML4_ADDR	0x9000ul
#define PDPT_ADDR	0xa000ul
#define PD_ADDR		0xb000ul
#define CMDLINE_ADDR	0x20000ul
#define EBDA_START	0x9fc00ul	/* e820: RAM ends here below 1 MiB */
#define BIOS_START	0xf0000ul
#define KERNEL_ADDR	0x100000ul
#define IDMAP_END	0x40000000ul	/* 1 GiB, 2 MiB pages */

/* boot_params and setup header offsets (bootparam.h). */
#define BP_E820_ENTRIES	0x1e8
#define BP_SETUP_SECTS	0x1f1
#define BP_HDR		0x1f1		/* setup header: 0x1f1 .. 0x202 + [0x201] */
#define BP_JUMP_END	0x201
#define BP_HEADER	0x202		/* "HdrS" */
#define BP_VERSION	0x206
#define BP_LOADER	0x210
#define BP_RAMDISK	0x218
#define BP_RAMDISK_SIZE	0x21c
#define BP_CMD_LINE_PTR	0x228
#define BP_INITRD_MAX	0x22c
#define BP_XLOADFLAGS	0x236
#define BP_CMDLINE_SIZE	0x238
#define BP_INIT_SIZE	0x260
#define BP_E820_TABLE	0x2d0
#define E820_ENTRY_SIZE	20

#define XLF_KERNEL_64	0x01
#define MIN_VERSION	0x020c		/* xloadflags, 64-bit entry */
#define E820_RAM	1
#define E820_RESERVED	2

#define CR0_PE		0x00000001ull
#define CR0_ET		0x00000010ull
#define CR0_PG		0x80000000ull
#define CR4_PAE		0x00000020ull
#define EFER_LME	0x00000100ull
#define EFER_LMA	0x00000400ull
#define PTE_P		0x001ull
#define PTE_RW		0x002ull
#define PTE_PS		0x080ull

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));	/* x86: little-endian */
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* Offset of the protected-mode part (after the real-mode setup sectors). */
static size_t setup_size(const struct image *k)
{
	unsigned int sects = k->data[BP_SETUP_SECTS];

	return ((size_t)(sects ? sects : 4) + 1) * 512;
}

int boot_check_kernel(const struct image *k)
{
	if (k->len < 0x1000 || memcmp(k->data + BP_HEADER, "HdrS", 4)) {
		fprintf(stderr, "kvm-linux: %s: not a Linux bzImage (no HdrS "
			"boot header)\n", k->path);
		return -1;
	}
	if (get16(k->data + BP_VERSION) < MIN_VERSION) {
		fprintf(stderr, "kvm-linux: %s: boot protocol %#x, need %#x\n",
			k->path, get16(k->data + BP_VERSION), MIN_VERSION);
		return -1;
	}
	if (!(get16(k->data + BP_XLOADFLAGS) & XLF_KERNEL_64)) {
		fprintf(stderr, "kvm-linux: %s: no 64-bit entry point "
			"(XLF_KERNEL_64)\n", k->path);
		return -1;
	}
	if (setup_size(k) >= k->len) {
		fprintf(stderr, "kvm-linux: %s: truncated (setup sectors "
			"beyond the end)\n", k->path);
		return -1;
	}
	return 0;
}

static void e820_add(uint8_t *bp, uint64_t addr, uint64_t size, uint32_t type)
{
	uint8_t *e = bp + BP_E820_TABLE + bp[BP_E820_ENTRIES] * E820_ENTRY_SIZE;

	put64(e, addr);
	put64(e + 8, size);
	put32(e + 16, type);
	bp[BP_E820_ENTRIES]++;
}

/* Identity map of the first IDMAP_END bytes; the kernel builds its own. */
static void page_tables(struct vm *vm)
{
	uint64_t i;

	memset(vm->mem + PML4_ADDR, 0, 3 * 4096);
	put64(vm->mem + PML4_ADDR, PDPT_ADDR | PTE_P | PTE_RW);
	put64(vm->mem + PDPT_ADDR, PD_ADDR | PTE_P | PTE_RW);
	for (i = 0; i < IDMAP_END >> 21; i++)
		put64(vm->mem + PD_ADDR + i * 8,
		      (i << 21) | PTE_P | PTE_RW | PTE_PS);
}

/* Long mode with flat segments, paging from cr3; regs as given but for
 * RFLAGS.  The GDT goes to GDT_ADDR. */
int boot_long_mode(struct vm *vm, uint64_t cr3, const struct kvm_regs *regs)
{
	struct kvm_segment code = {
		.base = 0, .limit = 0xffffffff, .selector = 0x10,
		.type = 11, .present = 1, .s = 1, .l = 1, .g = 1,
	};
	struct kvm_segment data = {
		.base = 0, .limit = 0xffffffff, .selector = 0x18,
		.type = 3, .present = 1, .s = 1, .db = 1, .g = 1,
	};
	struct kvm_sregs sregs;
	struct kvm_regs r = *regs;
	/* null, null, __BOOT_CS (64-bit code), __BOOT_DS (data) */
	static const uint64_t gdt[] = {
		0, 0, 0x00af9b000000ffffull, 0x00cf93000000ffffull,
	};

	memcpy(vm->mem + GDT_ADDR, gdt, sizeof(gdt));
	if (ioctl(vm->vcpu, KVM_GET_SREGS, &sregs) < 0) {
		fprintf(stderr, "kvm-linux: KVM_GET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	sregs.cs = code;
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;
	sregs.gdt.base = GDT_ADDR;
	sregs.gdt.limit = sizeof(gdt) - 1;
	sregs.idt.base = 0;
	sregs.idt.limit = 0;
	sregs.cr0 = CR0_PE | CR0_ET | CR0_PG;
	sregs.cr3 = cr3;
	sregs.cr4 = CR4_PAE;
	sregs.efer = EFER_LME | EFER_LMA;
	if (ioctl(vm->vcpu, KVM_SET_SREGS, &sregs) < 0) {
		fprintf(stderr, "kvm-linux: KVM_SET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	r.rflags = 2;				/* reserved bit; IF clear */
	if (ioctl(vm->vcpu, KVM_SET_REGS, &r) < 0) {
		fprintf(stderr, "kvm-linux: KVM_SET_REGS: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int set_registers(struct vm *vm)
{
	struct kvm_regs regs = {
		.rip = KERNEL_ADDR + 0x200,	/* startup_64 */
		.rsi = ZERO_PAGE,
	};

	return boot_long_mode(vm, PML4_ADDR, &regs);
}

int boot_setup(struct vm *vm, const struct image *k,
	       const struct image *initrd, const char *cmdline)
{
	uint8_t *bp = vm->mem + ZERO_PAGE;
	size_t setup = setup_size(k), pm_len = k->len - setup;
	size_t hdr_end = BP_HEADER + k->data[BP_JUMP_END];
	size_t cmd_len = strlen(cmdline);
	uint64_t kernel_end, top, initrd_addr = 0;

	/* The kernel decompresses itself within init_size of its load address. */
	kernel_end = KERNEL_ADDR + pm_len;
	if (kernel_end < KERNEL_ADDR + get32(k->data + BP_INIT_SIZE))
		kernel_end = KERNEL_ADDR + get32(k->data + BP_INIT_SIZE);
	if (kernel_end > vm->low_size) {
		fprintf(stderr, "kvm-linux: %s needs %llu MiB of memory, the "
			"guest has %llu\n", k->path,
			(unsigned long long)(kernel_end >> 20) + 1,
			(unsigned long long)vm->mem_size >> 20);
		return -1;
	}
	if (cmd_len >= get32(k->data + BP_CMDLINE_SIZE)) {
		fprintf(stderr, "kvm-linux: command line of %zu bytes, the kernel "
			"takes at most %u\n", cmd_len,
			get32(k->data + BP_CMDLINE_SIZE) - 1);
		return -1;
	}

	/* The initrd at the top of RAM, below the kernel's limit and the
	 * identity map, page-aligned. */
	if (initrd) {
		top = vm->low_size;
		if (top > (uint64_t)get32(k->data + BP_INITRD_MAX) + 1)
			top = (uint64_t)get32(k->data + BP_INITRD_MAX) + 1;
		if (top > IDMAP_END)
			top = IDMAP_END;
		if (initrd->len > top - kernel_end) {
			fprintf(stderr, "kvm-linux: %s (%zu bytes) does not fit "
				"between the kernel and the top of memory\n",
				initrd->path, initrd->len);
			return -1;
		}
		initrd_addr = (top - initrd->len) & ~0xfffull;
		memcpy(vm->mem + initrd_addr, initrd->data, initrd->len);
	}

	memcpy(vm->mem + KERNEL_ADDR, k->data + setup, pm_len);
	memcpy(vm->mem + CMDLINE_ADDR, cmdline, cmd_len + 1);

	memset(bp, 0, 4096);
	memcpy(bp + BP_HDR, k->data + BP_HDR, hdr_end - BP_HDR);
	bp[BP_LOADER] = 0xff;			/* undefined boot loader */
	put32(bp + BP_CMD_LINE_PTR, CMDLINE_ADDR);
	put32(bp + BP_RAMDISK, (uint32_t)initrd_addr);
	put32(bp + BP_RAMDISK_SIZE, initrd ? (uint32_t)initrd->len : 0);
	e820_add(bp, 0, EBDA_START, E820_RAM);
	e820_add(bp, EBDA_START, 0xa0000 - EBDA_START, E820_RESERVED);
	e820_add(bp, BIOS_START, KERNEL_ADDR - BIOS_START, E820_RESERVED);
	e820_add(bp, KERNEL_ADDR, vm->low_size - KERNEL_ADDR, E820_RAM);
	if (vm->mem_size > vm->low_size)
		e820_add(bp, HIGH_RAM_START, vm->mem_size - vm->low_size,
			 E820_RAM);

	page_tables(vm);
	return set_registers(vm);
}
