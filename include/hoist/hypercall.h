/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Hoist hypercall ABI: numbers, argument structures and CPUID leaves.
 *
 * Calling convention (Xen's, on AMD): VMMCALL with RAX = number and
 * arguments in RDI, RSI, RDX, R10, R8; the result comes back in RAX.
 * Negative results are -errno values (Linux/Xen numbering).  Pointer
 * arguments are virtual addresses in the caller's address space.
 *
 * Where Xen has a call, Hoist uses Xen's number and semantics; Hoist's own
 * calls live at HOIST_HC_BASE and above, a range Xen does not use.
 */
#ifndef HOIST_HYPERCALL_H
#define HOIST_HYPERCALL_H

#include "types.h"

#define HOIST_VERSION_MAJOR	0
#define HOIST_VERSION_MINOR	1
#define HOIST_VERSION_EXTRA	".0"
#define HOIST_VERSION_CODE	((HOIST_VERSION_MAJOR << 16) | HOIST_VERSION_MINOR)

/* CPUID leaves seen by dom0 while hoisted. */
#define HOIST_CPUID_BASE	0x40000000u	/* EAX = max leaf, EBX:ECX:EDX = sig */
#define HOIST_CPUID_VERSION	0x40000001u	/* EAX = HOIST_VERSION_CODE */
#define HOIST_CPUID_MAX		HOIST_CPUID_VERSION
/* "HoistHoistHV" as little-endian register words. */
#define HOIST_CPUID_SIG_EBX	0x73696f48u	/* "Hois" */
#define HOIST_CPUID_SIG_ECX	0x696f4874u	/* "tHoi" */
#define HOIST_CPUID_SIG_EDX	0x56487473u	/* "stHV" */

/* Xen hypercall numbers Hoist implements (xen/include/public/xen.h). */
#define HOIST_HC_XEN_VERSION	17
#define HOIST_HC_CONSOLE_IO	18

/* xen_version sub-commands */
#define HOIST_XENVER_VERSION	0
#define HOIST_XENVER_EXTRAVERSION 1	/* char[16] */

/* console_io sub-commands */
#define HOIST_CONSOLEIO_WRITE	0

/* Hoist's own hypercalls (dom0 only). */
#define HOIST_HC_BASE		0x100
#define HOIST_HC_NULL		(HOIST_HC_BASE + 0)	/* returns 0 */
#define HOIST_HC_INFO		(HOIST_HC_BASE + 1)	/* (struct hoist_info *) */
#define HOIST_HC_LOG_READ	(HOIST_HC_BASE + 2)	/* (char *buf, u64 len, u64 clear) */
#define HOIST_HC_CPU_STATS	(HOIST_HC_BASE + 3)	/* (u64 cpu, struct hoist_cpu_stats *) */
#define HOIST_HC_DEVIRT		(HOIST_HC_BASE + 4)	/* leave this CPU, back to native */
#define HOIST_HC_END		(HOIST_HC_BASE + 5)

/* errno values returned by the hypervisor (Linux numbering). */
#define HOIST_EPERM		1
#define HOIST_ENOENT		2
#define HOIST_EIO		5
#define HOIST_ENOMEM		12
#define HOIST_EFAULT		14
#define HOIST_EBUSY		16
#define HOIST_EEXIST		17
#define HOIST_EINVAL		22
#define HOIST_ENOSPC		28
#define HOIST_ENOSYS		38

/* Exit reasons counted per CPU (an index, not the SVM exit code). */
enum hoist_exit_stat {
	HOIST_STAT_CPUID,
	HOIST_STAT_VMMCALL,
	HOIST_STAT_MSR,
	HOIST_STAT_NPF,
	HOIST_STAT_SVM_INSN,	/* VMRUN, VMLOAD, VMSAVE, STGI, CLGI, SKINIT, INVLPGA */
	HOIST_STAT_INIT,
	HOIST_STAT_SHUTDOWN,
	HOIST_STAT_OTHER,
	HOIST_STAT_NR
};

#define HOIST_STAT_NAMES { \
	"cpuid", "vmmcall", "msr", "npf", "svm_insn", "init", "shutdown", \
	"other" }

struct hoist_cpu_stats {
	uint64_t exits[HOIST_STAT_NR];
	uint64_t exits_total;
	uint64_t hypercalls;
	uint64_t hv_access_blocked;	/* dom0 touched hypervisor memory */
	uint32_t cpu;
	uint32_t hoisted;		/* 1 while this CPU runs under Hoist */
};

struct hoist_info {
	uint32_t version;		/* HOIST_VERSION_CODE */
	uint32_t nr_cpus;		/* CPUs the hypervisor has state for */
	uint32_t cpus_hoisted;
	uint32_t npt_levels;		/* 4 or 5, from the host paging mode */
	uint64_t hv_pages_total;	/* 4 KiB pages owned by the hypervisor */
	uint64_t hv_pages_free;		/* of which unused */
	uint64_t log_size;		/* bytes held in the log */
	uint64_t hv_access_blocked;	/* sum over CPUs */
	uint32_t max_phys_bits;
	uint32_t asids;
	uint32_t svm_features;		/* CPUID 0x8000000A EDX */
	uint32_t reserved;
	char extra[16];			/* HOIST_VERSION_EXTRA, NUL-terminated */
};

#endif /* HOIST_HYPERCALL_H */
