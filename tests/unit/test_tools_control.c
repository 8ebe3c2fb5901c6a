/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist shutdown, reboot and sysrq against the fake store: the node
 * written and its value, the feature checks and xl's messages when a
 * guest has not announced them, -a, -w, and a daemon that is not running.
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
#include <cmocka.h>
#include <hoist/xen.h>

#include "test_tools_fake.h"

#define CTL(dom, node)	"/local/domain/" #dom "/control/" node

/* Guest domid with the control nodes a create writes; features as given
 * (the guest's own writes once xenbus is up). */
static void guest(const char *name, uint32_t domid, int poweroff,
		  int reboot)
{
	char path[128];

	assert_non_null(fake_add_domain(name, HOIST_DOM_RUNNING, 65536, 1, 0));
	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
		 (unsigned)domid);
	assert_int_equal(fake_store_put(path, ""), 0);
	snprintf(path, sizeof(path), "/local/domain/%u/control/sysrq",
		 (unsigned)domid);
	assert_int_equal(fake_store_put(path, ""), 0);
	snprintf(path, sizeof(path),
		 "/local/domain/%u/control/feature-poweroff", (unsigned)domid);
	assert_int_equal(fake_store_put(path, poweroff ? "1" : ""), 0);
	snprintf(path, sizeof(path),
		 "/local/domain/%u/control/feature-reboot", (unsigned)domid);
	assert_int_equal(fake_store_put(path, reboot ? "1" : ""), 0);
}

static const char *value(const char *path)
{
	const struct fake_store_node *n = fake_store_find(path);

	return n ? n->value : "(none)";
}

static void done(struct fake_run *r, int ret, const char *err)
{
	assert_string_equal(r->err, err);
	assert_string_equal(r->out, "");
	assert_int_equal(r->ret, ret);
	assert_int_equal(fake_dev.bad_request, 0);
	assert_int_equal(fake_store.bad_request, 0);
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	assert_int_equal(fake_store.opens, fake_store.closes);
	fake_run_free(r);
}

static void test_shutdown(void **state)
{
	struct fake_run r;

	(void)state;
	guest("deb", 1, 1, 1);
	fake_run(&r, "shutdown", "deb", NULL);
	done(&r, 0, "");
	assert_string_equal(value(CTL(1, "shutdown")), "poweroff");
	/* No wait without -w. */
	assert_int_equal(fake_dev.nr_count[FAKE_WAIT], 0);
}

static void test_shutdown_by_id_and_wait(void **state)
{
	struct fake_run r;

	(void)state;
	guest("deb", 1, 1, 1);
	fake_dev.wait_reasons[0] = SHUTDOWN_poweroff;
	fake_dev.nwaits = 1;
	fake_run(&r, "shutdown", "-w", "1", NULL);
	done(&r, 0, "");
	assert_string_equal(value(CTL(1, "shutdown")), "poweroff");
	assert_int_equal(fake_dev.nr_count[FAKE_WAIT], 1);
}

static void test_reboot(void **state)
{
	struct fake_run r;

	(void)state;
	guest("deb", 1, 1, 1);
	fake_run(&r, "reboot", "deb", NULL);
	done(&r, 0, "");
	assert_string_equal(value(CTL(1, "shutdown")), "reboot");
}

/* Not announced: nothing written, xl's words. */
static void test_no_feature(void **state)
{
	struct fake_run r;

	(void)state;
	guest("deb", 1, 0, 1);
	fake_run(&r, "shutdown", "deb", NULL);
	done(&r, 1, "PV control interface not available: external graceful "
	     "shutdown not possible.\nUse \"-F\" to fallback to ACPI power "
	     "event.\n");
	assert_string_equal(value(CTL(1, "shutdown")), "");
	fake_run(&r, "shutdown", "-F", "deb", NULL);
	done(&r, 1, "PV control interface not available: sending ACPI power "
	     "button event.\nhoist: shutdown: Hoist has no ACPI power button; "
	     "use 'hoist destroy'\n");
	assert_string_equal(value(CTL(1, "shutdown")), "");

	fake_store_put(CTL(1, "feature-poweroff"), "1");
	fake_store_put(CTL(1, "feature-reboot"), "0");
	fake_run(&r, "reboot", "deb", NULL);
	done(&r, 1, "PV control interface not available: external graceful "
	     "reboot not possible.\nUse \"-F\" to fallback to ACPI reset "
	     "event.\n");
	assert_string_equal(value(CTL(1, "shutdown")), "");
}

