/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The subset of Xen's guest ABI that Hoist implements for domUs: numbers
 * and layouts from Xen's public headers (xen/include/public/), under Hoist
 * names.  Guests call with VMMCALL: RAX = number; RDI, RSI, RDX, R10, R8 =
 * arguments; result in RAX.  Unknown calls return -ENOSYS.
 *
 * Registers, as Xen promises them: a hypercall preserves RBX, RCX, RBP,
 * RSP, R11-R15 and the x87/SSE/AVX state; a guest must assume that it
 * changes RAX (the result) and the argument registers ("Clobbered: argument
 * registers", Xen's public/arch-x86/xen-x86_64.h; its debug builds poison
 * them).  guests/lib/hypercall.h declares all six clobbered: RDI, RSI, RDX,
 * R10, R8 and R9, Xen's sixth, which no call here takes.  Hoist today
 * changes only RAX: the VMMCALL handler (hv/arch/x86/exit_vmmcall.c) writes
 * RAX and RIP, and a vCPU that stops inside a call has its registers and
 * extended state saved and restored whole.  guests/lib/hypercall_probe.S
 * checks the preserved set.  dom0's own calls keep more (hypercall.h).
 *
 * The layouts are Xen's for x86-64: the offsets pinned after each structure
 * are Xen's numbers, and so are the sizes, except where a structure stops
 * before Xen's later members (shared_info, xencons_interface).
 */
#ifndef HOIST_XEN_H
#define HOIST_XEN_H

#include "types.h"

/* Hypercall numbers (public/xen.h) */
#define XEN_HC_memory_op	12
#define XEN_HC_xen_version	17
#define XEN_HC_console_io	18
#define XEN_HC_grant_table_op	20
#define XEN_HC_vcpu_op		24
#define XEN_HC_sched_op		29
#define XEN_HC_event_channel_op	32
#define XEN_HC_hvm_op		34

/* xen_version */
#define XENVER_version		0
#define XENVER_extraversion	1	/* char[16] */
#define XENVER_get_features	6	/* arg: struct xen_feature_info * */

struct xen_feature_info {
	uint32_t submap_idx;	/* in: which 32-bit word */
	uint32_t submap;	/* out */
};
HOIST_ABI_SIZE(struct xen_feature_info, 8);
HOIST_ABI_OFFSET(struct xen_feature_info, submap, 4);

/* Feature bits (public/features.h) */
#define XENFEAT_writable_page_tables	0
#define XENFEAT_auto_translated_physmap	2
#define XENFEAT_hvm_callback_vector	8
#define XENFEAT_hvm_safe_pvclock	9

/* memory_op (public/memory.h) */
#define XENMEM_add_to_physmap	7	/* arg: struct xen_add_to_physmap * */
#define XENMEM_memory_map	9

#define XENMAPSPACE_shared_info	0
#define XENMAPSPACE_grant_table	1

struct xen_add_to_physmap {
	uint16_t domid;		/* DOMID_SELF = 0x7FF0 */
	uint16_t size;
	uint32_t space;		/* XENMAPSPACE_* */
	uint64_t idx;
	uint64_t gpfn;
};
HOIST_ABI_SIZE(struct xen_add_to_physmap, 24);
HOIST_ABI_OFFSET(struct xen_add_to_physmap, space, 4);
HOIST_ABI_OFFSET(struct xen_add_to_physmap, idx, 8);
HOIST_ABI_OFFSET(struct xen_add_to_physmap, gpfn, 16);

#define DOMID_SELF		0x7FF0u

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
HOIST_ABI_SIZE(struct sched_shutdown, 4);

