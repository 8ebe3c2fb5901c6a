/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist tool: from config settings to a domain (tools/lib/domcfg.c). */
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

static char *kernel;		/* an existing file */
static char *ramdisk;
static struct domcfg d;
static struct errbuf e;
static char *warn;
static size_t warn_len;

static int setup(void **state)
{
	(void)state;
	kernel = fake_temp_file("k", 1);
	ramdisk = fake_temp_file("rd", 2);
	memset(&d, 0, sizeof(d));
	warn = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(kernel);
	unlink(ramdisk);
	free(kernel);
	free(ramdisk);
	domcfg_free(&d);
	free(warn);
	return 0;
}

/* Parses text (after a "kernel = KERNEL" line unless nokernel) into d. */
static int build_from(const char *text, int with_kernel)
{
	char buf[2048];
	struct cfg cfg;
	FILE *w;
	int ret;

	snprintf(buf, sizeof(buf), "%s%s%s%s", with_kernel ? "kernel = '" : "",
		 with_kernel ? kernel : "", with_kernel ? "'\n" : "", text);
	cfg_init(&cfg);
	assert_int_equal(cfg_parse(&cfg, "t.cfg", buf, strlen(buf), &e), 0);
	free(warn);
	warn = NULL;
	w = open_memstream(&warn, &warn_len);
	assert_non_null(w);
	domcfg_free(&d);
	ret = domcfg_from_cfg(&d, &cfg, "t.cfg", w, &e);
	fclose(w);
	cfg_free(&cfg);
	return ret;
}

static int build(const char *text)
{
	return build_from(text, 1);
}

static void fails(const char *text, const char *msg)
{
	assert_int_not_equal(build(text), 0);
	assert_string_equal(e.msg, msg);
}

static void test_defaults(void **state)
{
	(void)state;
	/* xl: memory 32 MiB (libxl), 1 vCPU, destroy/restart/destroy. */
	assert_int_equal(build("name = 'hello'\n"), 0);
	assert_string_equal(d.name, "hello");
	assert_int_equal(d.memory_mib, 32);
	assert_int_equal(d.maxmem_mib, 32);
	assert_int_equal(d.vcpus, 1);
	assert_int_equal(d.maxvcpus, 1);
	assert_string_equal(d.kernel, kernel);
	assert_null(d.ramdisk);
	assert_string_equal(d.cmdline, "");
	assert_int_equal(d.on_poweroff, DOM_ACTION_DESTROY);
	assert_int_equal(d.on_reboot, DOM_ACTION_RESTART);
	assert_int_equal(d.on_watchdog, DOM_ACTION_DESTROY);
	assert_int_equal(d.on_crash, DOM_ACTION_DESTROY);
	assert_string_equal(warn, "");
}

static void test_memory(void **state)
{
	(void)state;
	assert_int_equal(build("name='a'\nmemory = 64\n"), 0);
	assert_int_equal(d.memory_mib, 64);
	assert_int_equal(d.maxmem_mib, 64);
	/* maxmem alone sets memory too (libxl: target = max). */
	assert_int_equal(build("name='a'\nmaxmem = 48\n"), 0);
	assert_int_equal(d.memory_mib, 48);
	assert_int_equal(d.maxmem_mib, 48);
	assert_int_equal(build("name='a'\nmemory = 16\nmaxmem = 16\n"), 0);
	assert_int_equal(d.memory_mib, 16);
	assert_string_equal(warn, "");
	assert_int_equal(build("name='a'\nmemory = 64\nmaxmem = 128\n"), 0);
	assert_int_equal(d.memory_mib, 64);
	assert_int_equal(d.maxmem_mib, 128);
	assert_string_equal(warn, "hoist: warning: maxmem = 128: no ballooning "
			    "yet, the guest gets memory = 64 MiB\n");
	fails("name='a'\nmemory = 8\n", "t.cfg:3: memory = 8: too little "
	      "memory for a PVH guest (at least 16 MiB)");
	fails("name='a'\nmaxmem = 8\n", "t.cfg:3: maxmem = 8: too little "
	      "memory for a PVH guest (at least 16 MiB)");
	fails("name='a'\nmemory = 128\nmaxmem = 64\n", "t.cfg:4: maxmem = 64 "
	      "is less than memory = 128");
	fails("name='a'\nmemory = 2000000\n", "t.cfg:3: memory = 2000000: "
	      "more than Hoist supports (1048576 MiB)");
	fails("name='a'\nmemory = '1G'\n", "t.cfg:3: memory = \"1G\": not a "
	      "number");
	fails("name='a'\nmemory = 32\nmemory += 32\n", "t.cfg:4: memory: '+=' "
	      "cannot be used with numbers");
}

