// SPDX-License-Identifier: GPL-2.0
/*
 * gnt-test: dom0's side of the grant tests, through /dev/hoist, against
 * guests/grant (its refs: rw=8 ro=9 other=10 invalid=11 map=12
 * destroy=13).  Each command prints "gnt-test: ..." lines and exits 0 if
 * every check held, 1 (with the reason on stderr) at the first that did not.
 *
 *   gnt-test copy DOMID     copy out of ref 8 (data checked), into it
 *   gnt-test ro DOMID       ref 9: writable map EPERM, read-only map reads,
 *                           PROT_WRITE refused, copy into it denied
 *   gnt-test refuse DOMID   ref 10 (another domid), 11 (invalid), a bad
 *                           ref, a cross-page copy, no such domain
 *   gnt-test map DOMID [FILE]  map ref 12, write through it, wait for the
 *                           guest's ack; with FILE: map ref 9 read-only
 *                           too, print "mapped" and hold both until FILE
 *                           exists; then unmap
 *                           and tell the guest (copy into ref 8)
 *   gnt-test destroy DOMID [FILE]  map ref 13 (with FILE: print "mapped"
 *                           and wait until FILE exists), destroy the domain
 *                           meanwhile: the destroy completes, the mapping
 *                           then SIGBUSes
 *   gnt-test store 0        builds a domain (a halting guest) with a store
 *                           page: boots with a bad store page or port are
 *                           refused; grant 1 maps it, zeroed, writable,
 *                           and copies read what the map wrote; destroys it
 *   gnt-test bench DOMID [N]  N rounds of 32 4 KiB copies out of ref 8,
 *                           against memcpy: "bench: gntcopy X MB/s memcpy Y MB/s"
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <hoist/ioctl.h>
#include <hoist/layout.h>
#include <hoist/xen.h>

#define PAGE		4096
#define REF_RW		8
#define REF_RO		9
#define REF_OTHER	10
#define REF_INVALID	11
#define REF_MAP		12
#define REF_DESTROY	13

static int hfd;
static unsigned int domid;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "gnt-test: FAILED: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static uint8_t pat_a(unsigned int i) { return (uint8_t)(i * 7 + 3); }
static uint8_t pat_b(unsigned int i) { return (uint8_t)(i * 5 + 1); }
static uint8_t pat_e(unsigned int i) { return (uint8_t)(i * 3 + 2); }

/* GNT_MAP: the fd, or -errno. */
static int gmap(unsigned int dom, uint32_t ref, uint32_t flags)
{
	struct hoist_gnt_map m = { .domid = dom, .ref = ref, .flags = flags };

	if (ioctl(hfd, HOIST_IOC_GNT_MAP, &m))
		return -errno;
	return m.fd;
}

/* One copy segment between ref (at off) and buf, len bytes: its status. */
static int gcopy(unsigned int dom, uint32_t ref, uint16_t off, void *buf,
		 uint16_t len, int to_guest)
{
	struct hoist_gnt_copy_seg s;
	struct hoist_gnt_copy c = { .count = 1, .segs = (uintptr_t)&s };

	memset(&s, 0, sizeof(s));
	if (to_guest) {
		s.source.virt = (uintptr_t)buf;
		s.dest.foreign.ref = ref;
		s.dest.foreign.domid = dom;
		s.dest.foreign.offset = off;
		s.flags = GNTCOPY_dest_gref;
	} else {
		s.dest.virt = (uintptr_t)buf;
		s.source.foreign.ref = ref;
		s.source.foreign.domid = dom;
		s.source.foreign.offset = off;
		s.flags = GNTCOPY_source_gref;
	}
	s.len = len;
	s.status = 99;
	if (ioctl(hfd, HOIST_IOC_GNT_COPY, &c))
		die("GNT_COPY ioctl: %s", strerror(errno));
	return s.status;
}

static void expect_status(const char *what, int got, int want)
{
	if (got != want)
		die("%s: status %d, want %d", what, got, want);
	printf("gnt-test: %s: status %d\n", what, got);
}

static void expect_map_err(const char *what, int got, int want)
{
	if (got >= 0) {
		close(got);
		die("%s: mapped, want %s", what, strerror(-want));
	}
	if (got != want)
		die("%s: %s, want %s", what, strerror(-got), strerror(-want));
	printf("gnt-test: %s: %s\n", what, strerror(-got));
}

