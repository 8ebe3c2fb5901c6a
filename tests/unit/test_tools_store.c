/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool and the xenstore, through the fake hypervisor and the fake
 * store: the layout libxl writes for a Linux guest (nodes, values,
 * permissions, one transaction, INTRODUCE after it), the store page and
 * port in DOMAIN_BOOT, starting the daemon, test guests without a store,
 * and nothing left in the store after destroy, a failed create or the
 * monitor's cleanup.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <hoist/layout.h>
#include <hoist/xen.h>

#include "test_tools_fake.h"

#define UUID	"5b5a4b1e-0f3c-4d2a-9b1e-2f6c7d8e9a0b"
#define DOM	"/local/domain/1"
#define VM	"/vm/" UUID

static char *linux_kernel, *test_kernel, *cfgfile, *testcfg;

static char *make_kernel(const char *os)
{
	const struct fake_seg seg = { 0x100000, 0x2000, 0x3000 };
	size_t len;
	uint8_t *k;
	char *path;

	fake_elf_guest_os = os;
	k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);
	fake_elf_guest_os = NULL;
	path = fake_temp_file(k, len);
	free(k);
	return path;
}

static char *make_cfg(const char *kernel, const char *extra)
{
	char text[1024];

	snprintf(text, sizeof(text), "name = \"deb\"\nkernel = \"%s\"\n"
		 "memory = 64\nvcpus = 2\n%s", kernel, extra);
	return fake_temp_file(text, strlen(text));
}

static int group_setup(void **state)
{
	(void)state;
	linux_kernel = make_kernel("linux");
	test_kernel = make_kernel(NULL);
	cfgfile = make_cfg(linux_kernel, "");
	testcfg = make_cfg(test_kernel, "");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	unlink(linux_kernel);
	unlink(test_kernel);
	unlink(cfgfile);
	unlink(testcfg);
	free(linux_kernel);
	free(test_kernel);
	free(cfgfile);
	free(testcfg);
	return 0;
}

/* The run went by the rules of both fakes and closed what it opened. */
static void clean_run(struct fake_run *r)
{
	assert_int_equal(fake_dev.bad_request, 0);
	assert_int_equal(fake_store.bad_request, 0);
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	assert_int_equal(fake_store.opens, fake_store.closes);
	assert_int_equal(fake_store.tx, 0);
	fake_run_free(r);
}

static void create_ok(const char *cfg)
{
	struct fake_run r;

	fake_run(&r, "create", cfg, NULL);
	if (r.ret)
		fprintf(stderr, "%s", r.err);
	assert_int_equal(r.ret, 0);
	clean_run(&r);
}

static const struct fake_store_node *node(const char *path)
{
	const struct fake_store_node *n = fake_store_find(path);

	if (!n)
		fail_msg("no node %s", path);
	return n;
}

/* value, then perms as "n0 r1" (owner and others first, as xenstore-ls). */
static void check_node(const char *path, const char *value, const char *perms)
{
	const struct fake_store_node *n = node(path);
	char got[64] = "";
	size_t len = 0;
	unsigned i;

	assert_string_equal(n->value, value);
	for (i = 0; i < n->nperms; i++) {
		uint32_t p = n->perms[i].perms;
		char c = p == (STORE_PERM_READ | STORE_PERM_WRITE) ? 'b' :
			 p == STORE_PERM_READ ? 'r' :
			 p == STORE_PERM_WRITE ? 'w' : 'n';

		len += snprintf(got + len, sizeof(got) - len, "%s%c%u",
				i ? " " : "", c, (unsigned)n->perms[i].domid);
	}
	if (strcmp(got, perms))
		fail_msg("%s: perms '%s', expected '%s'", path, got, perms);
}

