// SPDX-License-Identifier: GPL-2.0
/*
 * dom-stress: races every domain ioctl against every other.  THREADS
 * threads do OPS operations in all, each one at random on a few domain
 * names (stress0 .. stressN-1): create (1088 KiB or 2 MiB), write a tiny
 * guest into it (at 1 MiB, or with the megabyte below it: a long copy),
 * boot, pause, unpause, destroy, list, vcpu-list and a non-blocking
 * console read.  Losing a race is expected and counted
 * (ENOENT, EBUSY, EEXIST, EINVAL, EAGAIN); any other error is not.  At the
 * end it destroys every stress domain that is left.
 *
 * The guests, written at 1 MiB and run in 32-bit protected mode:
 *   hello  prints "Hi" on port 0xE9 and halts (dom-smoke's)
 *   spin   jmp . (dom-smoke's)
 *   fill   keeps writing a 64-bit secret over all of its memory but its
 *          code, like guests/pattern: with -p KEYED (the secret XOR
 *          0xaaaaaaaaaaaaaaaa, as hoist_hostile takes it) it computes the
 *          secret itself, so the secret is never in dom0's memory.
 *
 * Usage: dom-stress [-t THREADS] [-n OPS] [-d NAMES] [-p KEYED] [-w SECONDS]
 *   defaults: 4 threads, 10000 ops, 4 names, fill secret 0x5eed (keyed),
 *   -w: give up (exit 3) when no operation completes for that long (30).
 * Output: one line per operation kind with its results, then
 *   dom-stress: N ops in S s, U unexpected
 * Exit status: 0, 1 if an unexpected error was seen, 3 on a hang.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <hoist/ioctl.h>

#define MAX_THREADS	32
#define MAX_NAMES	16
#define GUEST_GPA	0x100000u

enum op { CREATE, WRITE, BOOT, PAUSE, UNPAUSE, DESTROY, LIST, VCPU_LIST,
	  CONSOLE, NR_OPS };
static const char *const op_names[NR_OPS] = {
	"create", "write", "boot", "pause", "unpause", "destroy", "list",
	"vcpu-list", "console",
};
/* Relative frequencies: enough creates and boots that domains exist. */
static const unsigned int op_weight[NR_OPS] = { 14, 14, 14, 9, 12, 10, 9, 9, 9 };

enum res { OK, E_NOENT, E_BUSY, E_EXIST, E_INVAL, E_AGAIN, E_OTHER, NR_RES };
static const char *const res_names[NR_RES] = {
	"ok", "ENOENT", "EBUSY", "EEXIST", "EINVAL", "EAGAIN", "unexpected",
};

static const unsigned char hello[] = {
	0xb0, 'H', 0xe6, 0xe9, 0xb0, 'i', 0xe6, 0xe9, 0xb0, '\n', 0xe6, 0xe9,
	0xf4, 0xeb, 0xfd,		/* hlt; jmp hlt */
};
static const unsigned char spin[] = { 0xeb, 0xfe };	/* jmp . */
/* Fills [0, 1 MiB) and [1 MiB + 4 KiB, 1 MiB + 64 KiB) with edx:eax. */
static unsigned char fill[] = {
	0xb8, 0, 0, 0, 0,			/* mov eax, keyed low */
	0x35, 0xaa, 0xaa, 0xaa, 0xaa,		/* xor eax, key */
	0xba, 0, 0, 0, 0,			/* mov edx, keyed high */
	0x81, 0xf2, 0xaa, 0xaa, 0xaa, 0xaa,	/* xor edx, key */
	0x31, 0xff,				/* outer: xor edi, edi */
	0x89, 0x07,				/* l1: mov [edi], eax */
	0x89, 0x57, 0x04,			/* mov [edi+4], edx */
	0x83, 0xc7, 0x08,			/* add edi, 8 */
	0x81, 0xff, 0x00, 0x00, 0x10, 0x00,	/* cmp edi, 0x100000 */
	0x72, 0xf0,				/* jb l1 */
	0xbf, 0x00, 0x10, 0x10, 0x00,		/* mov edi, 0x101000 */
	0x89, 0x07,				/* l2: mov [edi], eax */
	0x89, 0x57, 0x04,			/* mov [edi+4], edx */
	0x83, 0xc7, 0x08,			/* add edi, 8 */
	0x81, 0xff, 0x00, 0x00, 0x11, 0x00,	/* cmp edi, 0x110000 */
	0x72, 0xf0,				/* jb l2 */
	0xeb, 0xd7,				/* jmp outer */
};
#define FILL_KEYED_LO	1
#define FILL_KEYED_HI	11

