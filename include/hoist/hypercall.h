/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Hoist hypercall ABI: numbers, argument structures and CPUID leaves.
 *
 * Calling convention (Xen's, on AMD): VMMCALL with RAX = number and
 * arguments in RDI, RSI, RDX, R10, R8; the result comes back in RAX.
 * Negative results are -errno values (Linux/Xen numbering).  Pointer
 * arguments are virtual addresses in the caller's address space.  A call
 * from outside ring 0 fails with -HOIST_EPERM and does nothing else.
 *
 * Where Xen has a call, Hoist uses Xen's number and semantics (xen.h
 * defines them); Hoist's own calls live at HOIST_HC_BASE and above, a range
 * Xen does not use.
 *
 * Registers a dom0 hypercall preserves: all but RAX.  dom0's general
 * registers stay in the hypervisor's save area for the whole exit (svm_vmrun
 * in hv/arch/x86/switch.S), and the VMMCALL handler (hv/arch/x86/exit_vmmcall.c)
 * writes only RAX and RIP; no hypercall writes another register of its
 * caller.  So RBX, RCX, RDX, RSI, RDI, RBP, RSP and R8-R15 come back
 * unchanged, the argument registers included (the module relies on it:
 * kmod/hoist.h passes RDI, RSI, RDX and R10 as inputs only), and so does
 * RFLAGS.  A successful HOIST_HC_DEVIRT returns the same way on the now
 * native CPU (RAX = 0, the rest restored from the save area).
 * The extended state is the exception: a HOIST_HC_VCPU_RUN that ran the
 * vCPU returns with every x87/SSE/AVX component in its initial state (the
 * hypervisor saves the guest's, not dom0's), so its caller saves its own
 * first (kernel_fpu_begin()); XCR0, DR0-3 and TSC_AUX are dom0's again.
 * Every other call leaves the extended state alone.
 *
 * domUs are promised less (xen.h): as under Xen, a guest must assume that
 * the argument registers and R9 do not survive its hypercalls.
 */
#ifndef HOIST_HYPERCALL_H
#define HOIST_HYPERCALL_H

#include "types.h"
#include "xen.h"

#define HOIST_VERSION_MAJOR	0
#define HOIST_VERSION_MINOR	1
#define HOIST_VERSION_EXTRA	".0"
#define HOIST_VERSION_CODE	((HOIST_VERSION_MAJOR << 16) | HOIST_VERSION_MINOR)

/*
 * CPUID leaves seen by dom0 while hoisted.  The base is XEN_CPUID_BASE's
 * number, not its meaning: both sit at the start of the range x86 leaves to
 * hypervisors, where dom0 finds Hoist's signature and a domU Xen's.
 */
#define HOIST_CPUID_BASE	0x40000000u	/* EAX = max leaf, EBX:ECX:EDX = sig */
#define HOIST_CPUID_VERSION	0x40000001u	/* EAX = HOIST_VERSION_CODE */
#define HOIST_CPUID_MAX		HOIST_CPUID_VERSION
/* "HoistHoistHV" as little-endian register words. */
#define HOIST_CPUID_SIG_EBX	0x73696f48u	/* "Hois" */
#define HOIST_CPUID_SIG_ECX	0x696f4874u	/* "tHoi" */
#define HOIST_CPUID_SIG_EDX	0x56487473u	/* "stHV" */

/*
 * Xen's calls that dom0 may make too: Xen's numbers and sub-commands (xen.h),
 * under the names the hypervisor's dom0 table uses.
 */
#define HOIST_HC_XEN_VERSION	XEN_HC_xen_version
#define HOIST_HC_CONSOLE_IO	XEN_HC_console_io
#define HOIST_XENVER_VERSION	XENVER_version
#define HOIST_XENVER_EXTRAVERSION XENVER_extraversion	/* char[16] */
#define HOIST_CONSOLEIO_WRITE	CONSOLEIO_write

