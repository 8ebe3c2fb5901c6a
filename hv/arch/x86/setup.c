// SPDX-License-Identifier: GPL-2.0
/*
 * One-time setup, called by the module in Linux's context before any CPU
 * is hoisted: relocate the image, take over the pool, build the
 * hypervisor's page tables and dom0's nested page tables.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <hv/errno.h>
#include <hv/log.h>
#include <hv/string.h>
#include <arch/cpu.h>
#include <arch/exit.h>
#include <arch/fpu.h>
#include <arch/platform.h>

#define R_X86_64_RELATIVE	8

struct elf64_rela {
	u64 offset;
	u64 info;
	s64 addend;
};

extern char __image_start[], __text_end[], __mem_end[];
extern const struct elf64_rela __rela_start[], __rela_end[];

struct hv hv;
static bool relocated;

/* Must not use anything that needs relocating. */
static void relocate(void)
{
	u64 base = (u64)(uintptr_t)__image_start;

	for (const struct elf64_rela *r = __rela_start; r < __rela_end; r++)
		if ((u32)r->info == R_X86_64_RELATIVE)
			*(u64 *)(uintptr_t)(base + r->offset) = base + r->addend;
}

static int detect_cpu(void)
{
	struct cpuid_regs r;

	cpuid_count(0x80000008, 0, &r);
	hv.max_phys_bits = r.eax & 0xff;
	cpuid_count(CPUID_SVM_FEATURES, 0, &r);
	hv.asids = r.ebx;
	hv.svm_features = r.edx;
	hv.arch.nrip_save = r.edx & CPUID_SVM_EDX_NRIPS;
	if (!(r.edx & CPUID_SVM_EDX_NPT))
		return -EINVAL;
	hv.paging_levels = (read_cr4() & X86_CR4_LA57) ? 5 : 4;
	hv.phys_map_size = MIN(1ull << hv.max_phys_bits, PHYS_MAP_MAX);
	cpuid_count(0x80000001, 0, &r);
	hv.arch.has_tsc_aux = r.edx & CPUID_80000001_EDX_RDTSCP;
	cpuid_count(7, 0, &r);
	hv.arch.has_tsc_aux |= !!(r.ecx & CPUID_7_ECX_RDPID);
	return 0;
}

/* Bytes of address the nested tables can translate at this depth. */
static u64 npt_reach(void)
{
	return 1ull << (PAGE_SHIFT + 9 * hv.paging_levels);
}

static int build_host_tables(void)
{
	const struct hoist_boot_params *bp = &hv.params;
	u64 text = (u64)(uintptr_t)__text_end - bp->pool_va;
	int r;

	r = pt_init(&hv.host_pt, &pool_pt_ops, hv.paging_levels);
	if (r)
		return r;
	/* The pool at the address Linux gave it: code executable, rest not. */
	for (u32 i = 0; i < bp->nr_chunks; i++) {
		u64 va = bp->pool_va + ((u64)i << HOIST_CHUNK_SHIFT);
		u64 pa = bp->chunk_pa[i];

		if (i == 0) {
			r = pt_map(&hv.host_pt, va, pa, text, PTE_RW, 12);
			if (!r)
				r = pt_map(&hv.host_pt, va + text, pa + text,
					   HOIST_CHUNK_SIZE - text,
					   PTE_RW | PTE_NX, 12);
		} else {
			r = pt_map(&hv.host_pt, va, pa, HOIST_CHUNK_SIZE,
				   PTE_RW | PTE_NX, 21);
		}
		if (r)
			return r;
	}
	return pt_map(&hv.host_pt, PHYS_MAP_BASE, 0, hv.phys_map_size,
		      PTE_RW | PTE_NX, 30);
}

/*
 * dom0 sees all of physical memory as itself, but for the pool: as far as
 * MAXPHYADDR goes and the tables' depth can translate (4-level tables
 * stop at 2^48 even where MAXPHYADDR is 52).
 */
static int build_dom0_npt(void)
{
	int r = pt_init(&hv.dom0_npt, &dom0_npt_ops, hv.paging_levels);

	if (r)
		return r;
	r = pt_map(&hv.dom0_npt, 0, 0,
		   MIN(1ull << hv.max_phys_bits, npt_reach()),
		   PTE_RW | PTE_US, 30);
	for (u32 i = 0; !r && i < hv.params.nr_chunks; i++)
		r = pt_unmap(&hv.dom0_npt, hv.params.chunk_pa[i],
			     HOIST_CHUNK_SIZE);
	return r;
}

static int setup_permission_maps(void)
{
	u8 *domu_msrpm, *domu_iopm, *iopm;

	hv.arch.msrpm = hv_alloc_pages(2, &hv.arch.msrpm_pa);
	domu_msrpm = hv_alloc_pages(2, &hv.arch.domu_msrpm_pa);
	domu_iopm = hv_alloc_pages(3, &hv.arch.domu_iopm_pa);
	iopm = hv_alloc_pages(3, &hv.arch.iopm_pa);
	if (!hv.arch.msrpm || !domu_msrpm || !domu_iopm || !iopm)
		return -ENOMEM;
	svm_init_msrpm(hv.arch.msrpm, false);
	svm_init_msrpm(domu_msrpm, true);
	memset(domu_iopm, 0xff, 3 * PAGE_SIZE);	/* every port exits */
	/* dom0: only the reset and sleep controls (platform.c). */
	for (u32 port = 0; port < 0x10000; port++)
		if (platform_port_guarded(&hv.params.platform, (u16)port))
			iopm[port / 8] |= (u8)BIT(port % 8);
	return 0;
}