static const struct {
	const unsigned char *code;
	size_t len;
} codes[] = {
	{ hello, sizeof(hello) }, { spin, sizeof(spin) }, { fill, sizeof(fill) },
};
static const uint64_t mem_sizes_kb[] = { 1088, 2048 };
/* Each code at 1 MiB after a megabyte of zeros (written from gpa 0). */
static unsigned char *images[3];

static int fd;
static unsigned int nthreads = 4, nnames = 4;
static unsigned long target_ops = 10000;
static atomic_ulong ops_started, ops_done;
static atomic_ulong counts[NR_OPS][NR_RES];
static atomic_int domids[MAX_NAMES];	/* last domid seen per name, -1 none */
static atomic_int stop;

static void name_of(unsigned int slot, char *buf, size_t len)
{
	snprintf(buf, len, "stress%u", slot);
}

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static enum res classify(enum op op, int err)
{
	switch (err) {
	case 0:
		return OK;
	case ENOENT:
		return E_NOENT;
	case EBUSY:
		return E_BUSY;
	case EEXIST:
		return E_EXIST;
	case EINVAL:
		return E_INVAL;
	case EAGAIN:
		return E_AGAIN;
	}
	fprintf(stderr, "dom-stress: %s: unexpected error %s (%d)\n",
		op_names[op], strerror(err), err);
	return E_OTHER;
}

