// SPDX-License-Identifier: GPL-2.0
/*
 * dom-smoke: drives the domain ioctls directly, below the toolstack, with
 * tiny hand-assembled 32-bit guests:
 *   hello   prints "Hi" to port 0xE9 and halts   -> console "Hi", vCPU blocked
 *   spin    loops forever                         -> vCPU running, CPU time grows
 *   badmem  reads guest-physical 1 GiB            -> domain crashed (reason 3)
 * Usage: dom-smoke KIND [-n CYCLES] [-m MEM_KB] [-k]   (-k: keep the domain)
 *        dom-smoke pages    prints hv_pages_free=N (exact pool accounting)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <hoist/ioctl.h>

static const unsigned char hello[] = {
	0xb0, 'H', 0xe6, 0xe9, 0xb0, 'i', 0xe6, 0xe9, 0xb0, '\n', 0xe6, 0xe9,
	0xf4, 0xeb, 0xfd,		/* hlt; jmp hlt */
};
static const unsigned char spin[] = { 0xeb, 0xfe };	/* jmp . */
static const unsigned char badmem[] = {
	0xa1, 0x00, 0x00, 0x00, 0x40,	/* mov eax, [0x40000000] */
	0xb0, '!', 0xe6, 0xe9, 0xf4,	/* survived?! say so */
};

static int fd;

static int xioctl(unsigned long cmd, void *arg, const char *what)
{
	if (ioctl(fd, cmd, arg) == 0)
		return 0;
	fprintf(stderr, "dom-smoke: %s: %s\n", what, strerror(errno));
	return -1;
}

static int info(unsigned int domid, struct hoist_domain_info *out)
{
	struct hoist_domain_info all[HOIST_MAX_DOMAINS];
	struct hoist_domain_list l = { .max = HOIST_MAX_DOMAINS,
				       .buf = (unsigned long)all };

	if (xioctl(HOIST_IOC_DOMAIN_LIST, &l, "list"))
		return -1;
	for (unsigned int i = 0; i < l.count && i < l.max; i++)
		if (all[i].domid == domid) {
			*out = all[i];
			return 0;
		}
	return -1;
}

static int one(const char *kind, unsigned long mem_kb, int keep)
{
	const unsigned char *code = !strcmp(kind, "spin") ? spin :
				    !strcmp(kind, "badmem") ? badmem : hello;
	size_t len = code == spin ? sizeof(spin) : code == badmem ?
		     sizeof(badmem) : sizeof(hello);
	struct hoist_domain_create c = { .mem_kb = mem_kb, .vcpus = 1 };
	struct hoist_domain_write w = { 0 };
	struct hoist_domain_boot b = { 0 };
	struct hoist_domid id = { 0 };
	struct hoist_vcpu_info vi;
	struct hoist_vcpu_list vl = { .max = 1, .buf = (unsigned long)&vi };
	struct hoist_domain_info di;
	char out[256] = "";
	struct hoist_console_read cr = { .nonblock = 1,
					 .buf = (unsigned long)out,
					 .len = sizeof(out) - 1 };

	snprintf(c.name, sizeof(c.name), "smoke-%s-%d", kind, getpid());
	if (xioctl(HOIST_IOC_DOMAIN_CREATE, &c, "create"))
		return 1;
	w.domid = c.domid;
	w.gpa = 0x100000;
	w.buf = (unsigned long)code;
	w.len = len;
	b.domid = c.domid;
	b.entry = 0x100000;
	id.domid = c.domid;
	if (xioctl(HOIST_IOC_DOMAIN_WRITE, &w, "write") ||
	    xioctl(HOIST_IOC_DOMAIN_BOOT, &b, "boot") ||
	    xioctl(HOIST_IOC_DOMAIN_UNPAUSE, &id, "unpause"))
		return 1;
	usleep(300000);
	vl.domid = c.domid;
	cr.domid = c.domid;
	if (xioctl(HOIST_IOC_VCPU_LIST, &vl, "vcpu-list") ||
	    xioctl(HOIST_IOC_CONSOLE_READ, &cr, "console") || info(c.domid, &di))
		return 1;
	out[cr.copied] = 0;
	printf("domid=%u flags=0x%x reason=%u vcpu_state=%u cpu=%d time_ns=%llu console=%s",
	       c.domid, di.flags, di.shutdown_reason, vi.state, vi.cpu,
	       (unsigned long long)vi.cpu_time_ns, cr.copied ? out : "(none)\n");
	if (!keep && xioctl(HOIST_IOC_DOMAIN_DESTROY, &id, "destroy"))
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long mem_kb = 16384, n = 1;
	int keep = 0, opt;

	while ((opt = getopt(argc, argv, "n:m:k")) != -1) {
		if (opt == 'n')
			n = strtoul(optarg, NULL, 0);
		else if (opt == 'm')
			mem_kb = strtoul(optarg, NULL, 0);
		else if (opt == 'k')
			keep = 1;
		else
			return 2;
	}
	if (optind >= argc)
		return 2;
	fd = open(HOIST_DEVICE, O_RDWR);
	if (fd < 0) {
		perror(HOIST_DEVICE);
		return 1;
	}
	if (!strcmp(argv[optind], "pages")) {
		struct hoist_info hi;

		if (xioctl(HOIST_IOC_INFO, &hi, "info"))
			return 1;
		printf("hv_pages_free=%llu\n", (unsigned long long)hi.hv_pages_free);
		return 0;
	}
	for (unsigned long i = 0; i < n; i++)
		if (one(argv[optind], mem_kb, keep))
			return 1;
	return 0;
}