/*
 * Size the per-vCPU FPU areas: XSAVE if dom0's kernel uses it, else FXSAVE.
 * Components the host can enable are what a run resets; those that need
 * XFD (AMX tile data) are left out: their XRSTOR faults while dom0's kernel
 * arms XFD, so guests may not enable them either (AMD has none).
 */
static int detect_xsave(void)
{
	struct cpuid_regs r;

	cpuid_count(1, 0, &r);
	if ((r.ecx & CPUID_1_ECX_XSAVE) && (read_cr4() & X86_CR4_OSXSAVE)) {
		u64 mask;

		cpuid_count(0xd, 0, &r);
		mask = ((u64)r.edx << 32) | r.eax;
		hv.arch.xsave_size = r.ecx;
		for (u32 i = 2; i < 63; i++) {
			if (!(mask & BIT(i)))
				continue;
			cpuid_count(0xd, i, &r);
			if (r.ecx & CPUID_D_ECX_XFD)
				mask &= ~BIT(i);
		}
		hv.arch.xcr0_host_mask = mask;
	} else {
		hv.arch.xcr0_host_mask = 0;
		hv.arch.xsave_size = 512;
	}
	hv.arch.xsave_init = hv_alloc_pages(fpu_area_pages(hv.arch.xsave_size),
					    NULL);
	if (!hv.arch.xsave_init)
		return -ENOMEM;
	fpu_init_area(hv.arch.xsave_init);
	return 0;
}

static int setup_cpus(void)
{
	u64 bytes = ALIGN_UP(hv.nr_cpus * sizeof(struct hv_cpu), PAGE_SIZE);

	hv.cpus = hv_alloc_pages((u32)(bytes >> PAGE_SHIFT), NULL);
	if (!hv.cpus)
		return -ENOMEM;
	for (u32 i = 0; i < hv.nr_cpus; i++) {
		struct hv_cpu *c = &hv.cpus[i];
		u8 *stack = hv_alloc_pages(HV_STACK_PAGES, NULL);
		u8 *ist = hv_alloc_pages(1, NULL);

		c->id = i;
		c->dom0.pcpu = c;
		c->dom0.id = i;
		c->current = &c->dom0;
		c->dom0.arch.vmcb = hv_alloc_pages(1, &c->dom0.arch.vmcb_pa);
		if (!c->dom0.arch.vmcb || !hv_alloc_pages(1, &c->arch.host_save_pa) ||
		    !hv_alloc_pages(1, &c->arch.hsave_pa) || !stack || !ist)
			return -ENOMEM;
		c->arch.stack_top = (u64)(uintptr_t)stack + HV_STACK_PAGES * PAGE_SIZE;
		c->arch.ist_top = (u64)(uintptr_t)ist + PAGE_SIZE;
	}
	return 0;
}

long hv_setup(struct hoist_boot_params *bp);
long hv_setup(struct hoist_boot_params *bp)
{
	u64 image;
	int r;

	if (relocated)
		return -EEXIST;
	relocate();
	relocated = true;

	if (bp->version != HOIST_IMAGE_VERSION || !bp->nr_chunks ||
	    bp->nr_chunks > HOIST_MAX_CHUNKS || !bp->nr_cpus ||
	    bp->nr_cpus > HOIST_MAX_CPUS ||
	    bp->max_chunks < bp->nr_chunks ||
	    bp->max_chunks > HOIST_POOL_MAX_CHUNKS ||
	    bp->pool_va != (u64)(uintptr_t)__image_start)
		return -EINVAL;
	memcpy(&hv.params, bp, sizeof(*bp));
	hv.nr_cpus = bp->nr_cpus;
	log_init(bp->log_serial ? serial_putc : NULL);
	if (hv_check_boot_params(&hv.params)) {
		hv_log("setup: bad RAM map or CPU list from the module");
		return -EINVAL;
	}

	image = (u64)(uintptr_t)__mem_end - bp->pool_va;
	hv.image_size = image;
	hv_pool_init();
	for (u32 i = 0; i < bp->nr_chunks; i++) {
		r = pool_add(&hv.pool, bp->chunk_pa[i],
			     bp->pool_va + ((u64)i << HOIST_CHUNK_SHIFT), true, 0);
		if (r) {
			hv_log("setup: chunk %u at %lx: %d", i,
			       (unsigned long)bp->chunk_pa[i], r);
			return -EINVAL;
		}
	}
	hv.pool.limit = bp->max_chunks;
	pool_reserve(&hv.pool, bp->pool_va, image);

	r = detect_cpu();
	if (r) {
		hv_log("setup: no nested paging");
		return r;
	}
	r = setup_permission_maps();
	if (!r)
		r = detect_xsave();
	if (r)
		return r;
	desc_init_idt();

	r = setup_cpus();
	if (!r)
		r = build_host_tables();
	if (!r)
		r = build_dom0_npt();
	if (r) {
		hv_log("setup failed: %d (pool %u MiB)", r,
		       bp->nr_chunks * 2);
		return r;
	}
	hv_log("Hoist %d.%d%s: %u CPUs present, %u MiB pool (%lu KiB free, at most %u MiB), %u-level paging, %u-bit physical, %lu MiB RAM",
	       HOIST_VERSION_MAJOR, HOIST_VERSION_MINOR, HOIST_VERSION_EXTRA,
	       hv.nr_present, bp->nr_chunks * 2,
	       (unsigned long)(hv.pool.nr_free * 4), bp->max_chunks * 2,
	       hv.paging_levels, hv.max_phys_bits,
	       (unsigned long)(hv.ram_pages >> 8));
	hv.setup_done = true;
	return 0;
}
