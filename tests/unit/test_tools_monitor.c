/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: the domain monitor (tools/monitor.c) against the fake
 * hypervisor, whose DOMAIN_WAIT answers with scripted shutdown reasons
 * and then ENOENT.  The log lines are xl's (xl_vmcontrol.c).
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
#include <hoist/xen.h>

#include "test_tools_fake.h"

static char *kernel;
static struct domcfg dcfg;
static struct hoist_env env;
static struct hoist_dev dev;
static struct fake_run run;

/* A running "hello" (domid 1) with these extra config lines. */
static void start(const char *extra)
{
	const struct fake_seg seg = { 0x100000, 0x100, 0x100 };
	struct errbuf e;
	struct cfg cfg;
	uint32_t domid;
	char text[512];
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);

	kernel = fake_temp_file(k, len);
	free(k);
	snprintf(text, sizeof(text), "name='hello'\nkernel='%s'\n%s", kernel,
		 extra);
	cfg_init(&cfg);
	assert_int_equal(cfg_parse(&cfg, "t.cfg", text, strlen(text), &e), 0);
	assert_int_equal(domcfg_from_cfg(&dcfg, &cfg, "t.cfg", stderr, &e), 0);
	cfg_free(&cfg);
	fake_env(&env, &run);
	assert_int_equal(hoist_dev_open(&dev, env.dev), 0);
	assert_int_equal(domain_build(&env, &dev, &dcfg, &domid, &e), 0);
	assert_int_equal(domain_start(&env, &dev, &dcfg, domid, &e), 0);
	assert_int_equal(domid, 1);
	fake_dev.ncalls = 0;	/* from here on: what the monitor does */
}

static void waits(unsigned n, const uint32_t *reasons)
{
	memcpy(fake_dev.wait_reasons, reasons, n * sizeof(*reasons));
	fake_dev.nwaits = n;
}

/* Runs the monitor; returns its log. */
static const char *monitor(int expect_ret)
{
	assert_int_equal(monitor_run(&env, &dev, &dcfg, 1), expect_ret);
	fflush(env.err);
	return run.err;
}

static int teardown(void **state)
{
	(void)state;
	hoist_dev_close(&dev);
	fake_env_done(&env);
	fake_run_free(&run);
	domcfg_free(&dcfg);
	unlink(kernel);
	free(kernel);
	return 0;
}

static void test_reboot_then_poweroff(void **state)
{
	const uint32_t r[] = { SHUTDOWN_reboot, SHUTDOWN_poweroff };

	(void)state;
	start("");
	waits(2, r);
	assert_string_equal(monitor(0),
		"Waiting for domain hello (domid 1) to die [pid 4242]\n"
		"Domain 1 has shut down, reason code 1 0x1\n"
		"Action for shutdown reason code 1 is restart\n"
		"Domain 1 needs to be cleaned up: destroying the domain\n"
		"Done. Rebooting now\n"
		"Waiting for domain hello (domid 2) to die [pid 4242]\n"
		"Domain 2 has shut down, reason code 0 0x0\n"
		"Action for shutdown reason code 0 is destroy\n"
		"Domain 2 needs to be cleaned up: destroying the domain\n"
		"Done. Exiting now\n");
	/* WAIT, DESTROY, the whole build again, WAIT, DESTROY. */
	assert_string_equal(fake_call_seq(), "13 9 4 5 5 6 7 13 9");
	assert_int_equal(fake_dev.calls[2].domid, 2);	/* same name, new id */
	assert_null(fake_find(1));
	assert_null(fake_find(2));
	assert_int_equal(fake_sys.slept, 1);
	assert_int_equal(fake_dev.bad_request, 0);
}

static void test_restart_keeps_going(void **state)
{
	const uint32_t r[] = { SHUTDOWN_crash, SHUTDOWN_reboot,
			       SHUTDOWN_watchdog };

	(void)state;
	start("on_crash = 'restart'\n");
	waits(3, r);
	monitor(0);
	/* crash: restart, reboot: restart, watchdog: destroy (default). */
	assert_string_equal(fake_call_seq(), "13 9 4 5 5 6 7 13 9 4 5 5 6 7 "
			    "13 9");
	assert_int_equal(fake_sys.slept, 2);
	assert_null(fake_find(3));
	assert_non_null(strstr(run.err, "Waiting for domain hello (domid 3) "
			       "to die"));
}

