/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * /dev/hoist: the control device of the Hoist module (root only).
 *
 * Every ioctl validates its argument in full and changes nothing when it
 * fails: a command the module does not know (another type, number, size or
 * direction) fails with ENOTTY, the kernel's convention for an ioctl the
 * device does not have; a known command with a malformed argument fails
 * with EINVAL.
 */
#ifndef HOIST_IOCTL_H
#define HOIST_IOCTL_H

#include <linux/ioctl.h>
#include "hypercall.h"

#define HOIST_DEVICE		"/dev/hoist"
/*
 * The ioctl type: 0xE4, with numbers 0x00-0x0E taken so far.  Linux's
 * registry of types (Documentation/userspace-api/ioctl/ioctl-number.rst,
 * read in a 2025 copy that already lists 0xBA, liveupdate) has no
 * 0xE4 entry; the nearest types in use are 0xDD (zfcp) and 0xE5 (fuse).  No
 * uapi header of the 6.1 kernel the tests boot uses 0xE4 either (the
 * registry misses a few: f2fs is on 0xF5).  0xE4 is also away from the
 * 0xB0-0xBA run, where new types are handed out in order.  Hoist was on
 * 0xB7 before: remoteproc's and nsfs's.
 */
#define HOIST_IOC_MAGIC		0xE4

struct hoist_log_req {
	uint64_t buf;		/* user pointer */
	uint64_t len;		/* buffer size in bytes, 1 .. HOIST_LOG_MAX */
	uint32_t clear;		/* 1: empty the log after reading */
	uint32_t pad;		/* must be 0 */
	uint64_t copied;	/* out: bytes written to buf */
};
HOIST_ABI_SIZE(struct hoist_log_req, 32);
HOIST_ABI_OFFSET(struct hoist_log_req, clear, 16);
HOIST_ABI_OFFSET(struct hoist_log_req, copied, 24);

#define HOIST_LOG_MAX		(1u << 20)

struct hoist_stats_req {
	uint32_t cpu;		/* in: CPU number */
	uint32_t flags;		/* in: HOIST_STATS_* (hypercall.h) */
	struct hoist_cpu_stats stats;	/* out */
};
HOIST_ABI_SIZE(struct hoist_stats_req, 200);
HOIST_ABI_OFFSET(struct hoist_stats_req, stats, 8);

struct hoist_bench_req {
	uint64_t iterations;	/* in: 1 .. HOIST_BENCH_MAX */
	uint64_t tsc_cycles;	/* out: TSC ticks for all iterations */
};
HOIST_ABI_SIZE(struct hoist_bench_req, 16);
HOIST_ABI_OFFSET(struct hoist_bench_req, tsc_cycles, 8);

#define HOIST_BENCH_MAX		(1ull << 24)

#define HOIST_NAME_MAX		64	/* domain names, NUL included */

/*
 * Create an empty domain: memory allocated, not yet the guest's.  ENOMEM,
 * with nothing allocated, when mem_kb is more than dom0 can give without
 * swapping (MemAvailable).  Its pages go to the guest-physical frames of
 * layout.h: page n at hoist_guest_gfn(n).
 */
struct hoist_domain_create {
	char name[HOIST_NAME_MAX];
	uint64_t mem_kb;	/* multiple of 4 */
	uint32_t vcpus;		/* 1 .. HOIST_MAX_VCPUS */
	uint32_t domid;		/* out */
	uint32_t max_grant_frames;	/* 0: GNTTAB_DEFAULT_MAX_FRAMES */
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_domain_create, 88);
HOIST_ABI_OFFSET(struct hoist_domain_create, mem_kb, 64);
HOIST_ABI_OFFSET(struct hoist_domain_create, vcpus, 72);
HOIST_ABI_OFFSET(struct hoist_domain_create, domid, 76);
HOIST_ABI_OFFSET(struct hoist_domain_create, max_grant_frames, 80);

/*
 * Copy into a domain being built, at guest-physical address gpa: the whole
 * range in the domain's RAM (layout.h), else EINVAL.
 */
struct hoist_domain_write {
	uint32_t domid;
	uint32_t pad;
	uint64_t gpa;
	uint64_t buf;		/* user pointer */
	uint64_t len;
};
HOIST_ABI_SIZE(struct hoist_domain_write, 32);
HOIST_ABI_OFFSET(struct hoist_domain_write, gpa, 8);
HOIST_ABI_OFFSET(struct hoist_domain_write, buf, 16);
HOIST_ABI_OFFSET(struct hoist_domain_write, len, 24);

