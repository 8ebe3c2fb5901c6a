/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: list and vcpu-list.  The expected lines were produced from
 * xl's own format strings (xl_info.c list_domains, xl_vcpu.c
 * print_vcpuinfo) with xl's float arithmetic, independently of the tool.
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

#define HEADER \
	"Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
#define ROW_DOM0 \
	"Domain-0                                     0  1967     2     r-----     326.5\n"
#define ROW_HELLO \
	"hello                                        1    32     1     -b----       0.1\n"
#define ROW_WEB \
	"web                                          2   512     2     --p---      61.2\n"
#define ROW_CRASHED \
	"crashed                                      3    64     1     ---sc-       5.0\n"
#define ROW_DYING \
	"dying                                        4    16     1     ---s-d       0.0\n"

#define VHEADER \
	"Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n"
#define VROW_DOM0_0 \
	"Domain-0                             0     0    0   r--     163.2  all / all\n"
#define VROW_DOM0_1 \
	"Domain-0                             0     1    1   r--     163.2  all / all\n"
#define VROW_HELLO_0 \
	"hello                                1     0    0   -b-       0.2  all / all\n"
#define VROW_WEB_0 \
	"web                                  2     0    1   r--       1.5  all / all\n"
#define VROW_WEB_1 \
	"web                                  2     1    -   --p       0.0  all / all\n"

/* hello (1, blocked), web (2, paused, 2 vCPUs), crashed (3), dying (4). */
static int setup(void **state)
{
	struct fake_dom *d;

	fake_setup(state);
	d = fake_add_domain("hello", HOIST_DOM_BLOCKED, 32 * 1024, 1,
			    123456789);
	d->vcpu[0] = (struct hoist_vcpu_info){ 1, 0, HOIST_VCPU_BLOCKED, 0,
					       250000000 };
	d = fake_add_domain("web", HOIST_DOM_PAUSED, 512 * 1024, 2,
			    61200000000ull);
	d->vcpu[0] = (struct hoist_vcpu_info){ 2, 0, HOIST_VCPU_RUNNING, 1,
					       1500000000 };
	d->vcpu[1] = (struct hoist_vcpu_info){ 2, 1, HOIST_VCPU_OFFLINE, -1,
					       0 };
	d = fake_add_domain("crashed", HOIST_DOM_SHUTDOWN, 64 * 1024, 1,
			    5000000000ull);
	d->info.shutdown_reason = SHUTDOWN_crash;
	d = fake_add_domain("dying", HOIST_DOM_SHUTDOWN | HOIST_DOM_DYING,
			    16 * 1024, 1, 0);
	d->info.shutdown_reason = SHUTDOWN_poweroff;
	return 0;
}

static void test_list(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "list", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.err, "");
	assert_string_equal(r.out, HEADER ROW_DOM0 ROW_HELLO ROW_WEB
			    ROW_CRASHED ROW_DYING);
	assert_int_equal(fake_dev.closes, fake_dev.opens);
	assert_int_equal(fake_dev.bad_request, 0);
	fake_run_free(&r);
}

static void test_list_only_dom0(void **state)
{
	struct fake_run r;

	fake_setup(state);
	fake_run(&r, "list", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, HEADER ROW_DOM0);
	fake_run_free(&r);
	/* Without /proc/stat and /sys the row is still there, with zeros. */
	fake_host.stat = NULL;
	fake_host.online = NULL;
	fake_host.meminfo = NULL;
	fake_run(&r, "list", NULL);
	assert_string_equal(r.out, HEADER
		"Domain-0                                     0     0     0     r-----       0.0\n");
	fake_run_free(&r);
}

static void test_list_some(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "list", "web", "1", "Domain-0", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, HEADER ROW_WEB ROW_HELLO ROW_DOM0);
	fake_run_free(&r);
	fake_run(&r, "list", "hello", "nope", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: Domain 'nope' does not exist.\n");
	fake_run_free(&r);
}

static void test_state_letters(void **state)
{
	struct hoist_domain_info i = { 0 };
	char s[7];

	(void)state;
	i.flags = HOIST_DOM_RUNNING | HOIST_DOM_BLOCKED | HOIST_DOM_PAUSED |
		  HOIST_DOM_SHUTDOWN | HOIST_DOM_DYING;
	i.shutdown_reason = SHUTDOWN_soft_reset;
	list_state(s, &i);
	assert_string_equal(s, "rbpsSd");
	i.flags = HOIST_DOM_SHUTDOWN;
	for (i.shutdown_reason = 0; i.shutdown_reason < 6; i.shutdown_reason++) {
		list_state(s, &i);
		assert_int_equal(s[4], "-rscwS"[i.shutdown_reason]);
	}
	i.shutdown_reason = 6;
	list_state(s, &i);
	assert_string_equal(s, "---s?-");
	/* No reason letter without a shutdown; building shows nothing. */
	i.flags = HOIST_DOM_BUILDING;
	i.shutdown_reason = SHUTDOWN_crash;
	list_state(s, &i);
	assert_string_equal(s, "------");
}

