// SPDX-License-Identifier: GPL-2.0
/*
 * Hoist: put a hypervisor under the running kernel, and take it out again.
 *
 * On load the module checks the CPU, allocates the hypervisor's memory
 * (2 MiB chunks, no reservation at boot), maps it at one virtual address,
 * copies the hypervisor image in, lets it build its page tables, then
 * enters it on every CPU.  From then on this kernel runs as dom0 and cannot
 * reach the hypervisor's memory.  On unload every CPU leaves the hypervisor
 * and the memory goes back to Linux.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/acpi.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/reboot.h>
#include <linux/suspend.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <linux/io.h>
#include <asm/msr.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <asm/svm.h>
#include <asm/tsc.h>
#include <hoist/image.h>
#include "hoist.h"

static unsigned int mem_mb;
module_param(mem_mb, uint, 0444);
MODULE_PARM_DESC(mem_mb, "Hypervisor memory at load in MiB; it grows from there (default: sized from the CPU count)");

static bool log_serial;
module_param(log_serial, bool, 0444);
MODULE_PARM_DESC(log_serial, "Copy the hypervisor log to COM1");

#define CPUID_SVM_FEATURES	0x8000000a
#define SVM_FEATURE_NPT		BIT(0)
/*
 * What the hypervisor starts with; it grows as domains need (pool.c).
 * Measured after the load with 2 CPUs: 98 pages in use.  The image takes
 * 56 (its log, 64 KiB, and its bookkeeping for every chunk it may own,
 * 100 KiB, are most of it), tables, permission maps and the CPU table
 * some 26, each CPU 8 (stacks, VMCB, save areas).  The base leaves room
 * for the first guests' tables besides; one 2 MiB chunk is enough up to
 * 21 CPUs.
 */
#define BASE_POOL_KB		1024
#define PER_CPU_KB		48

static struct page *chunks[HOIST_MAX_CHUNKS];	/* given at load */
static unsigned int nr_chunks;
static unsigned int max_chunks;	/* the most the hypervisor may own (pool.c) */
static void *pool;
static size_t text_exec;	/* bytes of the pool made executable */

static bool hoist_signature_present(void)
{
	u32 eax, ebx, ecx, edx;

	cpuid(HOIST_CPUID_BASE, &eax, &ebx, &ecx, &edx);
	return ebx == HOIST_CPUID_SIG_EBX && ecx == HOIST_CPUID_SIG_ECX &&
	       edx == HOIST_CPUID_SIG_EDX;
}

static void svm_busy_on_cpu(void *busy)
{
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME)
		atomic_set(busy, 1);
}

/* Refuse, with one clear line, anything we cannot hoist safely. */
static int check_cpu(void)
{
	atomic_t busy = ATOMIC_INIT(0);
	u64 vm_cr;

	if (hoist_signature_present()) {
		pr_err("already running under Hoist\n");
		return -EEXIST;
	}
	if ((boot_cpu_data.x86_vendor != X86_VENDOR_AMD &&
	     boot_cpu_data.x86_vendor != X86_VENDOR_HYGON) ||
	    cpuid_eax(0x80000000) < CPUID_SVM_FEATURES ||
	    !(cpuid_ecx(0x80000001) & BIT(2))) {
		pr_err("the CPU has no AMD SVM\n");
		return -ENODEV;
	}
	rdmsrl(MSR_VM_CR, vm_cr);
	if (vm_cr & SVM_VM_CR_SVM_DIS_MASK) {
		pr_err("SVM is disabled by the firmware (VM_CR.SVMDIS)\n");
		return -EPERM;
	}
	if (!(cpuid_edx(CPUID_SVM_FEATURES) & SVM_FEATURE_NPT)) {
		pr_err("the CPU has no nested paging (NPT)\n");
		return -EOPNOTSUPP;
	}
	on_each_cpu(svm_busy_on_cpu, &busy, 1);
	if (atomic_read(&busy)) {
		pr_err("SVM is in use by another hypervisor (a KVM guest running?)\n");
		return -EBUSY;
	}
	return 0;
}

static unsigned int pool_chunks(void)
{
	u64 mb = mem_mb;

	if (!mb)
		mb = DIV_ROUND_UP(BASE_POOL_KB + nr_cpu_ids * PER_CPU_KB, 1024);
	return DIV_ROUND_UP(mb, HOIST_CHUNK_SIZE >> 20);
}

/*
 * vmap() always maps no-execute.  The hypervisor's code runs at this same
 * address (first here, then in its own page tables), so its text pages,
 * and only those, are made executable for as long as the module is loaded.
 */