/* Hoist's own hypercalls (dom0 only). */
#define HOIST_HC_BASE		0x100
#define HOIST_HC_NULL		(HOIST_HC_BASE + 0)	/* returns 0 */
#define HOIST_HC_INFO		(HOIST_HC_BASE + 1)	/* (struct hoist_info *) */
#define HOIST_HC_LOG_READ	(HOIST_HC_BASE + 2)	/* (char *buf, u64 len, u64 clear) */
#define HOIST_HC_CPU_STATS	(HOIST_HC_BASE + 3)	/* (u64 cpu, struct hoist_cpu_stats *, flags) */
/* CPU_STATS flags: after reading, start hc_max_ns afresh on that CPU. */
#define HOIST_STATS_RESET_MAX	(1u << 0)
/*
 * Leave this CPU, back to native.  Refused with -EBUSY, changing nothing,
 * while any domain exists: a native CPU could read every guest's memory.
 */
#define HOIST_HC_DEVIRT		(HOIST_HC_BASE + 4)
/* Domains (dom0 only; the module's domain layer is the only caller). */
#define HOIST_HC_DOMAIN_CREATE	(HOIST_HC_BASE + 5)	/* (struct hoist_hc_domain_create *) */
/*
 * (domid, first gfn, u64 *entries, count) -> entries done, from the first.
 * Each entry (HOIST_POP_*) is a frame of dom0's that becomes the domain's
 * at the next guest frames: a 4 KiB page, or with HOIST_POP_2M a 2 MiB
 * frame (pfn and gfn 2 MiB-aligned), one leaf of the domain's nested
 * tables.  With HOIST_POP_ZERO the hypervisor zeroes the frame first (the
 * module zeroes only what it wrote into).  Fewer than count come back when
 * the next entry failed or the call's work was done (it zeroes at most
 * HOIST_POP_BUDGET pages): a call for the rest goes on or returns why
 * (-ENOMEM if the hypervisor ran out of memory for its tables).
 */
#define HOIST_HC_DOMAIN_POPULATE (HOIST_HC_BASE + 6)
#define HOIST_HC_VCPU_BOOT	(HOIST_HC_BASE + 7)	/* (domid, vcpu, struct hoist_vcpu_boot *) */
#define HOIST_HC_DOMAIN_CTL	(HOIST_HC_BASE + 8)	/* (domid, HOIST_DOMCTL_*) */
#define HOIST_HC_VCPU_RUN	(HOIST_HC_BASE + 9)	/* (domid, vcpu, struct hoist_run *) */
#define HOIST_HC_DOMAIN_INFO	(HOIST_HC_BASE + 10)	/* (domid, struct hoist_hc_domain_info *) */
#define HOIST_HC_VCPU_INFO	(HOIST_HC_BASE + 11)	/* (domid, vcpu, struct hoist_vcpu_info *) */
#define HOIST_HC_CONSOLE_READ	(HOIST_HC_BASE + 12)	/* (domid, char *buf, len) -> bytes */
/*
 * This CPU flushes dom0's TLB now; tables and grown pool chunks every CPU
 * has flushed past become usable.  1: more tables to reclaim, call again.
 */
#define HOIST_HC_TLB_SYNC	(HOIST_HC_BASE + 13)
#define HOIST_HC_CONSOLE_WRITE	(HOIST_HC_BASE + 14)	/* (domid, const char *buf, len) -> bytes */
/*
 * The module's load is complete: every CPU hoisted from here on is "late"
 * (it ran dom0's code natively while the hypervisor existed), and domains
 * are refused for the rest of this hypervisor's life.  Idempotent.
 */