static void test_row_widths(void **state)
{
	struct hoist_domain_info i = { 0 };
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	/* A 40-character name fills its column; big figures widen theirs. */
	strcpy(i.name, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy");
	i.domid = 5;
	i.mem_kb = 16 * 1024;
	i.vcpus_online = 8;
	i.flags = HOIST_DOM_RUNNING;
	i.cpu_time_ns = 360000ull * 1000000000ull;
	list_print_row(f, &i);
	fclose(f);
	assert_string_equal(out, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy     "
			    "5    16     8     r-----  360000.0\n");
	free(out);
}

static void test_list_json(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "list", "-l", "Domain-0", "crashed", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out,
		"[\n"
		"    {\n"
		"        \"name\": \"Domain-0\",\n"
		"        \"domid\": 0,\n"
		"        \"memory\": 1967,\n"
		"        \"vcpus\": 2,\n"
		"        \"state\": \"r-----\",\n"
		"        \"cpu_time\": 326.5\n"
		"    },\n"
		"    {\n"
		"        \"name\": \"crashed\",\n"
		"        \"domid\": 3,\n"
		"        \"memory\": 64,\n"
		"        \"vcpus\": 1,\n"
		"        \"state\": \"---sc-\",\n"
		"        \"cpu_time\": 5.0\n"
		"    }\n"
		"]\n");
	fake_run_free(&r);
	fake_run(&r, "list", "--long", NULL);
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.out, "\"name\": \"dying\""));
	fake_run_free(&r);
}

static void test_json_escapes(void **state)
{
	struct hoist_domain_info i = { 0 };
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	/* Names from the module are not trusted to be JSON-safe. */
	strcpy(i.name, "a\"b\\c\x01");
	list_print_json(f, &i, 1);
	fclose(f);
	assert_non_null(strstr(out, "\"name\": \"a\\\"b\\\\c\\u0001\",\n"));
	free(out);
}

static void test_list_errors(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "list", "-v", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: list: unknown option '-v'; try "
			    "'hoist help list'\n");
	fake_run_free(&r);
	fake_dev.open_err = -ENOENT;
	fake_run(&r, "list", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: /dev/hoist not found: the hoist "
			    "module is not loaded (insmod hoist.ko)\n");
	fake_run_free(&r);
	fake_dev.open_err = -EACCES;
	fake_run(&r, "list", NULL);
	assert_string_equal(r.err, "hoist: permission denied opening "
			    "/dev/hoist: run as root\n");
	fake_run_free(&r);
	fake_dev.open_err = 0;
	fake_dev.fail_nr = FAKE_LIST;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EIO;
	fake_run(&r, "list", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: listing domains: Input/output error "
			    "(bad reply from /dev/hoist?)\n");
	fake_run_free(&r);
}

static void test_find(void **state)
{
	struct hoist_domain_info info;
	struct hoist_env env;
	struct hoist_dev dev;
	struct fake_run r;
	struct domains doms;

	(void)state;
	fake_env(&env, &r);
	assert_int_equal(hoist_dev_open(&dev, env.dev), 0);
	assert_int_equal(domains_fetch(&env, &dev, &doms), 0);
	assert_int_equal(doms.n, 5);
	assert_int_equal(domains_find(&doms, "web")->domid, 2);
	assert_int_equal(domains_find(&doms, "2")->domid, 2);
	assert_string_equal(domains_find(&doms, "002")->name, "web");
	assert_string_equal(domains_find(&doms, "0")->name, "Domain-0");
	assert_int_equal(domains_find(&doms, "Domain-0")->domid, 0);
	assert_null(domains_find(&doms, "nope"));
	assert_null(domains_find(&doms, "9"));
	assert_null(domains_find(&doms, "99999999999"));
	assert_null(domains_find(&doms, ""));
	assert_null(domains_find(&doms, "Web"));
	assert_int_equal(domain_resolve(&env, &dev, "hello", &info), 0);
	assert_int_equal(info.domid, 1);
	assert_int_equal(domain_resolve(&env, &dev, "x", &info), 1);
	hoist_dev_close(&dev);
	fake_env_done(&env);
	assert_string_equal(r.err, "hoist: Domain 'x' does not exist.\n");
	fake_run_free(&r);
}

static void test_vcpu_list(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "vcpu-list", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.err, "");
	/* crashed and dying: vCPU 0 runnable on CPU 0 (the fake's default). */
	assert_string_equal(r.out, VHEADER VROW_DOM0_0 VROW_DOM0_1 VROW_HELLO_0
		VROW_WEB_0 VROW_WEB_1
		"crashed                              3     0    0   ---       0.0  all / all\n"
		"dying                                4     0    0   ---       0.0  all / all\n");
	fake_run_free(&r);
}

static void test_vcpu_list_some(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "vcpu-list", "web", "1", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, VHEADER VROW_WEB_0 VROW_WEB_1 VROW_HELLO_0);
	fake_run_free(&r);
	fake_run(&r, "vcpu-list", "web", "ghost", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: Domain 'ghost' does not exist.\n");
	fake_run_free(&r);
	fake_run(&r, "vcpu-list", "-a", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: vcpu-list: unknown option '-a'; try "
			    "'hoist help vcpu-list'\n");
	fake_run_free(&r);
}

static void test_vcpu_states(void **state)
{
	struct hoist_vcpu_info v = { 7, 3, HOIST_VCPU_PAUSED, 2, 0 };
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	vcpu_list_print_row(f, "g", &v);
	v.state = HOIST_VCPU_RUNNABLE;
	vcpu_list_print_row(f, "g", &v);
	v.cpu = -1;	/* never ran */
	vcpu_list_print_row(f, "g", &v);
	fclose(f);
	assert_string_equal(out,
		"g                                    7     3    2   --p       0.0  all / all\n"
		"g                                    7     3    2   ---       0.0  all / all\n"
		"g                                    7     3    -   ---       0.0  all / all\n");
	free(out);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_list),
		T(test_list_only_dom0),
		T(test_list_some),
		T(test_state_letters),
		T(test_row_widths),
		T(test_list_json),
		T(test_json_escapes),
		T(test_list_errors),
		T(test_find),
		T(test_vcpu_list),
		T(test_vcpu_list_some),
		T(test_vcpu_states),
	};

	return cmocka_run_group_tests_name("tools_list", tests, NULL, NULL);
}