static int set_text_exec(size_t text_size, bool exec)
{
	unsigned long addr, end = (unsigned long)pool + PAGE_ALIGN(text_size);
	unsigned int level;

	for (addr = (unsigned long)pool; addr < end; addr += PAGE_SIZE) {
		pte_t *pte = lookup_address(addr, &level);

		if (!pte || level != PG_LEVEL_4K)
			return -EFAULT;
		set_pte(pte, exec ? pte_mkexec(*pte) :
				    pte_set_flags(*pte, _PAGE_NX));
	}
	__flush_tlb_all();
	return 0;
}

static void free_pool(void)
{
	if (text_exec)
		set_text_exec(text_exec, false);
	text_exec = 0;
	if (pool)
		vunmap(pool);
	pool = NULL;
	while (nr_chunks)
		__free_pages(chunks[--nr_chunks], HOIST_CHUNK_SHIFT - PAGE_SHIFT);
	hoist_pool_free_all();	/* what it was given later, if any is left */
}

static int alloc_pool(unsigned int want)
{
	unsigned int per_chunk = HOIST_CHUNK_SIZE >> PAGE_SHIFT;
	struct page **pages;
	unsigned int i, j;

	if (want > HOIST_MAX_CHUNKS) {
		pr_err("mem_mb too large (at most %llu MiB)\n",
		       HOIST_MAX_CHUNKS * HOIST_CHUNK_SIZE >> 20);
		return -EINVAL;
	}
	for (nr_chunks = 0; nr_chunks < want; nr_chunks++) {
		chunks[nr_chunks] = alloc_pages(GFP_KERNEL | __GFP_ZERO |
						__GFP_NOWARN,
						HOIST_CHUNK_SHIFT - PAGE_SHIFT);
		if (!chunks[nr_chunks]) {
			pr_err("cannot allocate %u MiB of hypervisor memory\n",
			       want * 2);
			free_pool();
			return -ENOMEM;
		}
	}
	pages = kvmalloc_array(want * per_chunk, sizeof(*pages), GFP_KERNEL);
	if (!pages) {
		free_pool();
		return -ENOMEM;
	}
	for (i = 0; i < want; i++)
		for (j = 0; j < per_chunk; j++)
			pages[i * per_chunk + j] = chunks[i] + j;
	/* Executable: the hypervisor runs at this same address. */
	pool = vmap(pages, want * per_chunk, VM_MAP, PAGE_KERNEL_EXEC);
	kvfree(pages);
	if (!pool) {
		free_pool();
		return -ENOMEM;
	}
	return 0;
}

static int add_ram_range(struct resource *res, void *arg)
{
	struct hoist_boot_params *bp = arg;
	u64 first = PFN_UP(res->start), end = PFN_DOWN(res->end + 1);

	if (end <= first)
		return 0;
	if (bp->nr_ram_ranges == HOIST_MAX_RAM_RANGES)
		return -E2BIG;
	bp->ram[bp->nr_ram_ranges].first = first;
	bp->ram[bp->nr_ram_ranges].count = end - first;
	bp->nr_ram_ranges++;
	return 0;
}

static u16 fadt_io_port(const struct acpi_generic_address *a)
{
	if (a->space_id != ACPI_ADR_SPACE_SYSTEM_IO || !a->address ||
	    a->address > 0xffff)
		return 0;
	return a->address;
}

/*
 * What the hypervisor must know of the machine, told once, at load: the
 * CPUs present (every one must be hoisted before a domain may exist), the
 * RAM (the only memory a domain may be given) and the reset and sleep
 * controls (refused to dom0 while domains exist).
 */
static int describe_machine(struct hoist_boot_params *bp)
{
	unsigned int cpu;
	int r;

	for_each_present_cpu(cpu)
		if (cpu < HOIST_MAX_CPUS)
			bp->cpus_present[cpu / 64] |= BIT_ULL(cpu % 64);
	r = walk_iomem_res_desc(IORES_DESC_NONE,
				IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0, -1,
				bp, add_ram_range);
	if (r || !bp->nr_ram_ranges) {
		pr_err("cannot describe the machine's RAM (%d)\n", r);
		return r ? r : -ENODEV;
	}
#ifdef CONFIG_ACPI
	if (!acpi_disabled) {
		bp->platform.pm1a_cnt =
			fadt_io_port(&acpi_gbl_FADT.xpm1a_control_block);
		bp->platform.pm1b_cnt =
			fadt_io_port(&acpi_gbl_FADT.xpm1b_control_block);
		if (acpi_gbl_FADT.flags & ACPI_FADT_RESET_REGISTER)
			bp->platform.reset_port =
				fadt_io_port(&acpi_gbl_FADT.reset_register);
	}
#endif
	return 0;
}

