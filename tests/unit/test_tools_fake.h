/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A fake /dev/hoist and a fake host for the hoist tool's unit tests.
 * The fake device checks each request the way ioctl.h says the module
 * does (pads zero, lengths in range, known CPU) and answers from the
 * state below; the fake host answers uname and file reads from strings.
 */
#ifndef TEST_TOOLS_FAKE_H
#define TEST_TOOLS_FAKE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/utsname.h>

#include "hoist.h"

#define FAKE_MAX_CPUS	8
#define FAKE_MAX_DOMS	8
#define FAKE_MAX_CALLS	256
#define FAKE_MAX_WAITS	8
/* The fake refuses domains larger than this (ENOMEM), as a host would. */
#define FAKE_MEM_MAX_KB	(256u * 1024)

/* A domain of the fake hypervisor. */
struct fake_dom {
	int used;
	struct hoist_domain_info info;	/* what DOMAIN_LIST returns */
	uint8_t *mem;			/* guest memory, [0, mem_kb * 1024) */
	int booted;
	uint64_t entry, start_info;	/* from DOMAIN_BOOT */
	uint64_t console_gfn;
	uint64_t store_gfn;		/* from DOMAIN_BOOT */
	uint32_t store_port;
	uint32_t max_grant_frames;	/* from DOMAIN_CREATE */
	struct hoist_vcpu_info vcpu[HOIST_MAX_VCPUS];
	const char *console;		/* output for CONSOLE_READ, then gone */
	size_t console_chunk;		/* bytes per read; 0: all at once */
	size_t console_pos;
	int console_block;		/* at the end: block until gone, not "gone" */
	int console_gone;		/* with console_block: ends the output */
	/* After console: more output (console input echoed, pushed text). */
	char echo[8192];
	size_t echo_len, echo_pos;
	/* Console input (CONSOLE_WRITE): what the guest got. */
	char input[8192];
	size_t input_len;
	unsigned writes;		/* CONSOLE_WRITE requests */
	int input_echo;			/* echo input to the output */
	unsigned input_full;		/* the first N writes: ring full */
	size_t input_max;		/* bytes taken per write; 0: all */
	int input_err;			/* -errno from every CONSOLE_WRITE */
	const char *input_end;		/* once input holds it: gone */
};

/* One domain ioctl as the fake saw it. */
struct fake_call {
	unsigned nr;			/* _IOC_NR: 4 CREATE .. 14 CONSOLE_WRITE */
	uint32_t domid;
	uint64_t gpa, len;		/* WRITE */
};

#define FAKE_CREATE	4
#define FAKE_WRITE	5
#define FAKE_BOOT	6
#define FAKE_UNPAUSE	7
#define FAKE_PAUSE	8
#define FAKE_DESTROY	9
#define FAKE_LIST	10
#define FAKE_VCPUS	11
#define FAKE_CONSOLE	12
#define FAKE_WAIT	13
#define FAKE_CONSOLE_WRITE 14

struct fake_dev {
	int open_err;			/* -errno from open, 0: opens */
	int info_err;			/* -errno from HOIST_IOC_INFO */
	struct hoist_info info;
	int log_err;
	const char *log;		/* log contents */
	size_t log_len;
	int log_overclaim;		/* reply copied = len + 1 */
	int stats_err;			/* -errno from every CPU_STATS */
	uint32_t stats_cpus;		/* CPUs below this have stats */
	struct hoist_cpu_stats stats[FAKE_MAX_CPUS];
	uint32_t stats_flags_seen;	/* of the last CPU_STATS */
	/* Domains: the fake hypervisor's state. */
	struct fake_dom doms[FAKE_MAX_DOMS];
	uint32_t next_domid;
	const char *new_console;	/* console output of created domains */
	/* Fail the fail_nth (1 = first) request number fail_nr with fail_err. */
	unsigned fail_nr, fail_nth;
	int fail_err;
	/* DOMAIN_WAIT answers: these shutdown reasons in turn, then ENOENT. */
	uint32_t wait_reasons[FAKE_MAX_WAITS];
	unsigned nwaits, wait_pos;
	/* What the tool did. */
	struct fake_call calls[FAKE_MAX_CALLS];
	unsigned ncalls;
	unsigned nr_count[16];
	int opens, closes;
	int bad_request;		/* a request broke the ABI rules */
	uint64_t log_len_seen;
	uint32_t log_clear_seen;
	int log_reads, stats_reads, info_reads;
	/* EVTCHN_ALLOC_UNBOUND: -errno for all, else ports from 1. */
	int evtchn_err;
	unsigned evtchn_allocs;
	uint32_t evtchn_domid;
};

struct fake_host {
	int uname_err;
	struct utsname uts;
	const char *meminfo;		/* NULL: -ENOENT */
	const char *present;		/* NULL: -ENOENT */
	const char *online;		/* NULL: -ENOENT */
	const char *stat;		/* /proc/stat; NULL: -ENOENT */
	const char *uuid;		/* /proc/sys/kernel/random/uuid */
};

/* Process operations: no fork, no sleep, a fixed pid. */
struct fake_sys {
	int daemonize_ret;		/* 1: "the caller", as in a real parent */
	int daemonizes;
	char daemon_name[HOIST_NAME_MAX];
	unsigned slept;			/* seconds, summed */
};