#define HOIST_HC_LOAD_DONE	(HOIST_HC_BASE + 15)
/*
 * The hypervisor's memory grows and shrinks in 2 MiB chunks that the module
 * takes from Linux and gives back (docs/architecture.md, "Memory
 * ownership").  Nothing changes when either call fails.
 *
 * POOL_GROW (u64 pa): the 2 MiB at pa, RAM that dom0 owns, becomes the
 * hypervisor's.  It leaves dom0's nested tables at once, but the hypervisor
 * stores nothing in it before every hoisted CPU has flushed dom0's TLB
 * since (HOIST_HC_TLB_SYNC on each: it counts as "pending" until then).
 * -EINVAL: not 2 MiB aligned, or not all RAM; -EPERM: not all of it is
 * dom0's (the hypervisor's already, a domain's); -ENOSPC: the hypervisor
 * owns as many chunks as it may (boot params' max_chunks); -ENOMEM: it has
 * no page left to split dom0's tables with (it keeps
 * HOIST_POOL_GROW_RESERVE pages for this).
 *
 * POOL_SHRINK (u64 pa): the chunk at pa, given with POOL_GROW and now
 * wholly free, goes back to dom0, zeroed.  A continuation, as a destroy
 * is: -EAGAIN while it scrubs (call again), 0 once dom0 owns it again.
 * -EBUSY: some of its pages are in use, or it is still pending; -ENOENT:
 * no chunk given with POOL_GROW starts at pa.
 */
#define HOIST_HC_POOL_GROW	(HOIST_HC_BASE + 16)
#define HOIST_HC_POOL_SHRINK	(HOIST_HC_BASE + 17)
/*
 * Grants, dom0's side (docs/architecture.md, "Grants").  dom0 reaches a
 * guest's page only while the guest grants it to domain 0, and only as the
 * grant allows (GTF_readonly: read only).
 *
 * GNT_MAP (domid, ref, flags) -> the host frame number, now reachable in
 * dom0's nested tables (read-only with HOIST_GNT_MAP_RO), for rings and the
 * store page.  The grant is held (GTF_reading, and GTF_writing unless
 * read-only) while any map of it exists; a guest cannot revoke it meanwhile.
 * Each map is counted: GNT_UNMAP undoes one.  GNTST_* values come back as
 * -errno: -ENOENT no such domain (or dying), -EINVAL bad ref or flags,
 * -EPERM not granted to dom0 (or read-only and mapped writable, or not a
 * page of the guest's RAM), -EBUSY the guest is changing the entry (or
 * dom0 maps the same page through another ref), -ENOSPC dom0 maps too
 * many of the domain's grants at once, -ENOMEM no room to split dom0's
 * nested tables (the module grows the pool and calls again).
 *
 * GNT_UNMAP (domid, ref, frame): dom0's nested tables lose the frame and
 * dom0's TLB generation moves on; the grant stays held until every hoisted
 * CPU has flushed past it (HOIST_HC_TLB_SYNC on each, which the module does
 * before its unmap returns).  -ENOENT: no such map.
 *
 * GNT_COPY (struct gnttab_copy *ops, count) -> ops done, from the first,
 * each with its GNTST_* status.  One side of each op is a grant of a domU
 * to domain 0, the other a frame of dom0's own (gmfn, domid DOMID_SELF)
 * that dom0 may write (dest) or read (source).  The grant is held only
 * while that op copies.  At most HOIST_GNT_COPY_BATCH ops per call.
 *
 * A domain cannot be destroyed (DOMCTL_DESTROY: -EBUSY, nothing changed)
 * while dom0 holds a map of one of its grants, flushed or not.
 */
#define HOIST_HC_GNT_MAP	(HOIST_HC_BASE + 18)
#define HOIST_HC_GNT_UNMAP	(HOIST_HC_BASE + 19)
#define HOIST_HC_GNT_COPY	(HOIST_HC_BASE + 20)
/* (HOIST_EVTCHN_*, struct hoist_evtchn_op *): see below */
#define HOIST_HC_EVTCHN		(HOIST_HC_BASE + 21)
#define HOIST_HC_END		(HOIST_HC_BASE + 22)

#define HOIST_GNT_MAP_RO	(1u << 0)
#define HOIST_GNT_COPY_BATCH	64u

