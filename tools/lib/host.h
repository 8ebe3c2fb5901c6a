/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Facts about the host (dom0) the tool reports next to the hypervisor's:
 * uname, present CPUs, memory.  Reading goes through a table of operations
 * so tests can feed sample files; parsing is pure.
 */
#ifndef HOIST_TOOLS_HOST_H
#define HOIST_TOOLS_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/utsname.h>

#define HOST_MEMINFO		"/proc/meminfo"
#define HOST_CPU_PRESENT	"/sys/devices/system/cpu/present"
#define HOST_CPU_ONLINE		"/sys/devices/system/cpu/online"
#define HOST_PROC_STAT		"/proc/stat"
/* /proc/stat counts in USER_HZ, which is 100 on x86 whatever HZ is. */
#define HOST_USER_HZ		100u
/* More CPUs than any x86 Linux build supports (CONFIG_NR_CPUS <= 8192). */
#define HOST_MAX_CPUS		65536u

struct host_ops {
	int (*uname)(struct utsname *uts);	/* 0 or -errno */
	/* Whole file into buf, NUL-terminated, truncated to size - 1:
	 * bytes read or -errno. */
	long (*read_file)(const char *path, char *buf, size_t size);
};

/* uname(2) and read(2) on the real files (host_linux.c). */
extern const struct host_ops host_linux_ops;

struct host_facts {
	int have_uname;
	struct utsname uts;
	int have_cpus;
	uint32_t nr_cpus;	/* present CPUs */
	uint32_t max_cpu_id;	/* highest present CPU number */
	int have_mem;
	uint64_t total_kib;	/* MemTotal */
	uint64_t free_kib;	/* MemAvailable: what a new domain can get */
};

/*
 * Value of "field:" in /proc/meminfo text, in KiB.  0, -ENOENT (no such
 * line) or -EINVAL (malformed line).
 */
int meminfo_parse(const char *text, const char *field, uint64_t *kib);

/*
 * A Linux CPU list ("0-3,5,8-9\n") into cpus[], in the order written.
 * With cpus == NULL only counts.  *n gets the count.  0, -EINVAL (syntax)
 * or -E2BIG (more than cap, or than HOST_MAX_CPUS).
 */
int cpulist_parse(const char *text, uint32_t *cpus, size_t cap, size_t *n);

/*
 * Busy time of one line of /proc/stat ("cpu" for the sum, "cpu3" for CPU
 * 3), in USER_HZ ticks: user + nice + system + irq + softirq + steal.
 * Idle and iowait are left out (a Xen domain's time is the time its vCPUs
 * ran), and so are guest and guest_nice, which user and nice include.
 * 0, -ENOENT (no such line) or -EINVAL.
 */
int procstat_busy_ticks(const char *text, const char *cpu, uint64_t *ticks);

/* Fills what can be read; the have_* flags say what could. */
void host_facts_read(const struct host_ops *ops, struct host_facts *facts);

/* The present CPUs, malloc'd into *cpus (free it).  0 or -errno. */
int host_present_cpus(const struct host_ops *ops, uint32_t **cpus, size_t *n);
/* The same for the online CPUs. */
int host_online_cpus(const struct host_ops *ops, uint32_t **cpus, size_t *n);
/* A host file read whole into a malloc'd C string.  0 or -errno. */
int host_read_text(const struct host_ops *ops, const char *path, char **text);

#endif /* HOIST_TOOLS_HOST_H */