extern struct fake_dev fake_dev;
extern struct fake_host fake_host;
extern struct fake_sys fake_sys;
extern const struct hoist_dev_ops fake_dev_ops;
extern const struct host_ops fake_host_ops;
extern const struct sys_ops fake_sys_ops;

#define FAKE_PID	4242

/* Adds a domain as if created and running; returns it. */
struct fake_dom *fake_add_domain(const char *name, uint32_t flags,
				 uint64_t mem_kb, uint32_t vcpus,
				 uint64_t cpu_ns);
/* The domain ioctls (test_tools_fake_domains.c): record, then answer. */
void fake_record(unsigned nr, void *arg);
int fake_domain_ioctl(unsigned nr, void *arg);
/* Both, under the fake's lock, with the failure fail_nr/fail_nth. */
int fake_domain_request(unsigned nr, void *arg);
/* The live domain with that id, or NULL. */
struct fake_dom *fake_find(uint32_t domid);
/*
 * More console output from a running domain (another thread may be
 * blocked reading it); end: the domain is gone once it has been read.
 * The domain ioctls hold a lock, so this is safe while one runs.
 */
void fake_console_push(struct fake_dom *d, const char *text, int end);
/* Copies d's console input so far (under the lock); returns its length. */
size_t fake_console_input(struct fake_dom *d, char *buf, size_t size);
/* The calls as a string of numbers, "4 5 5 6 9", for sequence checks. */
const char *fake_call_seq(void);
struct fake_run;
/* An env on the fakes writing to memstreams (see fake_run). */
void fake_env(struct hoist_env *env, struct fake_run *run);
void fake_env_done(struct hoist_env *env);

/* A realistic hoisted 2-CPU machine (module loaded). */
void fake_reset(void);
/* cmocka setup hook calling fake_reset(). */
int fake_setup(void **state);

struct fake_run {
	int ret;
	char *out;			/* NUL-terminated */
	size_t out_len;
	char *err;
	size_t err_len;
};

/* Runs hoist_main("hoist", args..., NULL) against the fakes. */
void fake_run(struct fake_run *run, ...);
void fake_run_free(struct fake_run *run);

/* The sample /proc/meminfo and /proc/stat used by fake_reset(). */
extern const char fake_meminfo_text[];
extern const char fake_stat_text[];

/*
 * Synthetic kernels: an ELF64 (or ELF32) image with the given PT_LOADs
 * (file bytes are seg_byte(i) repeated), a PT_NOTE holding the Xen PVH
 * entry (note_size 8 or 4; 0: no note) and nothing else.  Returns the
 * malloc'd image and its size.
 */
struct fake_seg {
	uint64_t paddr, filesz, memsz;
};
#define fake_seg_byte(i)	((uint8_t)(0xA0 + (i)))
uint8_t *fake_elf(const struct fake_seg *segs, unsigned n, uint64_t entry,
		  unsigned note_size, int elf32, size_t *len);
/*
 * A bzImage as Linux builds one: setup sectors with the boot-protocol
 * header (version 2.15), then the payload: elf compressed with xz (the
 * x86 BCJ filter, LZMA2, CRC32, as scripts/xz_wrap.sh) when xz, else as
 * is, followed by the uncompressed size (u32).
 */
uint8_t *fake_bzimage(const uint8_t *elf, size_t elf_len, int xz,
		      size_t *len);
/* Writes data to a new temporary file; returns its malloc'd path. */
char *fake_temp_file(const void *data, size_t len);

/*
 * The fake xenstore (test_tools_fake_store.c); fake_reset() leaves it
 * empty with the daemon running.
 */
#define FAKE_STORE_MAX_NODES	128
#define FAKE_STORE_MAX_PERMS	4

struct fake_store_node {
	char path[128];
	char value[64];
	struct store_perm perms[FAKE_STORE_MAX_PERMS];
	unsigned nperms;
};

struct fake_store {
	int running;			/* open answers */
	int launch_starts;		/* launch makes it run */
	unsigned launches;
	struct fake_store_node nodes[FAKE_STORE_MAX_NODES];
	unsigned n;
	uint32_t tx;			/* the open transaction, 0: none */
	unsigned txs, commits, aborts;
	unsigned eagains;		/* commits to fail with EAGAIN */
	unsigned writes, plain_writes;	/* plain: outside a transaction */
	unsigned fail_write;		/* the nth write fails (ENOSPC) */
	unsigned rms;
	int introduce_err;
	uint32_t introduced, introduced_port, released;
	uint64_t introduced_gfn;
	unsigned introduces, releases;
	int opens, closes, opened;
	int bad_request;
};

extern struct fake_store fake_store;
extern const struct store_ops fake_store_ops;
void fake_store_reset(void);
struct fake_store_node *fake_store_find(const char *path);
/* Nodes whose path starts with prefix. */
unsigned fake_store_count(const char *prefix);
/* Sets a node as the daemon would (a guest's write, say). */
int fake_store_put(const char *path, const char *value);

/* The GUEST_OS note fake_elf() adds after the entry note ("linux"), or
 * NULL for none (fake_reset). */
extern const char *fake_elf_guest_os;

#endif /* TEST_TOOLS_FAKE_H */