/*
 * Hand the memory over to the guest (from now on dom0 cannot touch it)
 * and set vCPU 0 at the PVH entry.  The domain stays paused.
 * console_gfn: one of the special pages in the hole below 4 GiB
 * (layout.h; the toolstack uses HOIST_GUEST_CONSOLE_PFN), given a zeroed
 * page, that the guest finds through HVM_PARAM_CONSOLE_PFN and uses as
 * its Xen console ring (hvc0); 0 for none.  Its event channel is
 * HOIST_CONSOLE_PORT.  store_gfn (HOIST_GUEST_STORE_PFN, or 0 for none)
 * is given a zeroed page too, the xenstore ring, with store_port the
 * guest's port from HOIST_IOC_EVTCHN_ALLOC_UNBOUND; grant 1 gives it to
 * dom0 (struct hoist_vcpu_boot).
 */
struct hoist_domain_boot {
	uint32_t domid;
	uint32_t store_port;
	uint64_t entry;
	uint64_t start_info;
	uint64_t console_gfn;
	uint64_t store_gfn;
};
HOIST_ABI_SIZE(struct hoist_domain_boot, 40);
HOIST_ABI_OFFSET(struct hoist_domain_boot, store_port, 4);
HOIST_ABI_OFFSET(struct hoist_domain_boot, store_gfn, 32);
HOIST_ABI_OFFSET(struct hoist_domain_boot, entry, 8);
HOIST_ABI_OFFSET(struct hoist_domain_boot, start_info, 16);
HOIST_ABI_OFFSET(struct hoist_domain_boot, console_gfn, 24);

struct hoist_domid {
	uint32_t domid;
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_domid, 8);

/* What `hoist list` shows about a domain. */
struct hoist_domain_info {
	uint32_t domid;
	uint32_t flags;		/* HOIST_DOM_* */
	uint32_t shutdown_reason;
	uint32_t vcpus;
	uint32_t vcpus_online;
	uint32_t pad;
	uint64_t mem_kb;
	uint64_t cpu_time_ns;
	char name[HOIST_NAME_MAX];
};
HOIST_ABI_SIZE(struct hoist_domain_info, 104);
HOIST_ABI_OFFSET(struct hoist_domain_info, mem_kb, 24);
HOIST_ABI_OFFSET(struct hoist_domain_info, cpu_time_ns, 32);
HOIST_ABI_OFFSET(struct hoist_domain_info, name, 40);

struct hoist_domain_list {
	uint32_t max;		/* entries buf holds */
	uint32_t count;		/* out: domains (dom0 excluded) */
	uint64_t buf;		/* struct hoist_domain_info[max] */
};
HOIST_ABI_SIZE(struct hoist_domain_list, 16);
HOIST_ABI_OFFSET(struct hoist_domain_list, count, 4);
HOIST_ABI_OFFSET(struct hoist_domain_list, buf, 8);

struct hoist_vcpu_list {
	uint32_t domid;
	uint32_t max;
	uint32_t count;		/* out */
	uint32_t pad;
	uint64_t buf;		/* struct hoist_vcpu_info[max] */
};
HOIST_ABI_SIZE(struct hoist_vcpu_list, 24);
HOIST_ABI_OFFSET(struct hoist_vcpu_list, count, 8);
HOIST_ABI_OFFSET(struct hoist_vcpu_list, buf, 16);

/* Read console output; blocks until some is there unless nonblock. */
struct hoist_console_read {
	uint32_t domid;
	uint32_t nonblock;
	uint64_t buf;
	uint64_t len;
	uint64_t copied;	/* out; 0 with the domain gone = end */
};
HOIST_ABI_SIZE(struct hoist_console_read, 32);
HOIST_ABI_OFFSET(struct hoist_console_read, buf, 8);
HOIST_ABI_OFFSET(struct hoist_console_read, len, 16);
HOIST_ABI_OFFSET(struct hoist_console_read, copied, 24);

