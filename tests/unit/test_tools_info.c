/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist info: keys, values and errors, against a fake /dev/hoist. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_tools_fake.h"

#define HOST_LINES \
	"host                   : dom0\n" \
	"release                : 6.1.0-56-amd64\n" \
	"version                : #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2\n" \
	"machine                : x86_64\n" \
	"nr_cpus                : 2\n" \
	"max_cpu_id             : 1\n" \
	"total_memory           : 1967\n" \
	"free_memory            : 1759\n"

/*
 * 8192 pages = 32 MiB, 6000 pages = 23.4 MiB, shown rounded down; 16
 * chunks, 4 of them given at load, 14 given since and 2 of those returned.
 */
#define HV_LINES \
	"hoisted                : yes\n" \
	"hoist_version          : 0.1.0\n" \
	"hoist_caps             : svm npt npt-levels=5\n" \
	"cpus_hoisted           : 2\n" \
	"cpus_present           : 2\n" \
	"domains                : 1\n" \
	"domains_allowed        : yes\n" \
	"hypervisor_memory      : 32\n" \
	"hypervisor_free_memory : 23\n" \
	"hypervisor_pages       : 8192\n" \
	"hypervisor_free_pages  : 6000\n" \
	"hypervisor_load_memory : 8\n" \
	"hypervisor_max_memory  : 2048\n" \
	"hv_chunks_added        : 14\n" \
	"hv_chunks_returned     : 2\n" \
	"hv_access_blocked      : 0\n" \
	"max_phys_bits          : 40\n" \
	"asids                  : 16\n" \
	"svm_features           : npt vgif svme_addr_chk\n"

#define XS_LINE	"xenstored              : running\n"
#define CC_LINE	"cc_compiler            : gcc " __VERSION__ "\n"

static void test_info_hoisted(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "info", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, HOST_LINES HV_LINES XS_LINE CC_LINE);
	assert_string_equal(r.err, "");
	assert_int_equal(fake_dev.info_reads, 1);
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	assert_false(fake_dev.bad_request);
	fake_run_free(&r);
}

/* Why the hypervisor refuses domains, as the flags of HOIST_IOC_INFO say. */
static void test_info_domains_refused(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.info.flags = HOIST_INFO_CPU_MISSING;
	fake_run(&r, "info", "domains_allowed", NULL);
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.out, "no (a CPU is offline"));
	fake_run_free(&r);
	fake_dev.info.flags = HOIST_INFO_CPU_EXPOSED | HOIST_INFO_CPU_MISSING;
	fake_run(&r, "info", "domains_allowed", NULL);
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.out, "no (a CPU ran natively"));
	fake_run_free(&r);
}

static void test_info_not_loaded(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.open_err = -ENOENT;
	fake_run(&r, "info", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, HOST_LINES
			    "hoisted                : no\n" XS_LINE CC_LINE);
	assert_string_equal(r.err, "");
	assert_int_equal(fake_dev.info_reads, 0);
	fake_run_free(&r);
}

static void test_info_stale_node_is_not_loaded(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.open_err = -ENXIO;
	fake_run(&r, "info", "hoisted", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, "no\n");
	fake_run_free(&r);
}

static void test_info_loaded_not_hoisted(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.info.cpus_hoisted = 0;
	fake_run(&r, "info", "hoisted", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, "no\n");
	fake_run_free(&r);
}

/* The daemon's state is asked of its socket, module or not. */
static void test_info_xenstored(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "info", "xenstored", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, "running\n");
	fake_run_free(&r);
	fake_store.running = 0;
	fake_run(&r, "info", "xenstored", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, "not running\n");
	fake_run_free(&r);
	assert_int_equal(fake_store.opens, fake_store.closes);
}

static void test_info_one_key(void **state)
{
	static const struct { const char *key, *value; } cases[] = {
		{ "host", "dom0\n" },
		{ "total_memory", "1967\n" },
		{ "hoisted", "yes\n" },
		{ "hoist_version", "0.1.0\n" },
		{ "hoist_caps", "svm npt npt-levels=5\n" },
		{ "hypervisor_memory", "32\n" },
		{ "hypervisor_free_pages", "6000\n" },
		{ "hypervisor_max_memory", "2048\n" },
		{ "cc_compiler", "gcc " __VERSION__ "\n" },
	};
	struct fake_run r;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fake_run(&r, "info", cases[i].key, NULL);
		assert_int_equal(r.ret, 0);
		assert_string_equal(r.out, cases[i].value);
		assert_string_equal(r.err, "");
		fake_run_free(&r);
	}
}

static void test_info_unknown_key(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "info", "xen_version", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: info: unknown key 'xen_version'; "
			    "'hoist info' lists the keys\n");
	/* Decided before touching the device. */
	assert_int_equal(fake_dev.opens, 0);
	fake_run_free(&r);
}

static void test_info_hv_key_not_loaded(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.open_err = -ENOENT;
	fake_run(&r, "info", "cpus_hoisted", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: info: cpus_hoisted: not available: "
			    "the hoist module is not loaded\n");
	fake_run_free(&r);
}

