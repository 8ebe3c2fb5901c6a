/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The VM: guest RAM in one slot at GPA 0 and, above LOW_RAM_END, a second
 * at 4 GiB (kvm-linux.h), the in-kernel interrupt
 * controllers and PIT (Linux calibrates and ticks with them: there is no
 * ACPI or MP table, so it runs the legacy PIC in virtual-wire mode), and
 * vCPU 0 with the CPUID KVM supports (long mode, and the KVM leaves that
 * give the guest kvm-clock).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm-linux.h"

/* Outside RAM, below 4 GiB: the three pages Intel's VMX needs (ignored on
 * AMD), where kvmtool and QEMU put them. */
#define TSS_ADDR	0xfffbd000ul

static int fail(const char *what)
{
	fprintf(stderr, "kvm-linux: %s: %s\n", what, strerror(errno));
	return -1;
}

/*
 * KVM's supported CPUID is what KVM can offer, not a guest's view: say
 * "hypervisor" (leaf 1 ECX bit 31), or Linux never looks at the KVM leaves
 * at 0x40000000 and runs without kvm-clock, and give vCPU 0 APIC ID 0.
 */
static void fix_cpuid(struct kvm_cpuid2 *cpuid)
{
	unsigned int i;

	for (i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (e->function == 1) {
			e->ecx |= 1u << 31;
			e->ebx &= 0x00ffffffu;
		}
	}
}

static int set_cpuid(struct vm *vm)
{
	struct kvm_cpuid2 *cpuid = NULL;
	unsigned int n = 64;

	for (;;) {
		free(cpuid);
		cpuid = calloc(1, sizeof(*cpuid) + n * sizeof(cpuid->entries[0]));
		if (!cpuid)
			return fail("calloc");
		cpuid->nent = n;
		if (ioctl(vm->kvm, KVM_GET_SUPPORTED_CPUID, cpuid) == 0)
			break;
		if (errno != E2BIG || n >= 4096) {
			free(cpuid);
			return fail("KVM_GET_SUPPORTED_CPUID");
		}
		n *= 2;
	}
	fix_cpuid(cpuid);
	if (ioctl(vm->vcpu, KVM_SET_CPUID2, cpuid) < 0) {
		free(cpuid);
		return fail("KVM_SET_CPUID2");
	}
	free(cpuid);
	return 0;
}

uint64_t vm_ram_top(const struct vm *vm)
{
	if (vm->mem_size == vm->low_size)
		return vm->mem_size;
	return HIGH_RAM_START + vm->mem_size - vm->low_size;
}

static int add_slot(struct vm *vm, uint32_t slot, uint64_t gpa,
		    uint64_t offset, uint64_t size)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot, .guest_phys_addr = gpa, .memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)(vm->mem + offset),
	};

	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	return 0;
}

/*
 * Guest RAM as QEMU maps it: aligned to 2 MiB (QEMU_VMALLOC_ALIGN) and
 * madvised MADV_HUGEPAGE (ram_block_add).  Only where a guest frame and
 * its host address agree modulo 2 MiB can KVM map a transparent huge page
 * of the host with one 2 MiB nested entry, and without the madvise Linux
 * gives a huge page only when a free one is at hand (THP defrag
 * "madvise"): otherwise every 4 KiB page of the guest costs KVM a nested
 * page fault of its own.
 */
#define RAM_ALIGN	(2ul << 20)

static uint8_t *map_ram(uint64_t size, int populate)
{
	uint8_t *p, *a;

	p = mmap(NULL, size + RAM_ALIGN, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return MAP_FAILED;
	a = (uint8_t *)(((uintptr_t)p + RAM_ALIGN - 1) & ~(RAM_ALIGN - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	munmap(a + size, (size_t)(p + RAM_ALIGN - a));
	p = mmap(a, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		return MAP_FAILED;
	madvise(p, size, MADV_HUGEPAGE);	/* a hint: no THP, no error */
	if (populate && madvise(p, size, MADV_POPULATE_WRITE)) {
		munmap(p, size);
		return MAP_FAILED;
	}
	return p;
}

/* populate: allocate (and so zero) every page of guest RAM now, in this
 * process, instead of at the guest's first touch of each. */
int vm_create(struct vm *vm, uint64_t mem_size, int populate)
{
	/* The speaker port 0x61 gates PIT channel 2, which Linux calibrates
	 * the TSC against when it has no kvm-clock: KVM handles it only with
	 * this flag. */
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
	int ret;

	vm->fd = vm->vcpu = -1;
	vm->run = MAP_FAILED;
	vm->mem = MAP_FAILED;
	vm->mem_size = mem_size;
	vm->low_size = mem_size < LOW_RAM_END ? mem_size : LOW_RAM_END;

	vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm < 0)
		return fail("/dev/kvm (are the kvm and kvm-amd/kvm-intel modules loaded?)");
	ret = ioctl(vm->kvm, KVM_GET_API_VERSION, 0);
	if (ret != KVM_API_VERSION) {
		fprintf(stderr, "kvm-linux: KVM API version %d, want %d\n",
			ret, KVM_API_VERSION);
		return -1;
	}
	if (ioctl(vm->kvm, KVM_CHECK_EXTENSION, KVM_CAP_IMMEDIATE_EXIT) <= 0) {
		fprintf(stderr, "kvm-linux: KVM lacks KVM_CAP_IMMEDIATE_EXIT\n");
		return -1;
	}

	vm->fd = ioctl(vm->kvm, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		return fail("KVM_CREATE_VM");
	if (ioctl(vm->fd, KVM_SET_TSS_ADDR, TSS_ADDR) < 0)
		return fail("KVM_SET_TSS_ADDR");
	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return fail("KVM_CREATE_IRQCHIP");
	if (ioctl(vm->fd, KVM_CREATE_PIT2, &pit) < 0)
		return fail("KVM_CREATE_PIT2");

	vm->mem = map_ram(mem_size, populate);
	if (vm->mem == MAP_FAILED)
		return fail("mmap of guest memory");
	if (add_slot(vm, 0, 0, 0, vm->low_size))
		return -1;
	if (mem_size > vm->low_size &&
	    add_slot(vm, 1, HIGH_RAM_START, vm->low_size,
		     mem_size - vm->low_size))
		return -1;

	vm->vcpu = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	ret = ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ret < (int)sizeof(struct kvm_run))
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	vm->run_size = (size_t)ret;
	vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->vcpu, 0);
	if (vm->run == MAP_FAILED)
		return fail("mmap of the vCPU run area");
	return set_cpuid(vm);
}

void vm_destroy(struct vm *vm)
{
	if (vm->run != MAP_FAILED)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu >= 0)
		close(vm->vcpu);
	if (vm->fd >= 0)
		close(vm->fd);
	if (vm->mem != MAP_FAILED)
		munmap(vm->mem, vm->mem_size);
	if (vm->kvm >= 0)
		close(vm->kvm);
}
