/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fake /dev/hoist, host and process operations for the hoist tool's unit
 * tests.  The domain ioctls go to the fake hypervisor in
 * test_tools_fake_domains.c.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <linux/ioctl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_tools_fake.h"

struct fake_dev fake_dev;
struct fake_host fake_host;
struct fake_sys fake_sys;

#define FAKE_FD	42

/* The head of a real /proc/meminfo (Debian 12, 2 GiB QEMU guest). */
const char fake_meminfo_text[] =
	"MemTotal:        2014256 kB\n"
	"MemFree:         1717936 kB\n"
	"MemAvailable:    1801232 kB\n"
	"Buffers:            2136 kB\n"
	"Cached:           162820 kB\n"
	"SwapCached:            0 kB\n"
	"HugePages_Total:       0\n"
	"Hugepagesize:       2048 kB\n";

/* /proc/stat of an idle 2-CPU machine (first lines). */
const char fake_stat_text[] =
	"cpu  10132 153 21045 1573392 1044 0 1317 0 0 0\n"
	"cpu0 5066 76 10522 786696 522 0 658 0 0 0\n"
	"cpu1 5066 77 10523 786696 522 0 659 0 0 0\n"
	"intr 1234567 0 9 0 0\n"
	"ctxt 4567890\n";

static int fake_open(void)
{
	fake_dev.opens++;
	return fake_dev.open_err ? fake_dev.open_err : FAKE_FD;
}

static void fake_close(int fd)
{
	if (fd != FAKE_FD)
		fake_dev.bad_request = 1;
	fake_dev.closes++;
}

static int fake_log(struct hoist_log_req *req)
{
	size_t n;

	fake_dev.log_reads++;
	fake_dev.log_len_seen = req->len;
	fake_dev.log_clear_seen = req->clear;
	if (req->pad || req->len < 1 || req->len > HOIST_LOG_MAX ||
	    req->clear > 1 || !req->buf) {
		fake_dev.bad_request = 1;
		return -EINVAL;
	}
	if (fake_dev.log_err)
		return fake_dev.log_err;
	n = fake_dev.log_len < req->len ? fake_dev.log_len : req->len;
	memcpy((void *)(uintptr_t)req->buf, fake_dev.log, n);
	req->copied = fake_dev.log_overclaim ? req->len + 1 : n;
	return 0;
}

static int fake_stats(struct hoist_stats_req *req)
{
	struct hoist_cpu_stats *s;

	fake_dev.stats_reads++;
	fake_dev.stats_flags_seen = req->flags;
	if (req->flags & ~HOIST_STATS_RESET_MAX) {
		fake_dev.bad_request = 1;
		return -EINVAL;
	}
	if (fake_dev.stats_err)
		return fake_dev.stats_err;
	if (req->cpu >= fake_dev.stats_cpus || req->cpu >= FAKE_MAX_CPUS)
		return -EINVAL;
	s = &fake_dev.stats[req->cpu];
	req->stats = *s;
	/* As the hypervisor: the longest hypercall starts afresh. */
	if (req->flags & HOIST_STATS_RESET_MAX) {
		s->hc_max_ns = 0;
		s->hc_max_nr = 0;
	}
	return 0;
}