static void test_vcpus(void **state)
{
	(void)state;
	assert_int_equal(build("name='a'\nvcpus = 8\n"), 0);
	assert_int_equal(d.vcpus, 8);
	assert_int_equal(d.maxvcpus, 8);
	fails("name='a'\nvcpus = 0\n", "t.cfg:3: vcpus = 0: a domain needs at "
	      "least one vCPU");
	fails("name='a'\nvcpus = 9\n", "t.cfg:3: vcpus = 9: at most 8 vCPUs "
	      "per domain");
	fails("name='a'\nvcpus = 2\nmaxvcpus = 1\n", "t.cfg:4: maxvcpus = 1 "
	      "is less than vcpus = 2");
	fails("name='a'\nmaxvcpus = 16\n", "t.cfg:3: maxvcpus = 16: at most 8 "
	      "vCPUs per domain");
	assert_int_equal(build("name='a'\nvcpus = 2\nmaxvcpus = 4\n"), 0);
	assert_int_equal(d.vcpus, 2);
	assert_int_equal(d.maxvcpus, 4);
	assert_string_equal(warn, "hoist: warning: maxvcpus = 4: no vCPU "
			    "hot-plug yet, the guest gets vcpus = 2\n");
}

/* xl.cfg's max_grant_frames: 64 by default, 1 .. 1024. */
static void test_max_grant_frames(void **state)
{
	(void)state;
	assert_int_equal(build("name='a'\n"), 0);
	assert_int_equal(d.max_grant_frames, 64);
	assert_int_equal(build("name='a'\nmax_grant_frames = 32\n"), 0);
	assert_int_equal(d.max_grant_frames, 32);
	assert_string_equal(warn, "");
	assert_int_equal(build("name='a'\nmax_grant_frames = 1024\n"), 0);
	fails("name='a'\nmax_grant_frames = 0\n", "t.cfg:3: max_grant_frames "
	      "= 0: must be 1 .. 1024");
	fails("name='a'\nmax_grant_frames = 1025\n", "t.cfg:3: "
	      "max_grant_frames = 1025: must be 1 .. 1024");
}

static void test_type(void **state)
{
	(void)state;
	assert_int_equal(build("name='a'\ntype = 'pvh'\n"), 0);
	fails("name='a'\ntype = 'hvm'\n", "t.cfg:3: type 'hvm' is not "
	      "supported: Hoist runs PVH guests");
	fails("type = \"pv\"\nname='a'\n", "t.cfg:2: type 'pv' is not "
	      "supported: Hoist runs PVH guests");
	fails("name='a'\ntype = 'kvm'\n", "t.cfg:3: type 'kvm' is unknown: "
	      "Hoist runs PVH guests (type = \"pvh\")");
	/* xl's deprecated builder= */
	fails("name='a'\nbuilder = 'generic'\n", "t.cfg:3: type 'pv' is not "
	      "supported: Hoist runs PVH guests");
	fails("name='a'\nbuilder = 'hvm'\n", "t.cfg:3: type 'hvm' is not "
	      "supported: Hoist runs PVH guests");
	fails("name='a'\ntype = [ 'pvh' ]\n", "t.cfg:3: type must be a "
	      "string, not a list");
}

static void test_name(void **state)
{
	char text[128];

	(void)state;
	fails("memory = 32\n", "t.cfg: no name: every domain needs one "
	      "(name = \"...\")");
	fails("name = 'a b'\n", "t.cfg:2: name 'a b': only letters, digits, "
	      "'_', '.' and '-' are allowed");
	fails("name = ''\n", "t.cfg:2: name '': a domain needs a name");
	fails("name = '123'\n", "t.cfg:2: name '123': a name cannot be all "
	      "digits (it would read as a domain id)");
	fails("name = 123\n", "t.cfg:2: name '123': a name cannot be all "
	      "digits (it would read as a domain id)");
	fails("name = 'Domain-0'\n", "t.cfg:2: name 'Domain-0' is dom0's");
	snprintf(text, sizeof(text), "name = '%064d'\n", 1);
	text[8] = 'x';
	fails(text, "t.cfg:2: name 'x0000000000000000000...': too long (at "
	      "most 63 characters)");
	assert_int_equal(build("name = 'My_guest-1.test'\n"), 0);
	assert_string_equal(d.name, "My_guest-1.test");
	assert_int_equal(domcfg_check_name("a23456789012345678901234567890"
					   "12345678901234567890123456789012",
					   &e), 0);
}