/* Block until one of the ports is pending (masked or not), or timeout. */
struct sched_poll {
	uint64_t ports;		/* guest pointer to uint32_t[nr_ports] */
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout;	/* system time; 0 = none */
};
HOIST_ABI_SIZE(struct sched_poll, 24);
HOIST_ABI_OFFSET(struct sched_poll, nr_ports, 8);
HOIST_ABI_OFFSET(struct sched_poll, timeout, 16);

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
#define VCPUOP_register_runstate_memory_area 5	/* arg: u64 * (a guest VA) */
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
#define VCPUOP_set_singleshot_timer 8	/* arg: struct vcpu_set_singleshot_timer * */
#define VCPUOP_stop_singleshot_timer 9
#define VCPUOP_register_vcpu_info 10	/* arg: struct vcpu_register_vcpu_info * */

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;	/* system time */
	uint32_t flags;
	uint32_t pad;
};
HOIST_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
HOIST_ABI_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);

#define VCPU_SSHOTTMR_future	1	/* fail with -ETIME if already past */

struct vcpu_register_vcpu_info {
	uint64_t mfn;		/* a guest frame */
	uint32_t offset;	/* of vcpu_info in it */
	uint32_t rsvd;
};
HOIST_ABI_SIZE(struct vcpu_register_vcpu_info, 16);
HOIST_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);

struct vcpu_runstate_info {
	int32_t state;
	uint32_t pad;
	uint64_t state_entry_time;
	uint64_t time[4];
};
HOIST_ABI_SIZE(struct vcpu_runstate_info, 48);
HOIST_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
HOIST_ABI_OFFSET(struct vcpu_runstate_info, time, 16);

/* event_channel_op (public/event_channel.h) */
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq	1	/* struct evtchn_bind_virq */
#define EVTCHNOP_close		3	/* struct evtchn_port */
#define EVTCHNOP_send		4	/* struct evtchn_port */
#define EVTCHNOP_status		5
#define EVTCHNOP_alloc_unbound	6
#define EVTCHNOP_bind_ipi	7	/* struct evtchn_bind_ipi */
#define EVTCHNOP_bind_vcpu	8	/* struct evtchn_bind_vcpu */
#define EVTCHNOP_unmask		9	/* struct evtchn_port */
#define EVTCHNOP_reset		10
#define EVTCHNOP_init_control	11	/* FIFO ABI: refused, so 2-level is used */

struct evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	uint32_t port;		/* out */
};
HOIST_ABI_SIZE(struct evtchn_bind_virq, 12);
HOIST_ABI_OFFSET(struct evtchn_bind_virq, port, 8);

struct evtchn_bind_ipi {
	uint32_t vcpu;
	uint32_t port;		/* out */
};
HOIST_ABI_SIZE(struct evtchn_bind_ipi, 8);
HOIST_ABI_OFFSET(struct evtchn_bind_ipi, port, 4);

struct evtchn_bind_vcpu {
	uint32_t port;
	uint32_t vcpu;
};
HOIST_ABI_SIZE(struct evtchn_bind_vcpu, 8);
HOIST_ABI_OFFSET(struct evtchn_bind_vcpu, vcpu, 4);

/* close, send and unmask take just the port */
struct evtchn_port {
	uint32_t port;
};
HOIST_ABI_SIZE(struct evtchn_port, 4);

/* Interdomain channels: the other end is dom0 (Hoist has no other peer). */
struct evtchn_alloc_unbound {
	uint16_t dom;		/* DOMID_SELF, or the domain to allocate in */
	uint16_t remote_dom;	/* who may bind to it: 0 */
	uint32_t port;		/* out */
};
HOIST_ABI_SIZE(struct evtchn_alloc_unbound, 8);
HOIST_ABI_OFFSET(struct evtchn_alloc_unbound, port, 4);

struct evtchn_bind_interdomain {
	uint16_t remote_dom;
	uint16_t pad;
	uint32_t remote_port;
	uint32_t local_port;	/* out */
};
HOIST_ABI_SIZE(struct evtchn_bind_interdomain, 12);
HOIST_ABI_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
HOIST_ABI_OFFSET(struct evtchn_bind_interdomain, local_port, 8);

#define EVTCHNSTAT_closed	0
#define EVTCHNSTAT_unbound	1
#define EVTCHNSTAT_interdomain	2
#define EVTCHNSTAT_pirq		3
#define EVTCHNSTAT_virq		4
#define EVTCHNSTAT_ipi		5