static int fake_evtchn_alloc(struct hoist_evtchn_alloc *req)
{
	fake_dev.evtchn_allocs++;
	if (req->port)
		fake_dev.bad_request = 1;
	if (fake_dev.evtchn_err)
		return fake_dev.evtchn_err;
	if (!fake_find(req->domid))
		return -ENOENT;
	fake_dev.evtchn_domid = req->domid;
	req->port = fake_dev.evtchn_allocs;
	return 0;
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	unsigned nr = _IOC_NR(req);

	if (fd != FAKE_FD) {
		fake_dev.bad_request = 1;
		return -EBADF;
	}
	if (nr >= FAKE_CREATE && nr <= FAKE_CONSOLE_WRITE)
		return fake_domain_request(nr, arg);
	switch (req) {
	case HOIST_IOC_INFO:
		fake_dev.info_reads++;
		if (fake_dev.info_err)
			return fake_dev.info_err;
		memcpy(arg, &fake_dev.info, sizeof(fake_dev.info));
		return 0;
	case HOIST_IOC_LOG_READ:
		return fake_log(arg);
	case HOIST_IOC_CPU_STATS:
		return fake_stats(arg);
	case HOIST_IOC_EVTCHN_ALLOC_UNBOUND:
		return fake_evtchn_alloc(arg);
	default:
		fake_dev.bad_request = 1;
		return -ENOTTY;
	}
}

const struct hoist_dev_ops fake_dev_ops = {
	.open = fake_open,
	.ioctl = fake_ioctl,
	.close = fake_close,
};

static int fake_uname(struct utsname *uts)
{
	if (fake_host.uname_err)
		return fake_host.uname_err;
	*uts = fake_host.uts;
	return 0;
}

static long fake_read_file(const char *path, char *buf, size_t size)
{
	const char *text = NULL;
	size_t n;

	if (!strcmp(path, HOST_MEMINFO))
		text = fake_host.meminfo;
	else if (!strcmp(path, HOST_CPU_PRESENT))
		text = fake_host.present;
	else if (!strcmp(path, HOST_CPU_ONLINE))
		text = fake_host.online;
	else if (!strcmp(path, HOST_PROC_STAT))
		text = fake_host.stat;
	else if (!strcmp(path, "/proc/sys/kernel/random/uuid"))
		text = fake_host.uuid;
	if (!text)
		return -ENOENT;
	n = strlen(text);
	if (n > size - 1)
		n = size - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return (long)n;
}

const struct host_ops fake_host_ops = {
	.uname = fake_uname,
	.read_file = fake_read_file,
};

static void fake_cpu_stats(struct hoist_cpu_stats *s, uint32_t cpu,
			   uint64_t scale)
{
	unsigned i;

	memset(s, 0, sizeof(*s));
	s->exits[HOIST_STAT_CPUID] = 1520 * scale;
	s->exits[HOIST_STAT_VMMCALL] = 37 * scale;
	s->exits[HOIST_STAT_MSR] = 88 * scale;
	s->exits[HOIST_STAT_NPF] = 3 * scale;
	s->exits[HOIST_STAT_SVM_INSN] = 0;
	s->exits[HOIST_STAT_INIT] = cpu ? 1 : 0;
	s->exits[HOIST_STAT_SHUTDOWN] = 0;
	s->exits[HOIST_STAT_HLT] = 12 * scale;
	s->exits[HOIST_STAT_IOIO] = 4 * scale;
	s->exits[HOIST_STAT_OTHER] = 5 * scale;
	for (i = 0; i < HOIST_STAT_NR; i++)
		s->exits_total += s->exits[i];
	s->hypercalls = 37 * scale;
	s->hv_access_blocked = 0;
	s->refused = cpu ? 2 : 0;
	s->hc_max_ns = 41250 * scale;
	s->hc_max_nr = HOIST_HC_INFO;
	s->cpu = cpu;
	s->hoisted = 1;
}

static int fake_daemonize(const char *name)
{
	fake_sys.daemonizes++;
	snprintf(fake_sys.daemon_name, sizeof(fake_sys.daemon_name), "%s",
		 name);
	return fake_sys.daemonize_ret;
}

static void fake_sleep(unsigned seconds)
{
	fake_sys.slept += seconds;
}

static long fake_getpid(void)
{
	return FAKE_PID;
}

const struct sys_ops fake_sys_ops = {
	.daemonize = fake_daemonize,
	.sleep = fake_sleep,
	.getpid = fake_getpid,
};