static int cmd_copy(void)
{
	static uint8_t buf[PAGE] __attribute__((aligned(PAGE)));
	static const char msg[] = "dom0-copy-in-ok!";

	memset(buf, 0, sizeof(buf));
	expect_status("copy out of ref 8", gcopy(domid, REF_RW, 0, buf, PAGE, 0),
		      GNTST_okay);
	for (unsigned int i = 0; i < PAGE; i++)
		if (buf[i] != pat_a(i))
			die("copy out: byte %u is %u, want %u", i, buf[i], pat_a(i));
	printf("gnt-test: copy out: 4096 bytes as the guest wrote them\n");
	/* A part of a page, at offsets on both sides. */
	memset(buf, 0, sizeof(buf));
	expect_status("copy 100 bytes at 1000 to 3000",
		      gcopy(domid, REF_RW, 1000, buf + 3000, 100, 0), GNTST_okay);
	for (unsigned int i = 0; i < 100; i++)
		if (buf[3000 + i] != pat_a(1000 + i))
			die("partial copy: byte %u wrong", i);
	memcpy(buf + 100, msg, 16);
	expect_status("copy into ref 8", gcopy(domid, REF_RW, 2048, buf + 100, 16, 1),
		      GNTST_okay);
	return 0;
}

static int cmd_ro(void)
{
	static uint8_t buf[PAGE] __attribute__((aligned(PAGE)));
	uint8_t *p;
	int fd;

	expect_map_err("writable map of read-only ref 9", gmap(domid, REF_RO, 0),
		       -EPERM);
	fd = gmap(domid, REF_RO, HOIST_GNT_MAP_RO);
	if (fd < 0)
		die("read-only map of ref 9: %s", strerror(-fd));
	if (mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) !=
	    MAP_FAILED || errno != EPERM)
		die("mmap PROT_WRITE of a read-only map: not EPERM (%s)",
		    strerror(errno));
	printf("gnt-test: mmap PROT_WRITE of read-only map: EPERM\n");
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap PROT_READ: %s", strerror(errno));
	if (mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0)
		die("mprotect to writable succeeded");
	for (unsigned int i = 0; i < PAGE; i++)
		if (p[i] != pat_b(i))
			die("read-only map: byte %u is %u, want %u", i, p[i], pat_b(i));
	printf("gnt-test: read-only map reads the guest's page\n");
	memset(buf, 0x5a, sizeof(buf));
	expect_status("copy into read-only ref 9",
		      gcopy(domid, REF_RO, 0, buf, 64, 1), GNTST_permission_denied);
	for (unsigned int i = 0; i < PAGE; i++)
		if (p[i] != pat_b(i))
			die("read-only page changed at %u", i);
	expect_status("copy out of read-only ref 9",
		      gcopy(domid, REF_RO, 0, buf, PAGE, 0), GNTST_okay);
	if (memcmp(buf, p, PAGE))
		die("copy out of ref 9 differs from its map");
	munmap(p, PAGE);
	close(fd);
	return 0;
}

static int cmd_refuse(void)
{
	static uint8_t buf[2 * PAGE] __attribute__((aligned(PAGE)));

	expect_map_err("map of ref 10 (granted to domain 5)",
		       gmap(domid, REF_OTHER, 0), -EPERM);
	expect_status("copy out of ref 10", gcopy(domid, REF_OTHER, 0, buf, 8, 0),
		      GNTST_permission_denied);
	expect_map_err("map of ref 11 (not granted)", gmap(domid, REF_INVALID, 0),
		       -EPERM);
	expect_status("copy out of ref 11", gcopy(domid, REF_INVALID, 0, buf, 8, 0),
		      GNTST_permission_denied);
	expect_map_err("map of ref 1000000", gmap(domid, 1000000, 0), -EINVAL);
	expect_status("copy of ref 1000000", gcopy(domid, 1000000, 0, buf, 8, 0),
		      GNTST_bad_gntref);
	expect_status("copy across the grant's page end",
		      gcopy(domid, REF_RW, 4000, buf, 200, 0), GNTST_bad_copy_arg);
	expect_status("copy across dom0's page end",
		      gcopy(domid, REF_RW, 0, buf + 4000, 200, 0), GNTST_bad_copy_arg);
	expect_map_err("map in domain 30000", gmap(30000, REF_RW, 0), -ENOENT);
	expect_status("copy from domain 30000", gcopy(30000, REF_RW, 0, buf, 8, 0),
		      GNTST_bad_domain);
	expect_map_err("map with bad flags", gmap(domid, REF_RW, 0x80), -EINVAL);
	return 0;
}