static void test_layout(void **state)
{
	static const char *const guest_owned[] = {
		DOM "/control/shutdown", DOM "/control/feature-poweroff",
		DOM "/control/feature-reboot", DOM "/control/feature-suspend",
		DOM "/control/sysrq", DOM "/data", DOM "/drivers",
		DOM "/feature", DOM "/attr", DOM "/error", DOM "/device",
	};
	struct fake_dom *d;
	unsigned i;

	(void)state;
	create_ok(cfgfile);
	d = fake_find(1);
	assert_non_null(d);
	/* The store page and the port allocated for it reach DOMAIN_BOOT. */
	assert_int_equal(fake_dev.evtchn_allocs, 1);
	assert_int_equal(fake_dev.evtchn_domid, 1);
	assert_int_equal(d->store_gfn, HOIST_GUEST_STORE_PFN);
	assert_int_equal(d->store_gfn, 0xFEFFC);
	assert_int_equal(d->store_port, 1);
	assert_int_equal(d->max_grant_frames, GNTTAB_DEFAULT_MAX_FRAMES);
	assert_int_equal(d->info.flags, HOIST_DOM_RUNNING);
	/* One transaction, committed; nothing written outside it. */
	assert_int_equal(fake_store.txs, 1);
	assert_int_equal(fake_store.commits, 1);
	assert_int_equal(fake_store.plain_writes, 0);
	/* Then INTRODUCE with the page and the port. */
	assert_int_equal(fake_store.introduces, 1);
	assert_int_equal(fake_store.introduced, 1);
	assert_int_equal(fake_store.introduced_gfn, 0xFEFFC);
	assert_int_equal(fake_store.introduced_port, 1);

	check_node(DOM, "", "n0 r1");
	check_node(DOM "/domid", "1", "n0 r1");
	check_node(DOM "/name", "deb", "n0 r1");
	check_node(DOM "/vm", VM, "n0 r1");
	check_node(DOM "/memory/static-max", "65536", "n0 r1");
	check_node(DOM "/memory/target", "65536", "n0 r1");
	check_node(DOM "/store/port", "1", "n0 r1");
	check_node(DOM "/store/ring-ref", "1044476", "n0 r1");
	check_node(DOM "/cpu/0/availability", "online", "n0 r1");
	check_node(DOM "/cpu/1/availability", "online", "n0 r1");
	assert_null(fake_store_find(DOM "/cpu/2/availability"));
	check_node(DOM "/control", "", "n0 r1");
	check_node(DOM "/control/platform-feature-xs_reset_watches", "1",
		   "n0 r1");
	check_node(DOM "/control/platform-feature-multiprocessor-suspend",
		   "1", "n0 r1");
	for (i = 0; i < sizeof(guest_owned) / sizeof(guest_owned[0]); i++)
		check_node(guest_owned[i], "", "n1");
	check_node(VM, "", "n0 r1");
	check_node(VM "/uuid", UUID, "n0 r1");
	check_node(VM "/name", "deb", "n0 r1");
	check_node(VM "/memory", "64", "n0 r1");
	check_node(VM "/vcpus", "2", "n0 r1");
	/* And nothing else: 13 of dom0's, 11 of the guest's, 5 in /vm. */
	assert_int_equal(fake_store.n, 13 + 11 + 5);
}

static void test_max_grant_frames(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "create", cfgfile, "max_grant_frames=32", NULL);
	assert_int_equal(r.ret, 0);
	clean_run(&r);
	assert_int_equal(fake_find(1)->max_grant_frames, 32);
}

static void test_destroy_removes(void **state)
{
	struct fake_run r;

	(void)state;
	create_ok(cfgfile);
	/* The guest adds nodes of its own (it owns device, data, ...). */
	assert_int_equal(fake_store_put(DOM "/data/x", "1"), 0);
	assert_int_equal(fake_store_put(DOM "/control/feature-poweroff", "1"),
			 0);
	fake_run(&r, "destroy", "deb", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.err, "");
	clean_run(&r);
	assert_null(fake_find(1));
	assert_int_equal(fake_store.releases, 1);
	assert_int_equal(fake_store.released, 1);
	assert_int_equal(fake_store.n, 0);
}

/* Destroy with the daemon gone: the domain goes, the tree went with it. */
static void test_destroy_without_daemon(void **state)
{
	struct fake_run r;

	(void)state;
	create_ok(cfgfile);
	fake_store.running = 0;
	fake_run(&r, "destroy", "deb", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.err, "");
	clean_run(&r);
	assert_null(fake_find(1));
}