void fake_reset(void)
{
	uint32_t cpu;
	unsigned i;

	for (i = 0; i < FAKE_MAX_DOMS; i++)
		free(fake_dev.doms[i].mem);
	memset(&fake_dev, 0, sizeof(fake_dev));
	memset(&fake_host, 0, sizeof(fake_host));
	memset(&fake_sys, 0, sizeof(fake_sys));
	fake_dev.next_domid = 1;
	fake_sys.daemonize_ret = 1;
	fake_store_reset();
	fake_elf_guest_os = NULL;
	fake_host.uuid = "5b5a4b1e-0f3c-4d2a-9b1e-2f6c7d8e9a0b\n";

	fake_dev.info.version = HOIST_VERSION_CODE;
	fake_dev.info.nr_cpus = 2;
	fake_dev.info.cpus_hoisted = 2;
	fake_dev.info.cpus_present = 2;
	fake_dev.info.domains = 1;
	fake_dev.info.npt_levels = 5;
	fake_dev.info.hv_pages_total = 8192;		/* 32 MiB */
	fake_dev.info.hv_pages_free = 6000;		/* 23.4 MiB */
	fake_dev.info.hv_chunks = 16;
	fake_dev.info.hv_chunks_load = 4;
	fake_dev.info.hv_chunks_max = 1024;		/* 2 GiB */
	fake_dev.info.hv_chunks_added = 14;
	fake_dev.info.hv_chunks_returned = 2;
	fake_dev.info.log_size = 812;
	fake_dev.info.hv_access_blocked = 0;
	fake_dev.info.max_phys_bits = 40;
	fake_dev.info.asids = 16;
	/* QEMU TCG -cpu max: NPT, VGIF, SVME_ADDR_CHK. */
	fake_dev.info.svm_features = (1u << 0) | (1u << 16) | (1u << 28);
	strcpy(fake_dev.info.extra, HOIST_VERSION_EXTRA);
	fake_dev.stats_cpus = 2;
	for (cpu = 0; cpu < FAKE_MAX_CPUS; cpu++)
		fake_cpu_stats(&fake_dev.stats[cpu], cpu, cpu + 1);

	strcpy(fake_host.uts.sysname, "Linux");
	strcpy(fake_host.uts.nodename, "dom0");
	strcpy(fake_host.uts.release, "6.1.0-56-amd64");
	strcpy(fake_host.uts.version,
	       "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2");
	strcpy(fake_host.uts.machine, "x86_64");
	fake_host.meminfo = fake_meminfo_text;
	fake_host.present = "0-1\n";
	fake_host.online = "0-1\n";
	fake_host.stat = fake_stat_text;
}

int fake_setup(void **state)
{
	(void)state;
	fake_reset();
	return 0;
}

void fake_run(struct fake_run *run, ...)
{
	char *argv[16];
	int argc = 0;
	struct hoist_env env;
	va_list ap;
	char *arg;

	argv[argc++] = "hoist";
	va_start(ap, run);
	while ((arg = va_arg(ap, char *)) && argc < 15)
		argv[argc++] = arg;
	va_end(ap);
	argv[argc] = NULL;

	fake_env(&env, run);
	run->ret = hoist_main(&env, argc, argv);
	fake_env_done(&env);
}

void fake_env(struct hoist_env *env, struct fake_run *run)
{
	memset(run, 0, sizeof(*run));
	memset(env, 0, sizeof(*env));
	env->dev = &fake_dev_ops;
	env->host = &fake_host_ops;
	env->sys = &fake_sys_ops;
	env->store = &fake_store_ops;
	env->in_fd = -1;
	env->out = open_memstream(&run->out, &run->out_len);
	env->err = open_memstream(&run->err, &run->err_len);
	if (!env->out || !env->err)
		abort();
}

void fake_env_done(struct hoist_env *env)
{
	fclose(env->out);
	fclose(env->err);
}

void fake_run_free(struct fake_run *run)
{
	free(run->out);
	free(run->err);
}