static void test_preserve(void **state)
{
	const uint32_t r[] = { SHUTDOWN_crash };
	struct fake_dom *d;

	(void)state;
	start("on_crash = 'preserve'\n");
	waits(1, r);
	assert_string_equal(monitor(0),
		"Waiting for domain hello (domid 1) to die [pid 4242]\n"
		"Domain 1 has shut down, reason code 3 0x3\n"
		"Action for shutdown reason code 3 is preserve\n"
		"Done. Exiting now\n");
	assert_string_equal(fake_call_seq(), "13");
	d = fake_find(1);
	assert_non_null(d);
	assert_int_equal(d->info.flags, HOIST_DOM_SHUTDOWN);
}

static void test_destroyed_elsewhere(void **state)
{
	(void)state;
	start("");
	assert_string_equal(monitor(0),
		"Waiting for domain hello (domid 1) to die [pid 4242]\n"
		"Domain 1 has been destroyed.\n");
	assert_string_equal(fake_call_seq(), "13");
}

static void test_suspend(void **state)
{
	const uint32_t r[] = { SHUTDOWN_suspend };

	(void)state;
	start("");
	waits(1, r);
	assert_string_equal(monitor(0),
		"Waiting for domain hello (domid 1) to die [pid 4242]\n"
		"Domain 1 has shut down, reason code 2 0x2\n"
		"Domain has suspended.\n"
		"Done. Exiting now\n");
	assert_non_null(fake_find(1));
}

static void test_destroyed_during_restart_delay(void **state)
{
	const uint32_t r[] = { SHUTDOWN_reboot };

	(void)state;
	start("");
	waits(1, r);
	/* `hoist destroy` got there first: no restart. */
	fake_dev.fail_nr = FAKE_DESTROY;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -ENOENT;
	assert_string_equal(monitor(0),
		"Waiting for domain hello (domid 1) to die [pid 4242]\n"
		"Domain 1 has shut down, reason code 1 0x1\n"
		"Action for shutdown reason code 1 is restart\n"
		"Domain 1 needs to be cleaned up: destroying the domain\n"
		"Domain 1 has been destroyed.\n");
	assert_string_equal(fake_call_seq(), "13 9");
	assert_int_equal(fake_sys.slept, 1);
}

static void test_restart_fails(void **state)
{
	const uint32_t r[] = { SHUTDOWN_reboot };

	(void)state;
	start("");
	waits(1, r);
	fake_dev.fail_nr = FAKE_CREATE;
	fake_dev.fail_nth = 2;
	fake_dev.fail_err = -ENOMEM;
	assert_string_equal(monitor(1),
		"Waiting for domain hello (domid 1) to die [pid 4242]\n"
		"Domain 1 has shut down, reason code 1 0x1\n"
		"Action for shutdown reason code 1 is restart\n"
		"Domain 1 needs to be cleaned up: destroying the domain\n"
		"Done. Rebooting now\n"
		"hoist: restarting 'hello': not enough free memory for 'hello': "
		"memory = 32 MiB asked, 1759 MiB free\n");
}

static void test_restart_kernel_gone(void **state)
{
	const uint32_t r[] = { SHUTDOWN_reboot };
	char want[256];

	(void)state;
	start("");
	waits(1, r);
	unlink(kernel);
	monitor(1);
	snprintf(want, sizeof(want), "hoist: restarting 'hello': kernel '%s': "
		 "No such file or directory\n", kernel);
	assert_non_null(strstr(run.err, want));
	assert_string_equal(fake_call_seq(), "13 9");
}

static void test_wait_error(void **state)
{
	(void)state;
	start("");
	fake_dev.fail_nr = FAKE_WAIT;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EIO;
	assert_string_equal(monitor(1),
		"Waiting for domain hello (domid 1) to die [pid 4242]\n"
		"hoist: waiting for domain 1: Input/output error\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_reboot_then_poweroff),
		T(test_restart_keeps_going),
		T(test_preserve),
		T(test_destroyed_elsewhere),
		T(test_suspend),
		T(test_destroyed_during_restart_delay),
		T(test_restart_fails),
		T(test_restart_kernel_gone),
		T(test_wait_error),
	};

	return cmocka_run_group_tests_name("tools_monitor", tests, NULL, NULL);
}