/* Console input: queue bytes for the guest's hvc0; may take fewer. */
struct hoist_console_write {
	uint32_t domid;
	uint32_t pad;
	uint64_t buf;
	uint64_t len;		/* 1 .. HOIST_CONSOLE_WRITE_MAX */
	uint64_t written;	/* out: bytes taken; 0 = ring full, retry */
};
HOIST_ABI_SIZE(struct hoist_console_write, 32);
HOIST_ABI_OFFSET(struct hoist_console_write, buf, 8);
HOIST_ABI_OFFSET(struct hoist_console_write, len, 16);
HOIST_ABI_OFFSET(struct hoist_console_write, written, 24);

#define HOIST_CONSOLE_WRITE_MAX	4096

/* Wait until the domain has shut down (or is gone); returns its info. */
struct hoist_domain_wait {
	uint32_t domid;
	uint32_t pad;
	struct hoist_domain_info info;	/* out */
};
HOIST_ABI_SIZE(struct hoist_domain_wait, 112);
HOIST_ABI_OFFSET(struct hoist_domain_wait, info, 8);

#define HOIST_IOC_INFO		_IOR(HOIST_IOC_MAGIC, 0, struct hoist_info)
#define HOIST_IOC_LOG_READ	_IOWR(HOIST_IOC_MAGIC, 1, struct hoist_log_req)
#define HOIST_IOC_CPU_STATS	_IOWR(HOIST_IOC_MAGIC, 2, struct hoist_stats_req)
#define HOIST_IOC_BENCH_NULL	_IOWR(HOIST_IOC_MAGIC, 3, struct hoist_bench_req)
#define HOIST_IOC_DOMAIN_CREATE	_IOWR(HOIST_IOC_MAGIC, 4, struct hoist_domain_create)
#define HOIST_IOC_DOMAIN_WRITE	_IOW(HOIST_IOC_MAGIC, 5, struct hoist_domain_write)
#define HOIST_IOC_DOMAIN_BOOT	_IOW(HOIST_IOC_MAGIC, 6, struct hoist_domain_boot)
#define HOIST_IOC_DOMAIN_UNPAUSE _IOW(HOIST_IOC_MAGIC, 7, struct hoist_domid)
#define HOIST_IOC_DOMAIN_PAUSE	_IOW(HOIST_IOC_MAGIC, 8, struct hoist_domid)
#define HOIST_IOC_DOMAIN_DESTROY _IOW(HOIST_IOC_MAGIC, 9, struct hoist_domid)
#define HOIST_IOC_DOMAIN_LIST	_IOWR(HOIST_IOC_MAGIC, 10, struct hoist_domain_list)
#define HOIST_IOC_VCPU_LIST	_IOWR(HOIST_IOC_MAGIC, 11, struct hoist_vcpu_list)
#define HOIST_IOC_CONSOLE_READ	_IOWR(HOIST_IOC_MAGIC, 12, struct hoist_console_read)
#define HOIST_IOC_DOMAIN_WAIT	_IOWR(HOIST_IOC_MAGIC, 13, struct hoist_domain_wait)
#define HOIST_IOC_CONSOLE_WRITE	_IOWR(HOIST_IOC_MAGIC, 14, struct hoist_console_write)

/*
 * Grants and event channels, in the shape of Linux's gntdev and evtchn
 * devices (include/uapi/xen/gntdev.h, evtchn.h).  What a process holds is
 * released when it closes the file descriptors or exits.
 *
 * GNT_MAP: map grant ref of domain domid (HOIST_GNT_MAP_RO for read-only):
 * returns a new file descriptor in fd, to mmap() one page from at offset
 * 0 (PROT_WRITE refused with HOIST_GNT_MAP_RO).  The grant is unmapped
 * when the last of the descriptor and its mappings goes: by then no CPU
 * can reach the page any more.  Errors: ENOENT no such domain, EPERM not
 * granted to dom0 (or read-only), EINVAL bad ref or flags, EBUSY the guest
 * is changing the entry or the page is mapped through another ref, ENOSPC
 * too many maps of the domain's grants.  If the domain is destroyed
 * meanwhile, the page is taken away first: the mapping gives
 * SIGBUS from then on.
 */
struct hoist_gnt_map {
	uint32_t domid;
	uint32_t ref;
	uint32_t flags;		/* HOIST_GNT_MAP_RO */
	int32_t fd;		/* out */
};
HOIST_ABI_SIZE(struct hoist_gnt_map, 16);
HOIST_ABI_OFFSET(struct hoist_gnt_map, fd, 12);