static void test_info_host_fact_unreadable(void **state)
{
	struct fake_run r;

	(void)state;
	fake_host.meminfo = NULL;
	fake_run(&r, "info", NULL);
	assert_int_equal(r.ret, 0);
	assert_null(strstr(r.out, "total_memory"));
	assert_null(strstr(r.out, "free_memory  "));
	assert_non_null(strstr(r.out, "hypervisor_free_memory : 23\n"));
	fake_run_free(&r);

	fake_run(&r, "info", "free_memory", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: info: free_memory: not available\n");
	fake_run_free(&r);
}

static void test_info_permission(void **state)
{
	static const int errs[] = { -EACCES, -EPERM };
	struct fake_run r;
	unsigned i;

	(void)state;
	for (i = 0; i < 2; i++) {
		fake_dev.open_err = errs[i];
		fake_run(&r, "info", NULL);
		assert_int_equal(r.ret, 1);
		assert_string_equal(r.out, "");
		assert_string_equal(r.err, "hoist: permission denied opening "
				    "/dev/hoist: run as root\n");
		fake_run_free(&r);
	}
}

static void test_info_ioctl_fails(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.info_err = -EINVAL;
	fake_run(&r, "info", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: reading hypervisor information: "
			    "Invalid argument\n");
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	fake_run_free(&r);
}

static void test_info_version_mismatch_warns(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.info.version = (1u << 16) | 3;
	strcpy(fake_dev.info.extra, "-rc1");
	fake_run(&r, "info", "hoist_version", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, "1.3-rc1\n");
	assert_string_equal(r.err, "hoist: warning: the module is version 1.3, "
			    "this tool 0.1\n");
	fake_run_free(&r);
}

static void test_info_extra_without_nul(void **state)
{
	struct fake_run r;

	(void)state;
	memset(fake_dev.info.extra, 'x', sizeof(fake_dev.info.extra));
	fake_run(&r, "info", "hoist_version", NULL);
	assert_int_equal(r.ret, 0);
	/* At most 15 bytes of the suffix, never what follows the struct. */
	assert_string_equal(r.out, "0.1xxxxxxxxxxxxxxx\n");
	fake_run_free(&r);
}

static void test_info_usage_errors(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "info", "host", "release", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: info: unexpected argument "
			    "'release'; try 'hoist help info'\n");
	fake_run_free(&r);
	fake_run(&r, "info", "-n", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: info: unknown option '-n'; try "
			    "'hoist help info'\n");
	fake_run_free(&r);
}

static void test_info_keys_order(void **state)
{
	struct host_facts h;
	struct kv_list l;
	unsigned i;

	(void)state;
	host_facts_read(&fake_host_ops, &h);
	info_build(&l, &h, &fake_dev.info, "running");
	/* Everything known: the list is exactly the key table, in order. */
	assert_int_equal(l.n, info_nr_keys);
	for (i = 0; i < info_nr_keys; i++)
		assert_string_equal(l.item[i].key, info_keys[i].name);
	/* Not loaded: exactly the keys that do not need the module. */
	info_build(&l, &h, NULL, "not running");
	for (i = 0; i < l.n; i++)
		assert_false(info_key_find(l.item[i].key)->hv);
	assert_int_equal(l.n, 11);
}

static void test_info_caps_and_features(void **state)
{
	struct hoist_info hi;
	uint32_t all_named = 0xffu | 1u << 10 | 1u << 12 | 1u << 13 |
			     1u << 15 | 1u << 16 | 1u << 18 | 1u << 20 |
			     1u << 28;
	char buf[KV_VALUE_MAX];

	(void)state;
	memset(&hi, 0, sizeof(hi));
	hi.npt_levels = 4;
	hi.svm_features = 1;
	info_format_caps(buf, sizeof(buf), &hi);
	assert_string_equal(buf, "svm npt npt-levels=4");
	hi.svm_features = 0;
	hi.npt_levels = 0;
	info_format_caps(buf, sizeof(buf), &hi);
	assert_string_equal(buf, "svm");

	/* Every bit Linux 6.1 names, plus two it does not (11, 25). */
	info_format_svm_features(buf, sizeof(buf),
				 all_named | 1u << 11 | 1u << 25);
	assert_string_equal(buf, "npt lbrv svm_lock nrip_save tsc_scale "
			    "vmcb_clean flushbyasid decodeassists pausefilter "
			    "bit11 pfthreshold avic v_vmsave_vmload vgif "
			    "x2avic v_spec_ctrl bit25 svme_addr_chk");
	/* The longest possible value fits in a key/value line. */
	info_format_svm_features(buf, sizeof(buf), 0xffffffffu);
	assert_true(strlen(buf) < KV_VALUE_MAX - 1);
	assert_non_null(strstr(buf, " bit31"));
	info_format_svm_features(buf, sizeof(buf), 0);
	assert_string_equal(buf, "");
	/* Cut short, still a C string. */
	info_format_svm_features(buf, 8, all_named);
	assert_string_equal(buf, "npt lbr");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_info_hoisted, fake_setup),
		cmocka_unit_test_setup(test_info_domains_refused, fake_setup),
		cmocka_unit_test_setup(test_info_not_loaded, fake_setup),
		cmocka_unit_test_setup(test_info_stale_node_is_not_loaded,
				       fake_setup),
		cmocka_unit_test_setup(test_info_loaded_not_hoisted, fake_setup),
		cmocka_unit_test_setup(test_info_one_key, fake_setup),
		cmocka_unit_test_setup(test_info_xenstored, fake_setup),
		cmocka_unit_test_setup(test_info_unknown_key, fake_setup),
		cmocka_unit_test_setup(test_info_hv_key_not_loaded, fake_setup),
		cmocka_unit_test_setup(test_info_host_fact_unreadable,
				       fake_setup),
		cmocka_unit_test_setup(test_info_permission, fake_setup),
		cmocka_unit_test_setup(test_info_ioctl_fails, fake_setup),
		cmocka_unit_test_setup(test_info_version_mismatch_warns,
				       fake_setup),
		cmocka_unit_test_setup(test_info_extra_without_nul, fake_setup),
		cmocka_unit_test_setup(test_info_usage_errors, fake_setup),
		cmocka_unit_test_setup(test_info_keys_order, fake_setup),
		cmocka_unit_test_setup(test_info_caps_and_features, fake_setup),
	};

	return cmocka_run_group_tests_name("tools_info", tests, NULL, NULL);
}