static int cmd_map(const char *hold)
{
	static uint8_t buf[PAGE] __attribute__((aligned(PAGE)));
	volatile uint64_t *p;
	int fd, i;

	fd = gmap(domid, REF_MAP, 0);
	if (fd < 0)
		die("map of ref 12: %s", strerror(-fd));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	p[0] = 0xd0d0;
	for (i = 0; i < 600 && p[1] != 0xac1; i++)
		usleep(100000);
	if (p[1] != 0xac1)
		die("no ack from the guest through the mapping");
	printf("gnt-test: guest saw our write and acked through the map\n");
	if (hold) {
		/* And a read-only map of ref 9 beside it, for the scan. */
		int rofd = gmap(domid, REF_RO, HOIST_GNT_MAP_RO);

		if (rofd < 0)
			die("read-only map of ref 9: %s", strerror(-rofd));
		printf("mapped\n");
		while (access(hold, F_OK))
			usleep(100000);
		close(rofd);
	}
	munmap((void *)p, PAGE);
	close(fd);	/* unmapped, every CPU flushed, before close returns */
	memcpy(buf, "dom0-unmapped-D!", 16);
	expect_status("tell the guest", gcopy(domid, REF_RW, 3072, buf, 16, 1),
		      GNTST_okay);
	return 0;
}

static sigjmp_buf jb;

static void on_sigbus(int sig)
{
	siglongjmp(jb, sig);
}

