/* SPDX-License-Identifier: GPL-2.0 */
/* Global hypervisor state. */
#ifndef HV_HV_H
#define HV_HV_H

#include <hv/types.h>
#include <hv/arch.h>
#include <hv/page_alloc.h>
#include <hv/paging.h>
#include <hoist/image.h>

struct hv_cpu;

/*
 * In host mode all physical memory is reachable at PHYS_MAP_BASE + pa
 * (1 GiB pages, up to PHYS_MAP_MAX bytes).  The lower half keeps it clear
 * of the pool, which sits at Linux's vmalloc address in the upper half.
 */
#define PHYS_MAP_BASE	(1ull << 46)
#define PHYS_MAP_MAX	(1ull << 46)

struct hv {
	struct page_pool pool;
	struct pt host_pt;		/* the hypervisor's own address space */
	struct pt dom0_npt;		/* dom0: identity minus what it must not see */
	struct hoist_boot_params params;
	struct hv_cpu *cpus;
	u32 nr_cpus;
	u32 cpus_hoisted;
	unsigned int paging_levels;	/* 4 or 5, host and nested alike */
	u32 max_phys_bits;
	u32 asids;			/* what HOIST_HC_INFO reports ... */
	u32 svm_features;		/* ... of the CPU */
	u64 phys_map_size;
	u64 image_size;			/* bytes of the pool the image occupies */
	u32 nr_present;			/* CPUs present at load */
	u64 ram_pages;			/* RAM frames the module reported at load */
	bool load_done;			/* HOIST_HC_LOAD_DONE seen */
	/*
	 * setup() is over: all that follows runs in the hypervisor's own
	 * address space (or, in cpu_entry() before the switch, walks no
	 * table), where phys_to_virt() reaches every page (pool.c).
	 */
	bool setup_done;
	/*
	 * A CPU ran dom0's code natively since the load (it was hoisted after
	 * LOAD_DONE, or it left with DEVIRT): it could have changed anything,
	 * the hypervisor included, so no domain is created from then on.
	 * Set under the domain table's lock (domain.c).
	 */
	bool cpu_exposed;
	struct arch_hv arch;
};

extern struct hv hv;

static inline void *phys_to_virt(u64 pa)
{
	return (void *)(uintptr_t)(PHYS_MAP_BASE + pa);
}

static inline u64 tsc_to_ns(u64 tsc)
{
	return hv.params.tsc_khz ? tsc * 1000000 / hv.params.tsc_khz : 0;
}

/* pool.c: hv.pool, empty, before setup() gives it the load's chunks */
void hv_pool_init(void);

/* boot_params.c: the RAM map and CPU list the module reported at load */
int hv_check_boot_params(const struct hoist_boot_params *bp);
bool hv_pfn_is_ram(u64 pfn);
bool hv_cpu_present(u32 cpu);

struct vcpu;
/* hypercall.c: dom0's hypercalls */
long hypercall_dispatch(struct vcpu *v, u64 nr, const u64 *args);
/* xen_hypercall.c: a domU's */
long xen_hypercall(struct vcpu *v, u64 nr, const u64 *args);

#endif /* HV_HV_H */
