/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The subset of Xen's guest ABI that Hoist implements for domUs: numbers
 * and layouts from Xen's public headers (xen/include/public/), under Hoist
 * names.  Guests call with VMMCALL: RAX = number; RDI, RSI, RDX, R10, R8 =
 * arguments; result in RAX.  Unknown calls return -ENOSYS.
 */
#ifndef HOIST_XEN_H
#define HOIST_XEN_H

#include "types.h"

/* Hypercall numbers (public/xen.h) */
#define XEN_HC_memory_op	12
#define XEN_HC_xen_version	17
#define XEN_HC_console_io	18
#define XEN_HC_vcpu_op		24
#define XEN_HC_sched_op		29
#define XEN_HC_event_channel_op	32
#define XEN_HC_hvm_op		34

/* xen_version */
#define XENVER_version		0
#define XENVER_extraversion	1	/* char[16] */
#define XENVER_get_features	6

/* console_io */
#define CONSOLEIO_write		0
#define CONSOLEIO_read		1

/* sched_op (public/sched.h) */
#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2	/* arg: struct sched_shutdown * */
#define SCHEDOP_poll		3

struct sched_shutdown {
	uint32_t reason;
};

#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_suspend	2
#define SHUTDOWN_crash		3
#define SHUTDOWN_watchdog	4
#define SHUTDOWN_soft_reset	5

/* vcpu_op (public/vcpu.h) */
#define VCPUOP_initialise	0	/* arg: struct vcpu_hvm_context * */
#define VCPUOP_up		1
#define VCPUOP_down		2
#define VCPUOP_is_up		3

/* public/hvm/hvm_vcpu.h: the state a vCPU starts in */
#define VCPU_HVM_MODE_32B	0
#define VCPU_HVM_MODE_64B	1

struct vcpu_hvm_x86_32 {
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi, eip, eflags;
	uint32_t cr0, cr3, cr4;
	uint32_t pad1;
	uint64_t efer;
	uint32_t cs_base, ds_base, ss_base, es_base, tr_base;
	uint32_t cs_limit, ds_limit, ss_limit, es_limit, tr_limit;
	uint16_t cs_ar, ds_ar, ss_ar, es_ar, tr_ar;
	uint16_t pad2[3];
};

struct vcpu_hvm_x86_64 {
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, rip, rflags;
	uint64_t cr0, cr3, cr4;
	uint64_t efer;
};

struct vcpu_hvm_context {
	uint32_t mode;
	uint32_t pad;
	union {
		struct vcpu_hvm_x86_32 x86_32;
		struct vcpu_hvm_x86_64 x86_64;
	} cpu_regs;
};

/* CPUID leaves for domUs */
#define XEN_CPUID_BASE		0x40000000u
#define XEN_CPUID_SIG_EBX	0x566e6558u	/* "XenV" */
#define XEN_CPUID_SIG_ECX	0x65584d4du	/* "MMXe" */
#define XEN_CPUID_SIG_EDX	0x4d4d566eu	/* "nVMM" */

/* PVH boot (public/arch-x86/hvm/start_info.h) */
#define XEN_HVM_START_MAGIC	0x336ec578u
#define XEN_ELFNOTE_PHYS32_ENTRY 18

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;	/* 1: memmap fields valid */
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;		/* E820: 1 RAM, 2 reserved */
	uint32_t reserved;
};

#define XEN_HVM_MEMMAP_TYPE_RAM		1
#define XEN_HVM_MEMMAP_TYPE_RESERVED	2

#endif /* HOIST_XEN_H */