static int load_image(long (**cpu_entry)(u32 cpu))
{
	const struct hoist_image_header *h = (const void *)hoist_hv_image;
	size_t size = hoist_hv_image_end - hoist_hv_image;
	long (*setup)(struct hoist_boot_params *bp);
	struct hoist_boot_params *bp;
	unsigned int i;
	long r;

	if (size < sizeof(*h) || h->magic != HOIST_IMAGE_MAGIC ||
	    h->version != HOIST_IMAGE_VERSION || h->file_size != size ||
	    h->mem_size > (u64)nr_chunks * HOIST_CHUNK_SIZE ||
	    !h->text_size || h->text_size > size ||
	    h->setup_offset >= size || h->cpu_entry_offset >= size) {
		pr_err("the embedded hypervisor image is invalid\n");
		return -ENOEXEC;
	}
	memcpy(pool, hoist_hv_image, size);
	if (set_text_exec(h->text_size, true)) {
		pr_err("cannot map the hypervisor's code\n");
		return -EFAULT;
	}
	text_exec = h->text_size;

	bp = kzalloc(sizeof(*bp), GFP_KERNEL);
	if (!bp)
		return -ENOMEM;
	bp->version = HOIST_IMAGE_VERSION;
	bp->nr_cpus = nr_cpu_ids;
	bp->pool_va = (unsigned long)pool;
	bp->nr_chunks = nr_chunks;
	bp->max_chunks = max_chunks;
	bp->log_serial = log_serial;
	bp->tsc_khz = tsc_khz;
	for (i = 0; i < nr_chunks; i++)
		bp->chunk_pa[i] = page_to_phys(chunks[i]);
	r = describe_machine(bp);
	if (r) {
		kfree(bp);
		return r;
	}

	setup = pool + h->setup_offset;
	r = setup(bp);
	kfree(bp);
	if (r) {
		pr_err("hypervisor setup failed (%ld)\n", r);
		return r < -MAX_ERRNO ? -EIO : r;
	}
	*cpu_entry = pool + h->cpu_entry_offset;
	return 0;
}

/* A cooperative reboot or power-off: guests go first, as xendomains does. */
static int hoist_reboot(struct notifier_block *nb, unsigned long action,
			void *unused)
{
	hoist_domains_destroy_all();
	return NOTIFY_DONE;
}

/*
 * Suspend and hibernation would hand guest memory to dom0 running
 * natively (and the hypervisor refuses the sleep itself): refuse early,
 * with a reason, while domains exist.
 */
static int hoist_pm(struct notifier_block *nb, unsigned long action,
		    void *unused)
{
	if ((action == PM_SUSPEND_PREPARE || action == PM_HIBERNATION_PREPARE) &&
	    hoist_domains_exist()) {
		pr_err("domains exist: destroy them before suspending\n");
		return NOTIFY_BAD;
	}
	return NOTIFY_DONE;
}

static struct notifier_block reboot_nb = { .notifier_call = hoist_reboot };
static struct notifier_block pm_nb = { .notifier_call = hoist_pm };

static int __init hoist_init(void)
{
	long (*cpu_entry)(u32 cpu);
	int r;

	r = check_cpu();
	if (r)
		return r;
	r = alloc_pool(pool_chunks());
	if (r)
		return r;
	max_chunks = hoist_pool_limit(nr_chunks);
	r = max_chunks ? load_image(&cpu_entry) : -EINVAL;
	if (r)
		goto free;
	r = hoist_all_cpus(cpu_entry);
	if (r)
		goto free;
	r = hoist_dev_init();
	if (r) {
		hoist_release_all_cpus();
		goto free;
	}
	register_reboot_notifier(&reboot_nb);
	register_pm_notifier(&pm_nb);
	/* From here on, a CPU hoisted late has run dom0's code natively. */
	hoist_hypercall(HOIST_HC_LOAD_DONE, 0, 0, 0);
	pr_info("hoisted %u CPUs; hypervisor memory %u MiB, growing up to %u MiB\n",
		cpumask_weight(&hoist_cpus), nr_chunks * 2, max_chunks * 2);
	return 0;

free:
	if (!cpumask_empty(&hoist_cpus)) {
		/* A CPU still runs the hypervisor: its memory must stay. */
		pr_err("leaking the hypervisor's memory: CPUs remain hoisted\n");
		return r;
	}
	free_pool();
	return r;
}

static void __exit hoist_exit(void)
{
	unregister_pm_notifier(&pm_nb);
	unregister_reboot_notifier(&reboot_nb);
	hoist_dev_exit();
	hoist_domains_destroy_all();
	if (hoist_domains_exist()) {
		/* Their memory is the guests': never hand it back unscrubbed. */
		pr_err("domains remain; leaving the hypervisor in place\n");
		return;
	}
	hoist_pool_shrink();	/* zeroed by the hypervisor, while it can */
	hoist_release_all_cpus();
	if (!cpumask_empty(&hoist_cpus)) {
		pr_err("leaking the hypervisor's memory: CPUs remain hoisted\n");
		return;
	}
	free_pool();
	pr_info("all CPUs native again\n");
}

module_init(hoist_init);
module_exit(hoist_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hoist: a hypervisor under the running kernel");
MODULE_VERSION("0.1.0");