static int cmd_destroy(const char *hold)
{
	struct hoist_domid d = { .domid = domid };
	volatile uint8_t *p;
	struct timespec t0, t1;
	int fd, sig;

	fd = gmap(domid, REF_DESTROY, 0);
	if (fd < 0)
		die("map of ref 13: %s", strerror(-fd));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	for (unsigned int i = 0; i < PAGE; i++)
		if (p[i] != pat_e(i))
			die("ref 13: byte %u is %u, want %u", i, p[i], pat_e(i));
	printf("gnt-test: ref 13 mapped, the guest's data read\n");
	if (hold) {
		printf("mapped\n");
		while (access(hold, F_OK))
			usleep(100000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ioctl(hfd, HOIST_IOC_DOMAIN_DESTROY, &d))
		die("destroy with a map held: %s", strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("gnt-test: destroyed with the map held, in %ld ms\n",
	       (long)((t1.tv_sec - t0.tv_sec) * 1000 +
		      (t1.tv_nsec - t0.tv_nsec) / 1000000));
	signal(SIGBUS, on_sigbus);
	sig = sigsetjmp(jb, 1);
	if (!sig) {
		uint8_t v = p[0];

		die("read the page after destroy: %u", v);
	}
	printf("gnt-test: access after destroy: SIGBUS\n");
	sig = sigsetjmp(jb, 1);
	if (!sig) {
		p[1] = 1;
		die("wrote the page after destroy");
	}
	munmap((void *)p, PAGE);
	close(fd);
	return 0;
}

static void boot_refused(struct hoist_domain_boot b, const char *what)
{
	if (!ioctl(hfd, HOIST_IOC_DOMAIN_BOOT, &b))
		die("boot with %s accepted", what);
	if (errno != EINVAL)
		die("boot with %s: %s, want EINVAL", what, strerror(errno));
	printf("gnt-test: boot with %s: EINVAL\n", what);
}

static int cmd_store(void)
{
	static const unsigned char hlt[] = { 0xf4, 0xeb, 0xfd };
	static uint8_t buf[PAGE] __attribute__((aligned(PAGE)));
	struct hoist_domain_create c = { .mem_kb = 4096, .vcpus = 1,
					 .max_grant_frames = 1 };
	struct hoist_domain_write w = { .gpa = 0x100000, .len = sizeof(hlt),
					.buf = (uintptr_t)hlt };
	struct hoist_domain_boot b = { .entry = 0x100000,
				       .store_gfn = HOIST_GUEST_STORE_PFN,
				       .store_port = 5 };
	struct hoist_domid id;
	volatile uint8_t *p;
	int fd;

	snprintf(c.name, sizeof(c.name), "gnt-store-%d", getpid());
	if (ioctl(hfd, HOIST_IOC_DOMAIN_CREATE, &c))
		die("create: %s", strerror(errno));
	domid = c.domid;
	w.domid = b.domid = id.domid = c.domid;
	if (ioctl(hfd, HOIST_IOC_DOMAIN_WRITE, &w))
		die("write: %s", strerror(errno));
	boot_refused((struct hoist_domain_boot){ .domid = domid, .entry = b.entry,
						 .store_port = 5 },
		     "a store port but no store page");
	boot_refused((struct hoist_domain_boot){ .domid = domid, .entry = b.entry,
						 .store_gfn = 0x100, .store_port = 5 },
		     "the store page in RAM");
	boot_refused((struct hoist_domain_boot){ .domid = domid, .entry = b.entry,
						 .store_gfn = HOIST_GUEST_STORE_PFN },
		     "store port 0");
	boot_refused((struct hoist_domain_boot){ .domid = domid, .entry = b.entry,
						 .store_gfn = HOIST_GUEST_STORE_PFN,
						 .store_port = 4096 },
		     "store port 4096");
	if (ioctl(hfd, HOIST_IOC_DOMAIN_BOOT, &b))
		die("boot with the store page: %s", strerror(errno));
	fd = gmap(domid, GNTTAB_RESERVED_XENSTORE, 0);
	if (fd < 0)
		die("map of grant 1 (the store page): %s", strerror(-fd));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	for (unsigned int i = 0; i < PAGE; i++)
		if (p[i])
			die("store page byte %u is %u, not zero", i, p[i]);
	memcpy((void *)p + 100, "store-page", 10);
	munmap((void *)p, PAGE);
	close(fd);
	printf("gnt-test: grant 1 maps the zeroed store page, writable\n");
	expect_status("copy out of grant 1",
		      gcopy(domid, GNTTAB_RESERVED_XENSTORE, 100, buf, 10, 0),
		      GNTST_okay);
	if (memcmp(buf, "store-page", 10))
		die("copy of grant 1 does not read what the map wrote");
	expect_map_err("map of grant 0 (not seeded)", gmap(domid, 0, 0), -EPERM);
	expect_map_err("map of ref 512 (past the one frame)", gmap(domid, 512, 0),
		       -EINVAL);
	if (ioctl(hfd, HOIST_IOC_DOMAIN_DESTROY, &id))
		die("destroy: %s", strerror(errno));
	return 0;
}

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static int cmd_bench(unsigned int rounds)
{
	enum { BATCH = 32 };
	static uint8_t buf[BATCH][PAGE] __attribute__((aligned(PAGE)));
	static uint8_t src[BATCH][PAGE] __attribute__((aligned(PAGE)));
	struct hoist_gnt_copy_seg s[BATCH];
	struct hoist_gnt_copy c = { .count = BATCH, .segs = (uintptr_t)s };
	struct timespec t0, t1;
	double g, m, mb = (double)rounds * BATCH * PAGE / 1e6;

	memset(s, 0, sizeof(s));
	memset(buf, 1, sizeof(buf));
	memset(src, 2, sizeof(src));
	for (int i = 0; i < BATCH; i++) {
		s[i].dest.virt = (uintptr_t)buf[i];
		s[i].source.foreign.ref = REF_RW;
		s[i].source.foreign.domid = domid;
		s[i].len = PAGE;
		s[i].flags = GNTCOPY_source_gref;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned int r = 0; r < rounds; r++) {
		if (ioctl(hfd, HOIST_IOC_GNT_COPY, &c))
			die("GNT_COPY: %s", strerror(errno));
		for (int i = 0; i < BATCH; i++)
			if (s[i].status)
				die("copy %d: status %d", i, s[i].status);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	g = secs(&t0, &t1);
	/* (copy and map wrote at 2048 and 3072) */
	for (unsigned int i = 0; i < 2048; i++)
		if (buf[BATCH - 1][i] != pat_a(i))
			die("bench copy: data wrong at %u", i);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned int r = 0; r < rounds; r++) {
		for (int i = 0; i < BATCH; i++)
			memcpy(buf[i], src[i], PAGE);
		__asm__ volatile("" : : "r"(buf) : "memory");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	m = secs(&t0, &t1);
	printf("bench: gntcopy %.1f MB/s memcpy %.1f MB/s (%u x 32 x 4 KiB)\n",
	       mb / g, mb / m, rounds);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gnt-test copy|ro|refuse|map|destroy|store|bench DOMID [ARG]\n");
		return 2;
	}
	domid = strtoul(argv[2], NULL, 0);
	hfd = open("/dev/hoist", O_RDWR);
	if (hfd < 0)
		die("/dev/hoist: %s", strerror(errno));
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "copy"))
		return cmd_copy();
	if (!strcmp(argv[1], "ro"))
		return cmd_ro();
	if (!strcmp(argv[1], "refuse"))
		return cmd_refuse();
	if (!strcmp(argv[1], "map"))
		return cmd_map(argc > 3 ? argv[3] : NULL);
	if (!strcmp(argv[1], "destroy"))
		return cmd_destroy(argc > 3 ? argv[3] : NULL);
	if (!strcmp(argv[1], "store"))
		return cmd_store();
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc > 3 ? strtoul(argv[3], NULL, 0) : 200);
	fprintf(stderr, "gnt-test: unknown command %s\n", argv[1]);
	return 2;
}
