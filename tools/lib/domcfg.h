/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A parsed config turned into the domain to build, with xl's defaults
 * (see hoist.cfg(5) and domcfg.c for where each comes from) and Hoist's
 * limits checked, so that `hoist create -n` finds every problem that
 * does not need the hypervisor.
 */
#ifndef HOIST_TOOLS_DOMCFG_H
#define HOIST_TOOLS_DOMCFG_H

#include <stdint.h>
#include <stdio.h>
#include <hoist/ioctl.h>

#include "lib/cfg.h"
#include "lib/err.h"

#define DOMCFG_MEMORY_DEFAULT	32	/* MiB: libxl's default max_memkb */
#define DOMCFG_MEMORY_MIN	16	/* MiB: less cannot hold a Linux PVH guest */
/* MiB: 1 TiB, far beyond any host here (and no overflow in KiB or bytes) */
#define DOMCFG_MEMORY_MAX	(1024 * 1024)

enum dom_action {
	DOM_ACTION_DESTROY,
	DOM_ACTION_RESTART,
	DOM_ACTION_PRESERVE,
};

struct domcfg {
	char name[HOIST_NAME_MAX];
	uint64_t memory_mib;	/* what the guest gets */
	uint64_t maxmem_mib;	/* >= memory_mib; no ballooning yet */
	uint32_t vcpus;
	uint32_t maxvcpus;	/* >= vcpus; no vCPU hot-plug yet */
	uint32_t max_grant_frames;	/* 1 .. GNTTAB_MAX_FRAMES */
	char *kernel;		/* absolute path */
	char *ramdisk;		/* absolute path, or NULL */
	char *cmdline;		/* never NULL, may be "" */
	enum dom_action on_poweroff, on_reboot, on_watchdog, on_crash;
};

/*
 * Fills d from cfg.  source names the config in messages about a setting
 * that is missing.  Warnings ("hoist: warning: ...") go to warn.  0, or
 * -EINVAL/-ENOENT/-ENOMEM with the message in e; d needs domcfg_free()
 * either way.
 */
int domcfg_from_cfg(struct domcfg *d, const struct cfg *cfg,
		    const char *source, FILE *warn, struct errbuf *e);
void domcfg_free(struct domcfg *d);

/* The domain as a config file that parses back to the same domain. */
void domcfg_print(FILE *out, const struct domcfg *d);

/* "destroy", "restart", "preserve". */
const char *dom_action_name(enum dom_action a);
/* What to do after a shutdown with reason (SHUTDOWN_* in xen.h). */
enum dom_action domcfg_action_for(const struct domcfg *d, uint32_t reason);

/*
 * The rules /dev/hoist applies to names, plus two of the tool's: not
 * "Domain-0" (dom0's) and not all digits (it would read as an id).
 * 0 or -EINVAL with the reason in e ("name 'x': ...").
 */
int domcfg_check_name(const char *name, struct errbuf *e);

#endif /* HOIST_TOOLS_DOMCFG_H */