/*
 * Event channels between dom0 and a domU.  dom0's ports are the
 * hypervisor's, HOIST_DOM0_PORTS of them for every domain together; each
 * is bound to one port of one domU.  A domU's send on its end sets dom0's
 * port pending and ends the sending vCPU's run with HOIST_RUN_EVENT; the
 * module then fetches the pending set (HOIST_EVTCHN_PENDING).
 *
 *   ALLOC_UNBOUND  a new port in domain domid that dom0 may bind
 *                  (as EVTCHNOP_alloc_unbound with remote_dom 0):
 *                  result = that port (the store's, say)
 *   BIND           bind a new dom0 port to domid's port, which must be
 *                  unbound with remote domain 0: result = dom0's port,
 *                  pending at once (events sent before the bind are lost)
 *   SEND           port = dom0's port: raise the domU's end
 *   CLOSE          port = dom0's port: closed; the domU's end goes back
 *                  to unbound (remote 0), as in Xen
 *   PENDING        arg is a struct hoist_evtchn_pending: dom0's pending
 *                  ports, cleared as they are read
 * Once the domU closes its end or is destroyed, dom0's port is dead until
 * dom0 closes it: never pending, SEND returns 0 and goes nowhere (as Xen
 * drops a send on an unbound port).
 * Errors: -ENOENT no such domain, -EINVAL bad port or state, -ENOSPC no
 * free port.
 */
#define HOIST_EVTCHN_ALLOC_UNBOUND	1
#define HOIST_EVTCHN_BIND		2
#define HOIST_EVTCHN_SEND		3
#define HOIST_EVTCHN_CLOSE		4
#define HOIST_EVTCHN_PENDING		5

#define HOIST_DOM0_PORTS	1024

struct hoist_evtchn_op {
	uint32_t domid;
	uint32_t port;
	uint32_t result;	/* out */
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_evtchn_op, 16);
HOIST_ABI_OFFSET(struct hoist_evtchn_op, result, 8);

struct hoist_evtchn_pending {
	uint64_t bits[HOIST_DOM0_PORTS / 64];
};
HOIST_ABI_SIZE(struct hoist_evtchn_pending, 128);
/* Pages POOL_GROW may use that nothing else may: a split of dom0's table. */
#define HOIST_POOL_GROW_RESERVE	2

/* The event channel of a domain's console ring (HVM_PARAM_CONSOLE_EVTCHN). */
#define HOIST_CONSOLE_PORT	1

#define HOIST_MAX_DOMAINS	64
#define HOIST_MAX_VCPUS		8	/* per domain */

/* Domain states, as flags: what `hoist list` shows. */
#define HOIST_DOM_RUNNING	(1u << 0)	/* a vCPU is running or runnable */
#define HOIST_DOM_BLOCKED	(1u << 1)	/* every vCPU is halted */
#define HOIST_DOM_PAUSED	(1u << 2)
#define HOIST_DOM_SHUTDOWN	(1u << 3)	/* see shutdown_reason */
#define HOIST_DOM_DYING		(1u << 4)
#define HOIST_DOM_BUILDING	(1u << 5)	/* created, not yet sealed */

/* HOIST_HC_DOMAIN_CTL operations */
#define HOIST_DOMCTL_PAUSE	1
#define HOIST_DOMCTL_UNPAUSE	2
/*
 * Scrub and give every page back to dom0.  A continuation: each call does a
 * bounded amount of work and returns -EAGAIN until the domain is gone (0).
 */
#define HOIST_DOMCTL_DESTROY	3
#define HOIST_DOMCTL_SEAL	4	/* populated: the domain may run */

/* vCPU states */
#define HOIST_VCPU_OFFLINE	0	/* not brought up */
#define HOIST_VCPU_RUNNABLE	1
#define HOIST_VCPU_RUNNING	2
#define HOIST_VCPU_BLOCKED	3
#define HOIST_VCPU_PAUSED	4