static void test_kernel_and_ramdisk(void **state)
{
	char text[512], *cwd, *rel;

	(void)state;
	assert_int_not_equal(build_from("name='a'\n", 0), 0);
	assert_string_equal(e.msg, "t.cfg: no kernel: Hoist boots guests from "
			    "kernel = \"...\"");
	assert_int_not_equal(build_from("name='a'\nkernel = '/nonexistent/k'\n",
					0), 0);
	assert_string_equal(e.msg, "t.cfg:2: kernel '/nonexistent/k': No such "
			    "file or directory");
	assert_int_not_equal(build_from("name='a'\nkernel = '/tmp'\n", 0), 0);
	assert_string_equal(e.msg, "t.cfg:2: kernel '/tmp': Is a directory");
	assert_int_not_equal(build_from("name='a'\nkernel = ''\n", 0), 0);
	assert_string_equal(e.msg, "t.cfg:2: kernel '': no file named");
	fails("name='a'\nramdisk = '/nonexistent/rd'\n", "t.cfg:3: ramdisk "
	      "'/nonexistent/rd': No such file or directory");

	snprintf(text, sizeof(text), "name='a'\nramdisk = '%s'\n", ramdisk);
	assert_int_equal(build(text), 0);
	assert_string_equal(d.ramdisk, ramdisk);

	/* A relative path is made absolute (the monitor runs in "/"). */
	cwd = getcwd(NULL, 0);
	assert_int_equal(chdir("/tmp"), 0);
	rel = strrchr(kernel, '/') + 1;
	snprintf(text, sizeof(text), "name='a'\nkernel = '%s'\n", rel);
	assert_int_equal(build_from(text, 0), 0);
	assert_string_equal(d.kernel, kernel);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
}

static void test_cmdline(void **state)
{
	(void)state;
	/* xl_parse.c parse_cmdline() */
	assert_int_equal(build("name='a'\nroot = '/dev/xvda1 ro'\n"
			       "extra = 'console=hvc0'\n"), 0);
	assert_string_equal(d.cmdline, "root=/dev/xvda1 ro console=hvc0");
	assert_int_equal(build("name='a'\nroot = '/dev/xvda1'\n"), 0);
	assert_string_equal(d.cmdline, "root=/dev/xvda1");
	assert_int_equal(build("name='a'\nextra = 'quiet'\n"), 0);
	assert_string_equal(d.cmdline, "quiet");
	assert_string_equal(warn, "");
	assert_int_equal(build("name='a'\ncmdline = 'console=hvc0'\n"
			       "extra = 'quiet'\n"), 0);
	assert_string_equal(d.cmdline, "console=hvc0");
	assert_string_equal(warn, "hoist: warning: ignoring root= and extra= "
			    "in favour of cmdline=\n");
	fails("name='a'\ncmdline = [ 'x' ]\n", "t.cfg:3: cmdline must be a "
	      "string, not a list");
	fails("name='a'\nroot = [ '/dev/xvda1' ]\n", "t.cfg:3: root must be "
	      "a string, not a list");
	fails("name='a'\nroot = 'x'\nextra = [ 'quiet' ]\n", "t.cfg:4: extra "
	      "must be a string, not a list");
	fails("name='a'\nramdisk = ''\n", "t.cfg:3: ramdisk '': no file "
	      "named");
	fails("name='a'\nramdisk = [ 'x' ]\n", "t.cfg:3: ramdisk must be a "
	      "string, not a list");
	/* The Debian example: cmdline as given, the ramdisk made absolute. */
	assert_int_equal(build("name='deb1'\ntype='pvh'\nmemory=256\n"
			       "vcpus=2\ncmdline='console=hvc0'\n"), 0);
	assert_string_equal(d.cmdline, "console=hvc0");
	assert_int_equal(d.memory_mib, 256);
	assert_int_equal(d.vcpus, 2);
}