static int xioctl(unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

static int do_op(enum op op, unsigned int slot, uint64_t *rnd)
{
	int id = atomic_load(&domids[slot]);
	struct hoist_domid d = { .domid = (uint32_t)id };
	int err;

	switch (op) {
	case CREATE: {
		struct hoist_domain_create c = {
			.mem_kb = mem_sizes_kb[next_rand(rnd) % 2], .vcpus = 1,
		};

		name_of(slot, c.name, sizeof(c.name));
		err = xioctl(HOIST_IOC_DOMAIN_CREATE, &c);
		if (!err)
			atomic_store(&domids[slot], (int)c.domid);
		return err;
	}
	case WRITE: {
		unsigned int k = next_rand(rnd) % 3;
		struct hoist_domain_write w = {
			.domid = d.domid, .gpa = GUEST_GPA,
			.buf = (uintptr_t)codes[k].code, .len = codes[k].len,
		};

		if (next_rand(rnd) % 2) {
			/* All of low memory and the code: a long copy to race. */
			w.gpa = 0;
			w.buf = (uintptr_t)images[k];
			w.len = GUEST_GPA + codes[k].len;
		}
		return id < 0 ? ENOENT : xioctl(HOIST_IOC_DOMAIN_WRITE, &w);
	}
	case BOOT: {
		struct hoist_domain_boot b = { .domid = d.domid,
					       .entry = GUEST_GPA };

		return id < 0 ? ENOENT : xioctl(HOIST_IOC_DOMAIN_BOOT, &b);
	}
	case PAUSE:
		return id < 0 ? ENOENT : xioctl(HOIST_IOC_DOMAIN_PAUSE, &d);
	case UNPAUSE:
		return id < 0 ? ENOENT : xioctl(HOIST_IOC_DOMAIN_UNPAUSE, &d);
	case DESTROY:
		if (id < 0)
			return ENOENT;
		err = xioctl(HOIST_IOC_DOMAIN_DESTROY, &d);
		if (!err)
			atomic_compare_exchange_strong(&domids[slot], &id, -1);
		return err;
	case LIST: {
		struct hoist_domain_info all[HOIST_MAX_DOMAINS];
		struct hoist_domain_list l = { .max = HOIST_MAX_DOMAINS,
					       .buf = (uintptr_t)all };

		return xioctl(HOIST_IOC_DOMAIN_LIST, &l);
	}
	case VCPU_LIST: {
		struct hoist_vcpu_info vi[HOIST_MAX_VCPUS];
		struct hoist_vcpu_list vl = { .domid = d.domid,
					      .max = HOIST_MAX_VCPUS,
					      .buf = (uintptr_t)vi };

		return id < 0 ? ENOENT : xioctl(HOIST_IOC_VCPU_LIST, &vl);
	}
	case CONSOLE: {
		char buf[256];
		struct hoist_console_read cr = { .domid = d.domid, .nonblock = 1,
						 .buf = (uintptr_t)buf,
						 .len = sizeof(buf) };

		return id < 0 ? ENOENT : xioctl(HOIST_IOC_CONSOLE_READ, &cr);
	}
	default:
		return EINVAL;
	}
}

static enum op pick_op(uint64_t *rnd)
{
	unsigned int total = 0, r, i;

	for (i = 0; i < NR_OPS; i++)
		total += op_weight[i];
	r = next_rand(rnd) % total;
	for (i = 0; r >= op_weight[i]; i++)
		r -= op_weight[i];
	return (enum op)i;
}

static void *worker(void *arg)
{
	uint64_t rnd = 0x9e3779b97f4a7c15ull * ((uintptr_t)arg + 1) ^
		       (uint64_t)time(NULL);

	while (!atomic_load(&stop) &&
	       atomic_fetch_add(&ops_started, 1) < target_ops) {
		enum op op = pick_op(&rnd);
		unsigned int slot = next_rand(&rnd) % nnames;

		atomic_fetch_add(&counts[op][classify(op, do_op(op, slot, &rnd))], 1);
		atomic_fetch_add(&ops_done, 1);
	}
	return NULL;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Destroy every stress domain left; the number that remain. */
static unsigned int cleanup(void)
{
	struct hoist_domain_info all[HOIST_MAX_DOMAINS];
	unsigned int left = 0;

	for (int round = 0; round < 5; round++) {
		struct hoist_domain_list l = { .max = HOIST_MAX_DOMAINS,
					       .buf = (uintptr_t)all };

		left = 0;
		if (xioctl(HOIST_IOC_DOMAIN_LIST, &l))
			return ~0u;
		for (unsigned int i = 0; i < l.count && i < l.max; i++) {
			struct hoist_domid d = { .domid = all[i].domid };

			if (strncmp(all[i].name, "stress", 6))
				continue;
			left++;
			if (xioctl(HOIST_IOC_DOMAIN_DESTROY, &d))
				fprintf(stderr, "dom-stress: cleanup: destroy %s (%u): %s\n",
					all[i].name, all[i].domid, strerror(errno));
		}
		if (!left)
			return 0;
	}
	return left;
}

int main(int argc, char **argv)
{
	pthread_t threads[MAX_THREADS];
	unsigned long keyed = 0x5eed, unexpected = 0, last = 0;
	unsigned int watchdog = 30, idle = 0, left;
	double t0;
	uint32_t lo, hi;
	int opt;

	while ((opt = getopt(argc, argv, "t:n:d:p:w:")) != -1) {
		if (opt == 't')
			nthreads = strtoul(optarg, NULL, 0);
		else if (opt == 'n')
			target_ops = strtoul(optarg, NULL, 0);
		else if (opt == 'd')
			nnames = strtoul(optarg, NULL, 0);
		else if (opt == 'p')
			keyed = strtoull(optarg, NULL, 0);
		else if (opt == 'w')
			watchdog = strtoul(optarg, NULL, 0);
		else
			return 2;
	}
	if (!nthreads || nthreads > MAX_THREADS || !nnames || nnames > MAX_NAMES)
		return 2;
	lo = (uint32_t)keyed;
	hi = (uint32_t)(keyed >> 32);
	memcpy(fill + FILL_KEYED_LO, &lo, 4);
	memcpy(fill + FILL_KEYED_HI, &hi, 4);
	for (unsigned int k = 0; k < 3; k++) {
		images[k] = calloc(1, GUEST_GPA + codes[k].len);
		if (!images[k])
			return 1;
		memcpy(images[k] + GUEST_GPA, codes[k].code, codes[k].len);
	}
	fd = open(HOIST_DEVICE, O_RDWR);
	if (fd < 0) {
		perror(HOIST_DEVICE);
		return 1;
	}
	for (unsigned int i = 0; i < MAX_NAMES; i++)
		atomic_init(&domids[i], -1);

	t0 = now();
	for (uintptr_t i = 0; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, worker, (void *)i)) {
			perror("pthread_create");
			return 1;
		}
	/* The watchdog: a stuck ioctl is a failure too. */
	while (atomic_load(&ops_done) < target_ops) {
		unsigned long done;

		sleep(1);
		done = atomic_load(&ops_done);
		idle = done == last ? idle + 1 : 0;
		last = done;
		if (idle >= watchdog) {
			printf("dom-stress: no progress for %u s after %lu ops: hang\n",
			       idle, done);
			fflush(stdout);
			_exit(3);
		}
	}
	for (unsigned int i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);

	printf("%-10s", "op");
	for (int r = 0; r < NR_RES; r++)
		printf(" %10s", res_names[r]);
	printf("\n");
	for (int o = 0; o < NR_OPS; o++) {
		printf("%-10s", op_names[o]);
		for (int r = 0; r < NR_RES; r++)
			printf(" %10lu", atomic_load(&counts[o][r]));
		printf("\n");
		unexpected += atomic_load(&counts[o][E_OTHER]);
	}
	left = cleanup();
	if (left) {
		printf("dom-stress: %u stress domains could not be destroyed\n", left);
		unexpected++;
	}
	printf("dom-stress: %lu ops in %.1f s, %lu unexpected\n",
	       atomic_load(&ops_done), now() - t0, unexpected);
	return unexpected ? 1 : 0;
}