/* Why HOIST_HC_VCPU_RUN returned to dom0 */
#define HOIST_RUN_PREEMPTED	0	/* a physical interrupt: dom0 handles it, then runs again */
#define HOIST_RUN_BLOCKED	1	/* halted until an event (or timeout_ns) */
#define HOIST_RUN_SHUTDOWN	2	/* the domain shut down or crashed */
#define HOIST_RUN_PAUSED	3	/* the domain is paused or dying */
#define HOIST_RUN_CONSOLE	4	/* new console output */
#define HOIST_RUN_OFFLINE	5	/* this vCPU is down */
#define HOIST_RUN_VCPU_UP	6	/* another vCPU was brought up: start its thread */
#define HOIST_RUN_KICK		7	/* other vCPUs have new events: see kick */
#define HOIST_RUN_EVENT		8	/* a dom0 port is pending: HOIST_EVTCHN_PENDING */

/*
 * The guest's platform (ports its ACPI tables point at).  A write of
 * HOIST_SLEEP_SLP_EN to the sleep control register powers the domain off;
 * writing HOIST_RESET_VALUE (or HOIST_RESET_VALUE_FULL) to the reset
 * register reboots it.
 */
#define HOIST_PORT_SLEEP_CTL	0x0404
#define HOIST_PORT_SLEEP_STS	0x0405
#define HOIST_PORT_RESET	0x0cf9
#define HOIST_SLEEP_SLP_EN	0x20	/* bit 5 of the sleep control byte */
#define HOIST_RESET_VALUE	0x06	/* a soft reset, as the FADT says */
#define HOIST_RESET_VALUE_FULL	0x0e	/* a hard reset, as 0xCF9 also takes */

#define HOIST_POP_PFN_MASK	((1ull << 40) - 1)	/* the frame number */
#define HOIST_POP_2M		(1ull << 62)
#define HOIST_POP_ZERO		(1ull << 63)
#define HOIST_POP_2M_PAGES	512u
#define HOIST_POP_BUDGET	512u	/* 4 KiB pages zeroed per call, at most */

/* How many 4 KiB guest frames a populate entry fills. */
static inline uint64_t hoist_pop_pages(uint64_t entry)
{
	return entry & HOIST_POP_2M ? HOIST_POP_2M_PAGES : 1;
}

struct hoist_hc_domain_create {
	uint64_t max_pages;
	uint32_t nr_vcpus;
	uint32_t domid;		/* out */
	uint32_t max_grant_frames;	/* 1 .. GNTTAB_MAX_FRAMES */
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_hc_domain_create, 24);
HOIST_ABI_OFFSET(struct hoist_hc_domain_create, max_grant_frames, 16);
HOIST_ABI_OFFSET(struct hoist_hc_domain_create, nr_vcpus, 8);
HOIST_ABI_OFFSET(struct hoist_hc_domain_create, domid, 12);

/*
 * PVH entry state: 32-bit protected mode, paging off, EBX = start_info.
 * The console page (0 = none) is a page of the guest's own at console_gfn
 * holding a Xen console ring; the hypervisor is its backend.  The wall
 * clock (wc_*) is the time at host TSC value tsc.  The store page (0 =
 * none) is a special page of the guest's at store_gfn, and store_port a
 * port of the guest's from HOIST_EVTCHN_ALLOC_UNBOUND: the guest finds them
 * as HVM_PARAM_STORE_PFN / STORE_EVTCHN, and grant entry 1
 * (GNTTAB_RESERVED_XENSTORE) grants the page to dom0 read-write.
 */
struct hoist_vcpu_boot {
	uint64_t entry;
	uint64_t start_info;
	uint64_t console_gfn;
	uint64_t tsc;
	uint64_t wc_sec;
	uint32_t wc_nsec;
	uint32_t store_port;
	uint64_t store_gfn;
};
HOIST_ABI_SIZE(struct hoist_vcpu_boot, 56);
HOIST_ABI_OFFSET(struct hoist_vcpu_boot, store_port, 44);
HOIST_ABI_OFFSET(struct hoist_vcpu_boot, store_gfn, 48);
HOIST_ABI_OFFSET(struct hoist_vcpu_boot, tsc, 24);
HOIST_ABI_OFFSET(struct hoist_vcpu_boot, wc_nsec, 40);