/* Each failure after DOMAIN_CREATE: no domain, no node, no introduce
 * left standing. */
static void create_fails(const char *msg)
{
	struct fake_run r;

	fake_run(&r, "create", cfgfile, NULL);
	assert_int_equal(r.ret, 1);
	if (!strstr(r.err, msg))
		fail_msg("stderr '%s' lacks '%s'", r.err, msg);
	clean_run(&r);
	assert_null(fake_find(1));
	assert_int_equal(fake_store.n, 0);
	assert_int_equal(fake_dev.nr_count[FAKE_DESTROY], 1);
	assert_int_equal(fake_dev.nr_count[FAKE_UNPAUSE], 0);
}

static void test_boot_fails_leaves_nothing(void **state)
{
	(void)state;
	fake_dev.fail_nr = FAKE_BOOT;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EINVAL;
	create_fails("booting 'deb': Invalid argument");
	assert_int_equal(fake_store.txs, 0);
	assert_int_equal(fake_store.introduces, 0);
}

static void test_write_fails_leaves_nothing(void **state)
{
	(void)state;
	fake_store.fail_write = 4;
	create_fails("create: creating 'deb': xenstore: writing " DOM
		     "/vm: No space left on device");
	assert_int_equal(fake_store.aborts, 1);
	assert_int_equal(fake_store.commits, 0);
	assert_int_equal(fake_store.introduces, 0);
}

static void test_introduce_fails_leaves_nothing(void **state)
{
	(void)state;
	fake_store.introduce_err = -EINVAL;
	create_fails("xenstore: introducing domain 1: Invalid argument");
	assert_int_equal(fake_store.commits, 1);
}

static void create_run_fails(void)
{
	struct fake_run r;

	fake_run(&r, "create", cfgfile, NULL);
	assert_int_equal(r.ret, 1);
	clean_run(&r);
}

static void test_unpause_fails_leaves_nothing(void **state)
{
	(void)state;
	fake_dev.fail_nr = FAKE_UNPAUSE;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EIO;
	create_run_fails();
	assert_null(fake_find(1));
	assert_int_equal(fake_store.introduces, 1);
	assert_int_equal(fake_store.releases, 1);
	assert_int_equal(fake_store.n, 0);
}

static void test_commit_retried(void **state)
{
	(void)state;
	fake_store.eagains = 2;
	create_ok(cfgfile);
	assert_int_equal(fake_store.txs, 3);
	assert_int_equal(fake_store.commits, 1);
	check_node(DOM "/name", "deb", "n0 r1");
	assert_int_equal(fake_store.n, 29);
}

/* A stale tree of the same domid (say, a crashed toolstack's) goes. */
static void test_stale_tree_replaced(void **state)
{
	(void)state;
	assert_int_equal(fake_store_put(DOM "/device/vbd/51712/state", "4"),
			 0);
	create_ok(cfgfile);
	assert_null(fake_store_find(DOM "/device/vbd/51712/state"));
	assert_int_equal(fake_store.n, 29);
}

static void test_daemon_started(void **state)
{
	(void)state;
	fake_store.running = 0;
	create_ok(cfgfile);
	assert_int_equal(fake_store.launches, 1);
	assert_int_equal(fake_store.introduces, 1);
}

static void test_daemon_cannot_start(void **state)
{
	(void)state;
	fake_store.running = 0;
	fake_store.launch_starts = 0;
	create_fails("create: creating 'deb': hoist-xenstored is not running "
		     "and could not be started: no such file");
	assert_int_equal(fake_store.launches, 1);
}

/* A freestanding test guest: no store, with or without a daemon. */
static void test_test_guest_no_store(void **state)
{
	struct fake_dom *d;

	(void)state;
	fake_store.running = 0;
	fake_store.launch_starts = 0;
	create_ok(testcfg);
	d = fake_find(1);
	assert_non_null(d);
	assert_int_equal(d->store_gfn, 0);
	assert_int_equal(d->store_port, 0);
	assert_int_equal(fake_dev.evtchn_allocs, 0);
	assert_int_equal(fake_store.launches, 0);
	assert_int_equal(fake_store.n, 0);
}