/*
 * GNT_COPY: count segments, each copying len bytes between a grant
 * (GNTCOPY_source_gref / GNTCOPY_dest_gref: foreign) and this process's
 * memory (virt), never across a 4 KiB page on either side; each gets its
 * GNTST_* status.  The ioctl fails (EFAULT, EINVAL) only for the request
 * as a whole; per-segment failures are in status.
 */
struct hoist_gnt_copy_seg {
	union {
		uint64_t virt;
		struct {
			uint32_t ref;
			uint16_t offset;
			uint16_t domid;
		} foreign;
	} source, dest;
	uint16_t len;
	uint16_t flags;		/* GNTCOPY_* */
	int16_t status;		/* out: GNTST_* */
	uint16_t pad;
};
HOIST_ABI_SIZE(struct hoist_gnt_copy_seg, 24);
HOIST_ABI_OFFSET(struct hoist_gnt_copy_seg, dest, 8);
HOIST_ABI_OFFSET(struct hoist_gnt_copy_seg, len, 16);
HOIST_ABI_OFFSET(struct hoist_gnt_copy_seg, status, 20);

struct hoist_gnt_copy {
	uint32_t count;		/* 0 .. HOIST_GNT_COPY_MAX */
	uint32_t pad;
	uint64_t segs;		/* struct hoist_gnt_copy_seg[count] */
};
HOIST_ABI_SIZE(struct hoist_gnt_copy, 16);
HOIST_ABI_OFFSET(struct hoist_gnt_copy, segs, 8);

#define HOIST_GNT_COPY_MAX	1024

/* EVTCHN_ALLOC_UNBOUND: a new port of domid's that dom0 may bind. */
struct hoist_evtchn_alloc {
	uint32_t domid;
	uint32_t port;		/* out */
};
HOIST_ABI_SIZE(struct hoist_evtchn_alloc, 8);

/*
 * EVTCHN_OPEN: a new event-channel file descriptor (the return value), as
 * /dev/xen/evtchn: BIND binds one of its ports to a domU's unbound port,
 * UNBIND and NOTIFY take one of its ports.  read() gives pending ports as
 * uint32_t values; a port read is masked until written back with write()
 * (uint32_t values); poll() says POLLIN while one is pending.  Closing it
 * closes its ports.
 */
struct hoist_evtchn_bind {
	uint32_t domid;
	uint32_t remote_port;
	uint32_t port;		/* out: dom0's port */
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_evtchn_bind, 16);
HOIST_ABI_OFFSET(struct hoist_evtchn_bind, port, 8);

struct hoist_evtchn_port {
	uint32_t port;
	uint32_t pad;
};
HOIST_ABI_SIZE(struct hoist_evtchn_port, 8);

/*
 * DOMAIN_EVENTS: a new file descriptor that poll()s readable when a domain
 * was created or is gone since the last read(); read() gives a uint64_t
 * count of such changes.  xenstored's @releaseDomain comes from it.
 */

#define HOIST_IOC_GNT_MAP	_IOWR(HOIST_IOC_MAGIC, 15, struct hoist_gnt_map)
#define HOIST_IOC_GNT_COPY	_IOW(HOIST_IOC_MAGIC, 16, struct hoist_gnt_copy)
#define HOIST_IOC_EVTCHN_ALLOC_UNBOUND _IOWR(HOIST_IOC_MAGIC, 17, struct hoist_evtchn_alloc)
#define HOIST_IOC_EVTCHN_OPEN	_IO(HOIST_IOC_MAGIC, 18)
#define HOIST_IOC_DOMAIN_EVENTS	_IO(HOIST_IOC_MAGIC, 19)
/* On an event-channel file descriptor: */
#define HOIST_IOC_EVTCHN_BIND	_IOWR(HOIST_IOC_MAGIC, 20, struct hoist_evtchn_bind)
#define HOIST_IOC_EVTCHN_UNBIND	_IOW(HOIST_IOC_MAGIC, 21, struct hoist_evtchn_port)
#define HOIST_IOC_EVTCHN_NOTIFY	_IOW(HOIST_IOC_MAGIC, 22, struct hoist_evtchn_port)

#endif /* HOIST_IOCTL_H */