struct evtchn_status {
	uint16_t dom;		/* DOMID_SELF */
	uint16_t pad;
	uint32_t port;
	uint32_t status;	/* out: EVTCHNSTAT_* */
	uint32_t vcpu;		/* out */
	union {
		struct {
			uint16_t dom;
		} unbound;
		struct {
			uint16_t dom;
			uint16_t pad;
			uint32_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};
HOIST_ABI_SIZE(struct evtchn_status, 24);
HOIST_ABI_OFFSET(struct evtchn_status, status, 8);
HOIST_ABI_OFFSET(struct evtchn_status, u, 16);
HOIST_ABI_OFFSET(struct evtchn_status, u.interdomain.port, 20);

#define VIRQ_TIMER		0
#define VIRQ_DEBUG		1
#define VIRQ_CONSOLE		2
#define NR_VIRQS		24

/* 2-level event channels: as many ports as bits in evtchn_pending */
#define EVTCHN_2L_NR_PORTS	4096

/* grant_table_op (public/grant_table.h): version 1 only */
#define GNTTABOP_map_grant_ref		0	/* refused: no domU maps grants */
#define GNTTABOP_unmap_grant_ref	1
#define GNTTABOP_setup_table		2	/* PV only; a PVH guest never calls it */
#define GNTTABOP_copy			5
#define GNTTABOP_query_size		6	/* struct gnttab_query_size */
#define GNTTABOP_set_version		8	/* struct gnttab_set_version */
#define GNTTABOP_get_version		10	/* struct gnttab_get_version */

typedef uint32_t grant_ref_t;

/* One v1 entry: the guest writes domid and frame, then flags. */
struct grant_entry_v1 {
	uint16_t flags;		/* GTF_* */
	uint16_t domid;		/* who may use it */
	uint32_t frame;		/* the guest's frame number */
};
HOIST_ABI_SIZE(struct grant_entry_v1, 8);
HOIST_ABI_OFFSET(struct grant_entry_v1, frame, 4);

#define GRANT_ENTRIES_PER_FRAME	(4096 / sizeof(struct grant_entry_v1))
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE	0
#define GNTTAB_RESERVED_XENSTORE 1
/* Xen's default max_grant_frames (xl.cfg), and the most Hoist allows. */
#define GNTTAB_DEFAULT_MAX_FRAMES 64
#define GNTTAB_MAX_FRAMES	1024

#define GTF_invalid		0
#define GTF_permit_access	1
#define GTF_accept_transfer	2
#define GTF_transitive		3
#define GTF_type_mask		3
#define GTF_readonly		(1u << 2)	/* set by the guest */
#define GTF_reading		(1u << 3)	/* set by the hypervisor while in use */
#define GTF_writing		(1u << 4)
#define GTF_PWT			(1u << 5)
#define GTF_PCD			(1u << 6)
#define GTF_PAT			(1u << 7)
#define GTF_sub_page		(1u << 8)

/* Grant statuses (GNTST_*): the per-op status of copy and map. */
#define GNTST_okay		0
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)
#define GNTST_permission_denied	(-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)

struct gnttab_query_size {
	uint16_t dom;		/* DOMID_SELF */
	uint16_t pad;
	uint32_t nr_frames;	/* out */
	uint32_t max_nr_frames;	/* out */
	int16_t status;		/* out: GNTST_* */
	uint16_t pad2;
};
HOIST_ABI_SIZE(struct gnttab_query_size, 16);
HOIST_ABI_OFFSET(struct gnttab_query_size, nr_frames, 4);
HOIST_ABI_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
HOIST_ABI_OFFSET(struct gnttab_query_size, status, 12);

struct gnttab_set_version {
	uint32_t version;	/* in: 1 (2 is refused); out: the version */
};
HOIST_ABI_SIZE(struct gnttab_set_version, 4);

struct gnttab_get_version {
	uint16_t dom;
	uint16_t pad;
	uint32_t version;	/* out */
};
HOIST_ABI_SIZE(struct gnttab_get_version, 8);
HOIST_ABI_OFFSET(struct gnttab_get_version, version, 4);

/*
 * One copy: len bytes from source to dest, each either a grant (ref of
 * domain domid, with GNTCOPY_source_gref / GNTCOPY_dest_gref) or a frame
 * of the caller's (gmfn, domid DOMID_SELF); offset + len within 4 KiB.
 */
struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		uint64_t gmfn;
	} u;
	uint16_t domid;
	uint16_t offset;
	uint32_t pad;
};
HOIST_ABI_SIZE(struct gnttab_copy_ptr, 16);
HOIST_ABI_OFFSET(struct gnttab_copy_ptr, domid, 8);
HOIST_ABI_OFFSET(struct gnttab_copy_ptr, offset, 10);