/* A module without event channels (before issue 13): no store. */
static void test_old_module_no_store(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.evtchn_err = -ENOTTY;
	fake_run(&r, "create", cfgfile, NULL);
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.err, "hoist: warning: the hoist module has "
			       "no event channels to dom0: 'deb' gets no "
			       "xenstore\n"));
	clean_run(&r);
	assert_int_equal(fake_find(1)->store_gfn, 0);
	assert_int_equal(fake_store.n, 0);
	assert_int_equal(fake_store.opens, 0);
}

static void test_evtchn_fails(void **state)
{
	(void)state;
	fake_dev.evtchn_err = -ENOSPC;
	create_fails("create: creating 'deb': the xenstore event channel: No "
		     "space left on device");
}

static void test_bad_uuid(void **state)
{
	(void)state;
	fake_host.uuid = "not-a-uuid\n";
	create_fails("/proc/sys/kernel/random/uuid: not a UUID");
}

/* The monitor's destroy after a poweroff removes the nodes too. */
static void test_monitor_cleanup(void **state)
{
	struct hoist_env env;
	struct fake_run run;
	struct hoist_dev dev;
	struct domcfg dcfg;
	struct errbuf e;
	struct cfg cfg;
	uint32_t domid;
	char text[512];

	(void)state;
	snprintf(text, sizeof(text), "name='deb'\nkernel='%s'\n", linux_kernel);
	cfg_init(&cfg);
	assert_int_equal(cfg_parse(&cfg, "t.cfg", text, strlen(text), &e), 0);
	assert_int_equal(domcfg_from_cfg(&dcfg, &cfg, "t.cfg", stderr, &e), 0);
	cfg_free(&cfg);
	fake_env(&env, &run);
	assert_int_equal(hoist_dev_open(&dev, env.dev), 0);
	assert_int_equal(domain_build(&env, &dev, &dcfg, &domid, &e), 0);
	assert_int_equal(domain_start(&env, &dev, &dcfg, domid, &e), 0);
	assert_int_equal(fake_store.n, 28);	/* one vCPU */
	fake_dev.wait_reasons[0] = SHUTDOWN_poweroff;
	fake_dev.nwaits = 1;
	assert_int_equal(monitor_run(&env, &dev, &dcfg, domid), 0);
	assert_null(fake_find(domid));
	assert_int_equal(fake_store.n, 0);
	hoist_dev_close(&dev);
	fake_env_done(&env);
	fake_run_free(&run);
	domcfg_free(&dcfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout, fake_setup),
		cmocka_unit_test_setup(test_max_grant_frames, fake_setup),
		cmocka_unit_test_setup(test_destroy_removes, fake_setup),
		cmocka_unit_test_setup(test_destroy_without_daemon, fake_setup),
		cmocka_unit_test_setup(test_boot_fails_leaves_nothing,
				       fake_setup),
		cmocka_unit_test_setup(test_write_fails_leaves_nothing,
				       fake_setup),
		cmocka_unit_test_setup(test_introduce_fails_leaves_nothing,
				       fake_setup),
		cmocka_unit_test_setup(test_unpause_fails_leaves_nothing,
				       fake_setup),
		cmocka_unit_test_setup(test_commit_retried, fake_setup),
		cmocka_unit_test_setup(test_stale_tree_replaced, fake_setup),
		cmocka_unit_test_setup(test_daemon_started, fake_setup),
		cmocka_unit_test_setup(test_daemon_cannot_start, fake_setup),
		cmocka_unit_test_setup(test_test_guest_no_store, fake_setup),
		cmocka_unit_test_setup(test_old_module_no_store, fake_setup),
		cmocka_unit_test_setup(test_evtchn_fails, fake_setup),
		cmocka_unit_test_setup(test_bad_uuid, fake_setup),
		cmocka_unit_test_setup(test_monitor_cleanup, fake_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
