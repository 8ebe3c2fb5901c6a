/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kvm-linux -x MODE: the KVM side of "create and destroy a large guest"
 * (tests/system/scenarios/bigbench.sh).  No Linux: each run creates a VM
 * of -m MiB with one vCPU (vm.c), runs a small 64-bit program in it and
 * destroys it again, timing both halves.  MODE says what creation does to
 * the guest's memory:
 *
 *   none   nothing: KVM allocates a page when the guest first touches it
 *          (KVM's usual way; the program only says it runs)
 *   host   this process allocates every page before the VM runs
 *          (MADV_POPULATE_WRITE: Linux zeroes them); KVM's nested page table
 *          entries are still made at the guest's first touch
 *   guest  the program writes every 4 KiB page of guest RAM once: each
 *          first touch is a nested page fault in which the host allocates
 *          and zeroes the page and KVM maps it; when the run ends, every
 *          page is allocated, zeroed and mapped, as after `hoist create`
 *
 * Destroying is closing the vCPU and the VM and unmapping the memory:
 * KVM frees its nested tables, Linux its pages.  It does not scrub them
 * (Linux zeroes a page when it is next allocated, init_on_alloc), where
 * Hoist scrubs every page of the guest before dom0 gets it back.
 *
 * Per run it prints
 *   kvm_touch mode=MODE mib=M create_us=N destroy_us=N thp_mib=T
 * create_us from just before KVM_CREATE_VM to the program's last exit,
 * destroy_us around vm_destroy(); thp_mib is how much of this process's
 * memory was in transparent huge pages before the destroy (what KVM
 * could map with 2 MiB nested entries).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "kvm-linux.h"

/* Guest physical layout: the program, then its page tables. */
#define CODE_ADDR	0x8000ull
#define PML4_ADDR	0x9000ull
#define PDPT_ADDR	0xa000ull
#define PD_ADDR		0x10000ull	/* one page per GiB, 2 MiB pages */
#define PD_MAX		32ull		/* up to GPA 32 GiB */
#define PORT_DONE	0x10
#define PTE_P		0x001ull
#define PTE_RW		0x002ull
#define PTE_PS		0x080ull

/*
 * The program (64-bit): touch [RDI, RSI), then [RDX, RCX) if RCX is not
 * zero, one read-modify-write per 4 KiB page (the page tables and the
 * program itself keep their contents), then OUT to PORT_DONE.
 */
__asm__(
	".pushsection .rodata\n"
	"touch_code:\n"
	"1:	cmp %rsi, %rdi\n"
	"	jae 2f\n"
	"	orq $0, (%rdi)\n"
	"	add $4096, %rdi\n"
	"	jmp 1b\n"
	"2:	test %rcx, %rcx\n"
	"	jz 3f\n"
	"	mov %rdx, %rdi\n"
	"	mov %rcx, %rsi\n"
	"	xor %ecx, %ecx\n"
	"	jmp 1b\n"
	"3:	out %al, $0x10\n"
	"	hlt\n"
	"touch_code_end:\n"
	".popsection\n");
extern const unsigned char touch_code[], touch_code_end[];

/* AnonHugePages of this process, MiB; -1 if unknown. */
static long thp_mib(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[128];
	long kib = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib < 0 ? -1 : kib >> 10;
}

static uint64_t now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000 + (uint64_t)t.tv_nsec / 1000;
}

/* Identity map of [0, top) in 2 MiB pages. */
static void touch_page_tables(struct vm *vm, uint64_t top)
{
	uint64_t gib = (top + (1ull << 30) - 1) >> 30, i;
	uint64_t *pml4 = (uint64_t *)(vm->mem + PML4_ADDR);
	uint64_t *pdpt = (uint64_t *)(vm->mem + PDPT_ADDR);
	uint64_t *pd = (uint64_t *)(vm->mem + PD_ADDR);

	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	pml4[0] = PDPT_ADDR | PTE_P | PTE_RW;
	for (i = 0; i < gib; i++)
		pdpt[i] = (PD_ADDR + i * 4096) | PTE_P | PTE_RW;
	for (i = 0; i < gib * 512; i++)
		pd[i] = (i << 21) | PTE_P | PTE_RW | PTE_PS;
}

static int touch_run(struct vm *vm, int touch)
{
	struct kvm_regs regs = { .rip = CODE_ADDR };

	if (touch) {
		regs.rdi = 0;
		regs.rsi = vm->low_size;
		if (vm->mem_size > vm->low_size) {
			regs.rdx = HIGH_RAM_START;
			regs.rcx = vm_ram_top(vm);
		}
	}
	memcpy(vm->mem + CODE_ADDR, touch_code,
	       (size_t)(touch_code_end - touch_code));
	touch_page_tables(vm, vm_ram_top(vm));
	if (boot_long_mode(vm, PML4_ADDR, &regs))
		return -1;
	for (;;) {
		if (ioctl(vm->vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "kvm-linux: KVM_RUN: %s\n",
				strerror(errno));
			return -1;
		}
		if (vm->run->exit_reason == KVM_EXIT_IO &&
		    vm->run->io.port == PORT_DONE)
			return 0;
		fprintf(stderr, "kvm-linux: -x: unexpected exit reason %u\n",
			vm->run->exit_reason);
		return -1;
	}
}

int touch_bench(uint64_t mem_size, const char *mode, int runs)
{
	int host = !strcmp(mode, "host"), guest = !strcmp(mode, "guest");
	int i;

	if (!host && !guest && strcmp(mode, "none")) {
		fprintf(stderr, "kvm-linux: -x %s: want none, host or guest\n",
			mode);
		return -1;
	}
	if (((mem_size > LOW_RAM_END ? HIGH_RAM_START - LOW_RAM_END : 0) +
	     mem_size) > (PD_MAX << 30)) {
		fprintf(stderr, "kvm-linux: -x: at most %llu GiB of guest "
			"physical addresses\n", PD_MAX);
		return -1;
	}
	for (i = 0; i < runs; i++) {
		struct vm vm = { .kvm = -1, .fd = -1, .vcpu = -1 };
		uint64_t t0, t1, t2;
		long thp;

		t0 = now_us();
		if (vm_create(&vm, mem_size, host) || touch_run(&vm, guest)) {
			vm_destroy(&vm);
			return -1;
		}
		t1 = now_us();
		thp = thp_mib();
		vm_destroy(&vm);
		t2 = now_us();
		printf("kvm_touch mode=%s mib=%llu create_us=%llu "
		       "destroy_us=%llu thp_mib=%ld\n", mode,
		       (unsigned long long)(mem_size >> 20),
		       (unsigned long long)(t1 - t0),
		       (unsigned long long)(t2 - t1), thp);
		fflush(stdout);
	}
	return 0;
}