static void test_actions(void **state)
{
	(void)state;
	assert_int_equal(build("name='a'\non_poweroff = 'preserve'\n"
			       "on_reboot = 'destroy'\non_crash = 'restart'\n"
			       "on_watchdog = 'preserve'\n"), 0);
	assert_int_equal(d.on_poweroff, DOM_ACTION_PRESERVE);
	assert_int_equal(d.on_reboot, DOM_ACTION_DESTROY);
	assert_int_equal(d.on_crash, DOM_ACTION_RESTART);
	assert_int_equal(d.on_watchdog, DOM_ACTION_PRESERVE);
	assert_int_equal(domcfg_action_for(&d, SHUTDOWN_poweroff),
			 DOM_ACTION_PRESERVE);
	assert_int_equal(domcfg_action_for(&d, SHUTDOWN_reboot),
			 DOM_ACTION_DESTROY);
	assert_int_equal(domcfg_action_for(&d, SHUTDOWN_crash),
			 DOM_ACTION_RESTART);
	assert_int_equal(domcfg_action_for(&d, SHUTDOWN_watchdog),
			 DOM_ACTION_PRESERVE);
	/* soft_reset and unknown reasons: destroy, as xl does. */
	assert_int_equal(domcfg_action_for(&d, SHUTDOWN_soft_reset),
			 DOM_ACTION_DESTROY);
	assert_int_equal(domcfg_action_for(&d, 77), DOM_ACTION_DESTROY);
	fails("name='a'\non_crash = 'coredump-destroy'\n", "t.cfg:3: on_crash "
	      "= \"coredump-destroy\" is not supported (destroy, restart or "
	      "preserve)");
	fails("name='a'\non_reboot = 'rename-restart'\n", "t.cfg:3: on_reboot "
	      "= \"rename-restart\" is not supported (destroy, restart or "
	      "preserve)");
	fails("name='a'\non_poweroff = 'explode'\n", "t.cfg:3: on_poweroff = "
	      "\"explode\": unknown action (destroy, restart or preserve)");
	assert_string_equal(dom_action_name(DOM_ACTION_RESTART), "restart");
}

static void test_unknown_keys_warned(void **state)
{
	(void)state;
	assert_int_equal(build("name='a'\ndisk = [ 'x' ]\nvif = []\n"
			       "disk = [ 'y' ]\n"), 0);
	/* Once per key, at the setting that counts. */
	assert_string_equal(warn, "hoist: warning: t.cfg:4: 'vif' is not "
			    "supported by Hoist; ignored\n"
			    "hoist: warning: t.cfg:5: 'disk' is not supported "
			    "by Hoist; ignored\n");
}

static void test_print_round_trip(void **state)
{
	char text[1024], *out = NULL, expect[1024];
	struct domcfg first;
	size_t len;
	FILE *f;

	(void)state;
	snprintf(text, sizeof(text), "name='guest'\nmemory=64\nmaxmem=96\n"
		 "vcpus=2\nramdisk='%s'\ncmdline='console=hvc0 x=\"a\\\\b\"\\t'\n"
		 "on_crash='preserve'\n", ramdisk);
	assert_int_equal(build(text), 0);
	f = open_memstream(&out, &len);
	domcfg_print(f, &d);
	fclose(f);
	snprintf(expect, sizeof(expect),
		 "name = \"guest\"\n"
		 "type = \"pvh\"\n"
		 "memory = 64\n"
		 "maxmem = 96\n"
		 "vcpus = 2\n"
		 "maxvcpus = 2\n"
		 "max_grant_frames = 64\n"
		 "kernel = \"%s\"\n"
		 "ramdisk = \"%s\"\n"
		 "cmdline = \"console=hvc0 x=\\\"a\\\\b\\\"\\t\"\n"
		 "on_poweroff = \"destroy\"\n"
		 "on_reboot = \"restart\"\n"
		 "on_watchdog = \"destroy\"\n"
		 "on_crash = \"preserve\"\n", kernel, ramdisk);
	assert_string_equal(out, expect);

	/* It parses back to the same domain. */
	first = d;
	memset(&d, 0, sizeof(d));
	assert_int_equal(build_from(out, 0), 0);
	assert_string_equal(d.name, first.name);
	assert_int_equal(d.memory_mib, first.memory_mib);
	assert_int_equal(d.maxmem_mib, first.maxmem_mib);
	assert_int_equal(d.vcpus, first.vcpus);
	assert_string_equal(d.kernel, first.kernel);
	assert_string_equal(d.ramdisk, first.ramdisk);
	assert_string_equal(d.cmdline, "console=hvc0 x=\"a\\b\"\t");
	assert_string_equal(d.cmdline, first.cmdline);
	assert_int_equal(d.on_crash, first.on_crash);
	domcfg_free(&first);
	free(out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_defaults),
		T(test_memory),
		T(test_vcpus),
		T(test_max_grant_frames),
		T(test_type),
		T(test_name),
		T(test_kernel_and_ramdisk),
		T(test_cmdline),
		T(test_actions),
		T(test_unknown_keys_warned),
		T(test_print_round_trip),
	};

	return cmocka_run_group_tests_name("tools_domcfg", tests, NULL, NULL);
}