struct hoist_run {
	uint32_t reason;	/* HOIST_RUN_* */
	uint32_t vcpu_up;	/* with HOIST_RUN_VCPU_UP: the vCPU */
	uint64_t timer_ns;	/* this vCPU's timer fires in this many ns; 0 = none */
	uint32_t kick;		/* vCPUs (bit n = vCPU n) to wake or interrupt */
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_run, 24);
HOIST_ABI_OFFSET(struct hoist_run, timer_ns, 8);
HOIST_ABI_OFFSET(struct hoist_run, kick, 16);

struct hoist_hc_domain_info {
	uint32_t domid;
	uint32_t flags;		/* HOIST_DOM_* */
	uint32_t shutdown_reason;	/* SHUTDOWN_* (xen.h) when SHUTDOWN */
	uint32_t nr_vcpus;
	uint32_t vcpus_online;
	uint32_t pad;
	uint64_t pages;		/* owned 4 KiB pages */
	uint64_t max_pages;
	uint64_t cpu_time_ns;
	uint64_t console_bytes;	/* unread console output */
};
HOIST_ABI_SIZE(struct hoist_hc_domain_info, 56);
HOIST_ABI_OFFSET(struct hoist_hc_domain_info, pages, 24);
HOIST_ABI_OFFSET(struct hoist_hc_domain_info, console_bytes, 48);

struct hoist_vcpu_info {
	uint32_t domid;
	uint32_t vcpu;
	uint32_t state;		/* HOIST_VCPU_* */
	int32_t cpu;		/* physical CPU it runs or last ran on, -1 never */
	uint64_t cpu_time_ns;
};
HOIST_ABI_SIZE(struct hoist_vcpu_info, 24);
HOIST_ABI_OFFSET(struct hoist_vcpu_info, cpu, 12);
HOIST_ABI_OFFSET(struct hoist_vcpu_info, cpu_time_ns, 16);

/* errno values returned by the hypervisor (Linux numbering). */
#define HOIST_EPERM		1
#define HOIST_ENOENT		2
#define HOIST_EIO		5
#define HOIST_ENOMEM		12
#define HOIST_EFAULT		14
#define HOIST_EAGAIN		11
#define HOIST_EBUSY		16
#define HOIST_EEXIST		17
#define HOIST_EINVAL		22
#define HOIST_ENOSPC		28
#define HOIST_ENOSYS		38
#define HOIST_ETIME		62

/*
 * Exit reasons counted per CPU (an index, not the SVM exit code).  Every
 * exit is counted under exactly one of them: the rows add up to the total.
 */
enum hoist_exit_stat {
	HOIST_STAT_CPUID,
	HOIST_STAT_VMMCALL,
	HOIST_STAT_MSR,
	HOIST_STAT_NPF,
	HOIST_STAT_SVM_INSN,	/* VMRUN, VMLOAD, VMSAVE, STGI, CLGI, SKINIT, INVLPGA */
	HOIST_STAT_INIT,
	HOIST_STAT_SHUTDOWN,
	HOIST_STAT_INTR,	/* a physical interrupt ended a domU's run */
	HOIST_STAT_NMI,
	HOIST_STAT_SMI,
	HOIST_STAT_HLT,
	HOIST_STAT_IOIO,
	HOIST_STAT_VINTR,
	HOIST_STAT_XSETBV,
	HOIST_STAT_INVD,	/* INVD or WBINVD, both run as WBINVD */
	HOIST_STAT_RDPMC,
	HOIST_STAT_OTHER,
	HOIST_STAT_NR
};

#define HOIST_STAT_NAMES { \
	"cpuid", "vmmcall", "msr", "npf", "svm_insn", "init", "shutdown", \
	"intr", "nmi", "smi", "hlt", "ioio", "vintr", "xsetbv", "invd", \
	"rdpmc", "other" }
_Static_assert(sizeof((const char *[])HOIST_STAT_NAMES) ==
	       HOIST_STAT_NR * sizeof(const char *),
	       "ABI: a name for every HOIST_STAT_*");