#define GNTCOPY_source_gref	(1u << 0)
#define GNTCOPY_dest_gref	(1u << 1)

struct gnttab_copy {
	struct gnttab_copy_ptr source;
	struct gnttab_copy_ptr dest;
	uint16_t len;
	uint16_t flags;		/* GNTCOPY_* */
	int16_t status;		/* out: GNTST_* */
	uint16_t pad;
};
HOIST_ABI_SIZE(struct gnttab_copy, 40);
HOIST_ABI_OFFSET(struct gnttab_copy, dest, 16);
HOIST_ABI_OFFSET(struct gnttab_copy, len, 32);
HOIST_ABI_OFFSET(struct gnttab_copy, flags, 34);
HOIST_ABI_OFFSET(struct gnttab_copy, status, 36);

/* hvm_op (public/hvm/hvm_op.h, params.h) */
#define HVMOP_set_param		0	/* struct xen_hvm_param */
#define HVMOP_get_param		1
#define HVMOP_pagetable_dying	9

struct xen_hvm_param {
	uint16_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};
HOIST_ABI_SIZE(struct xen_hvm_param, 16);
HOIST_ABI_OFFSET(struct xen_hvm_param, index, 4);
HOIST_ABI_OFFSET(struct xen_hvm_param, value, 8);

#define HVM_PARAM_CALLBACK_IRQ	0	/* type in bits 63:56; 2 = vector */
#define HVM_PARAM_STORE_PFN	1
#define HVM_PARAM_STORE_EVTCHN	2
#define HVM_PARAM_CONSOLE_PFN	17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define HVM_PARAM_NR		64
#define HVM_CALLBACK_TYPE_VECTOR 2

/* shared_info and vcpu_info (public/xen.h, arch-x86/xen.h) */
struct vcpu_time_info {
	uint32_t version;	/* odd while being updated */
	uint32_t pad0;
	uint64_t tsc_timestamp;	/* guest TSC at system_time */
	uint64_t system_time;	/* ns since the domain's clock began */
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};
HOIST_ABI_SIZE(struct vcpu_time_info, 32);
HOIST_ABI_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
HOIST_ABI_OFFSET(struct vcpu_time_info, system_time, 16);
HOIST_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
HOIST_ABI_OFFSET(struct vcpu_time_info, tsc_shift, 28);
HOIST_ABI_OFFSET(struct vcpu_time_info, flags, 29);

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad[6];
	uint64_t evtchn_pending_sel;
	uint64_t cr2;
	uint64_t arch_pad;
	struct vcpu_time_info time;
};
HOIST_ABI_SIZE(struct vcpu_info, 64);
HOIST_ABI_OFFSET(struct vcpu_info, evtchn_upcall_mask, 1);
HOIST_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
HOIST_ABI_OFFSET(struct vcpu_info, cr2, 16);
HOIST_ABI_OFFSET(struct vcpu_info, time, 32);

#define XEN_LEGACY_MAX_VCPUS	32

struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	uint64_t evtchn_pending[64];
	uint64_t evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	/* arch_shared_info follows; Hoist leaves it zero */
};
HOIST_ABI_SIZE(struct shared_info, 3088);
HOIST_ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
HOIST_ABI_OFFSET(struct shared_info, evtchn_mask, 2560);
HOIST_ABI_OFFSET(struct shared_info, wc_version, 3072);
HOIST_ABI_OFFSET(struct shared_info, wc_sec, 3076);
HOIST_ABI_OFFSET(struct shared_info, wc_nsec, 3080);
HOIST_ABI_OFFSET(struct shared_info, wc_sec_hi, 3084);

/* console ring (public/io/console.h) */
struct xencons_interface {
	char in[1024];
	char out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};
HOIST_ABI_SIZE(struct xencons_interface, 3088);
HOIST_ABI_OFFSET(struct xencons_interface, out, 1024);
HOIST_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
HOIST_ABI_OFFSET(struct xencons_interface, in_prod, 3076);
HOIST_ABI_OFFSET(struct xencons_interface, out_cons, 3080);
HOIST_ABI_OFFSET(struct xencons_interface, out_prod, 3084);

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
HOIST_ABI_SIZE(struct vcpu_hvm_x86_32, 120);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_32, eip, 32);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_32, cr0, 40);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_32, efer, 56);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_32, cs_base, 64);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_32, cs_limit, 84);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_32, cs_ar, 104);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_32, tr_ar, 112);

struct vcpu_hvm_x86_64 {
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, rip, rflags;
	uint64_t cr0, cr3, cr4;
	uint64_t efer;
};
HOIST_ABI_SIZE(struct vcpu_hvm_x86_64, 112);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_64, rip, 64);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_64, cr0, 80);
HOIST_ABI_OFFSET(struct vcpu_hvm_x86_64, efer, 104);

struct vcpu_hvm_context {
	uint32_t mode;
	uint32_t pad;
	union {
		struct vcpu_hvm_x86_32 x86_32;
		struct vcpu_hvm_x86_64 x86_64;
	} cpu_regs;
};
HOIST_ABI_SIZE(struct vcpu_hvm_context, 128);
HOIST_ABI_OFFSET(struct vcpu_hvm_context, cpu_regs, 8);

/* CPUID leaves for domUs */
#define XEN_CPUID_BASE		0x40000000u
#define XEN_CPUID_SIG_EBX	0x566e6558u	/* "XenV" */
#define XEN_CPUID_SIG_ECX	0x65584d4du	/* "MMXe" */
#define XEN_CPUID_SIG_EDX	0x4d4d566eu	/* "nVMM" */
#define XEN_CPUID_MAX_LEAF	(XEN_CPUID_BASE + 5)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT (1u << 3)	/* base+4: EBX = vcpu id */

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
HOIST_ABI_SIZE(struct hvm_start_info, 56);
HOIST_ABI_OFFSET(struct hvm_start_info, nr_modules, 12);
HOIST_ABI_OFFSET(struct hvm_start_info, modlist_paddr, 16);
HOIST_ABI_OFFSET(struct hvm_start_info, cmdline_paddr, 24);
HOIST_ABI_OFFSET(struct hvm_start_info, rsdp_paddr, 32);
HOIST_ABI_OFFSET(struct hvm_start_info, memmap_paddr, 40);
HOIST_ABI_OFFSET(struct hvm_start_info, memmap_entries, 48);

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};
HOIST_ABI_SIZE(struct hvm_modlist_entry, 32);
HOIST_ABI_OFFSET(struct hvm_modlist_entry, cmdline_paddr, 16);

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;		/* E820: 1 RAM, 2 reserved */
	uint32_t reserved;
};
HOIST_ABI_SIZE(struct hvm_memmap_table_entry, 24);
HOIST_ABI_OFFSET(struct hvm_memmap_table_entry, type, 16);

#define XEN_HVM_MEMMAP_TYPE_RAM		1
#define XEN_HVM_MEMMAP_TYPE_RESERVED	2

#endif /* HOIST_XEN_H */