/* A domain without a store (a test guest) gets no node at all. */
static void test_no_store_nodes(void **state)
{
	struct fake_run r;

	(void)state;
	assert_non_null(fake_add_domain("t", HOIST_DOM_RUNNING, 65536, 1, 0));
	fake_run(&r, "shutdown", "t", NULL);
	assert_int_equal(r.ret, 1);
	fake_run_free(&r);
	fake_run(&r, "sysrq", "t", "s", NULL);
	done(&r, 1, "hoist: sysrq: domain 1 has no control/sysrq node (no "
	     "xenstore)\n");
	assert_int_equal(fake_store.n, 0);
}

static void test_all(void **state)
{
	struct fake_run r;

	(void)state;
	guest("a", 1, 1, 1);
	guest("b", 2, 1, 1);
	fake_dev.wait_reasons[0] = SHUTDOWN_poweroff;
	fake_dev.wait_reasons[1] = SHUTDOWN_poweroff;
	fake_dev.nwaits = 2;
	fake_run(&r, "shutdown", "-a", "-w", NULL);
	done(&r, 0, "");
	assert_string_equal(value(CTL(1, "shutdown")), "poweroff");
	assert_string_equal(value(CTL(2, "shutdown")), "poweroff");
	assert_int_equal(fake_dev.nr_count[FAKE_WAIT], 2);
}

static void test_daemon_not_running(void **state)
{
	struct fake_run r;

	(void)state;
	guest("deb", 1, 1, 1);
	fake_store.running = 0;
	fake_run(&r, "shutdown", "deb", NULL);
	done(&r, 1, "hoist: shutdown: hoist-xenstored is not running (its "
	     "socket does not answer: Connection refused)\n");
	fake_run(&r, "sysrq", "deb", "s", NULL);
	done(&r, 1, "hoist: sysrq: hoist-xenstored is not running (its "
	     "socket does not answer: Connection refused)\n");
	/* Never started behind the user's back outside create. */
	assert_int_equal(fake_store.launches, 0);
}

static void test_sysrq(void **state)
{
	struct fake_run r;

	(void)state;
	guest("deb", 1, 1, 1);
	fake_run(&r, "sysrq", "deb", "s", NULL);
	done(&r, 0, "");
	assert_string_equal(value(CTL(1, "sysrq")), "s");
}

static void test_usage(void **state)
{
	struct fake_run r;

	(void)state;
	guest("deb", 1, 1, 1);
	fake_run(&r, "sysrq", "deb", "ss", NULL);
	done(&r, 1, "hoist: sysrq: KEY must be one printable character, not "
	     "'ss'; try 'hoist help sysrq'\n");
	fake_run(&r, "sysrq", "deb", NULL);
	done(&r, 1, "hoist: sysrq: missing DOMAIN or KEY; try 'hoist help "
	     "sysrq'\n");
	fake_run(&r, "shutdown", "-x", "deb", NULL);
	done(&r, 1, "hoist: shutdown: unknown option '-x'; try 'hoist help "
	     "shutdown'\n");
	fake_run(&r, "shutdown", "-a", "deb", NULL);
	done(&r, 1, "hoist: shutdown: -a takes no DOMAIN; try 'hoist help "
	     "shutdown'\n");
	fake_run(&r, "reboot", NULL);
	done(&r, 1, "hoist: reboot: missing DOMAIN; try 'hoist help "
	     "reboot'\n");
	fake_run(&r, "shutdown", "nosuch", NULL);
	done(&r, 1, "hoist: Domain 'nosuch' does not exist.\n");
	fake_run(&r, "shutdown", "0", NULL);
	done(&r, 1, "hoist: shutdown: not shutting down Domain-0: it is the "
	     "system running hoist\n");
	/* Nothing was written by any of them. */
	assert_string_equal(value(CTL(1, "shutdown")), "");
	assert_string_equal(value(CTL(1, "sysrq")), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_shutdown, fake_setup),
		cmocka_unit_test_setup(test_shutdown_by_id_and_wait,
				       fake_setup),
		cmocka_unit_test_setup(test_reboot, fake_setup),
		cmocka_unit_test_setup(test_no_feature, fake_setup),
		cmocka_unit_test_setup(test_no_store_nodes, fake_setup),
		cmocka_unit_test_setup(test_all, fake_setup),
		cmocka_unit_test_setup(test_daemon_not_running, fake_setup),
		cmocka_unit_test_setup(test_sysrq, fake_setup),
		cmocka_unit_test_setup(test_usage, fake_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