struct hoist_cpu_stats {
	uint64_t exits[HOIST_STAT_NR];
	uint64_t exits_total;
	uint64_t hypercalls;
	uint64_t hv_access_blocked;	/* dom0 touched hypervisor memory */
	uint64_t refused;		/* dom0 writes refused: reset and sleep
					 * ports, protected MSRs, DEVIRT */
	uint64_t hc_max_ns;		/* the longest dom0 hypercall here */
	uint32_t hc_max_nr;		/* ... its number */
	uint32_t cpu;
	uint32_t hoisted;		/* 1 while this CPU runs under Hoist */
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_cpu_stats, 192);
HOIST_ABI_OFFSET(struct hoist_cpu_stats, exits_total, 136);
HOIST_ABI_OFFSET(struct hoist_cpu_stats, hc_max_ns, 168);
HOIST_ABI_OFFSET(struct hoist_cpu_stats, hc_max_nr, 176);
HOIST_ABI_OFFSET(struct hoist_cpu_stats, hoisted, 184);

struct hoist_info {
	uint32_t version;		/* HOIST_VERSION_CODE */
	uint32_t nr_cpus;		/* CPUs the hypervisor has state for */
	uint32_t cpus_hoisted;
	uint32_t npt_levels;		/* 4 or 5, from the host paging mode */
	uint64_t hv_pages_total;	/* 4 KiB pages owned by the hypervisor */
	uint64_t hv_pages_free;		/* of which it can hand out now */
	uint64_t log_size;		/* bytes held in the log */
	uint64_t hv_access_blocked;	/* sum over CPUs */
	uint32_t max_phys_bits;
	uint32_t asids;
	uint32_t svm_features;		/* CPUID 0x8000000A EDX */
	uint32_t cpus_present;		/* CPUs present at load */
	char extra[16];			/* HOIST_VERSION_EXTRA, NUL-terminated */
	uint32_t flags;			/* HOIST_INFO_* */
	uint32_t domains;		/* domains that exist (dying ones too) */
	uint64_t ram_pages;		/* RAM the hypervisor was told of at load */
	/* The hypervisor's memory in 2 MiB chunks (hv_pages_total is theirs). */
	uint32_t hv_chunks;
	uint32_t hv_chunks_load;	/* of them, given at load: kept until rmmod */
	uint32_t hv_chunks_max;		/* the most it may own (module's max_hv_mb) */
	uint32_t hv_chunks_pending;	/* given, waiting for every CPU's flush */
	uint64_t hv_chunks_added;	/* given since load (HOIST_HC_POOL_GROW) */
	uint64_t hv_chunks_returned;	/* given back since load */
};
HOIST_ABI_SIZE(struct hoist_info, 128);
HOIST_ABI_OFFSET(struct hoist_info, hv_pages_total, 16);
HOIST_ABI_OFFSET(struct hoist_info, max_phys_bits, 48);
HOIST_ABI_OFFSET(struct hoist_info, extra, 64);
HOIST_ABI_OFFSET(struct hoist_info, flags, 80);
HOIST_ABI_OFFSET(struct hoist_info, ram_pages, 88);
HOIST_ABI_OFFSET(struct hoist_info, hv_chunks, 96);
HOIST_ABI_OFFSET(struct hoist_info, hv_chunks_pending, 108);
HOIST_ABI_OFFSET(struct hoist_info, hv_chunks_added, 112);
HOIST_ABI_OFFSET(struct hoist_info, hv_chunks_returned, 120);

/*
 * A CPU has run dom0's code natively since the load (it came online late,
 * or left with DEVIRT): the hypervisor's memory may have been changed from
 * it, so no domain can be created until the module is loaded again.
 */
#define HOIST_INFO_CPU_EXPOSED	(1u << 0)
/* A present CPU is not hoisted (offline): domains are refused meanwhile. */
#define HOIST_INFO_CPU_MISSING	(1u << 1)

#endif /* HOIST_HYPERCALL_H */
