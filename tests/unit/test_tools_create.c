/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: create, through the fake hypervisor: the ioctl sequence,
 * what lands in the guest's memory, the monitor being started, and the
 * cleanup when a step fails after DOMAIN_CREATE.
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

static char *kernel, *cfgfile;
static char parsing[128];	/* "Parsing config from CFG\n" */

static char *write_cfg(const char *extra)
{
	char text[1024];

	snprintf(text, sizeof(text), "# test guest\nname = \"hello\"\n"
		 "kernel = \"%s\"\nmemory = 32\ncmdline = \"console=hvc0\"\n%s",
		 kernel, extra);
	return fake_temp_file(text, strlen(text));
}

static int setup(void **state)
{
	const struct fake_seg seg = { 0x100000, 0x2000, 0x3000 };
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);

	fake_setup(state);
	kernel = fake_temp_file(k, len);
	free(k);
	cfgfile = write_cfg("");
	snprintf(parsing, sizeof(parsing), "Parsing config from %s\n", cfgfile);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(kernel);
	unlink(cfgfile);
	free(kernel);
	free(cfgfile);
	return 0;
}

/* err is what follows "Parsing config from CFG" on stderr. */
static void check(struct fake_run *r, int ret, const char *out,
		  const char *err)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s%s", parsing, err);
	assert_string_equal(r->err, want);
	assert_string_equal(r->out, out);
	assert_int_equal(r->ret, ret);
	assert_int_equal(fake_dev.bad_request, 0);
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	fake_run_free(r);
}

static void test_create(void **state)
{
	struct hvm_start_info si;
	struct fake_dom *d;
	struct fake_run r;

	(void)state;
	fake_run(&r, "create", cfgfile, NULL);
	check(&r, 0, "", "");
	/* CREATE, WRITE x3 (segment, bss, ACPI + start info), BOOT, UNPAUSE */
	assert_string_equal(fake_call_seq(), "4 5 5 5 6 7");
	assert_int_equal(fake_dev.calls[1].gpa, 0x100000);
	assert_int_equal(fake_dev.calls[1].len, 0x2000);
	assert_int_equal(fake_dev.calls[2].gpa, 0x102000);
	assert_int_equal(fake_dev.calls[2].len, 0x1000);
	assert_int_equal(fake_dev.calls[3].gpa, 0xE0000);
	assert_int_equal(fake_dev.calls[3].len, 0x1000 + 56 + 4 * 24 + 13);
	d = fake_find(1);
	assert_non_null(d);
	assert_string_equal(d->info.name, "hello");
	assert_int_equal(d->info.mem_kb, 32 * 1024);
	assert_int_equal(d->info.vcpus, 1);
	assert_int_equal(d->info.flags, HOIST_DOM_RUNNING);
	assert_int_equal(d->entry, 0x100000);
	assert_int_equal(d->start_info, 0xE1000);
	/* Every PVH guest gets its console page. */
	assert_int_equal(d->console_gfn, 0xFEFFF);
	memcpy(&si, d->mem + 0xE1000, sizeof(si));
	assert_int_equal(si.magic, XEN_HVM_START_MAGIC);
	assert_string_equal((char *)d->mem + si.cmdline_paddr, "console=hvc0");
	assert_int_equal(si.rsdp_paddr, 0xE0000);
	assert_memory_equal(d->mem + 0xE0000, "RSD PTR ", 8);
	assert_int_equal(d->mem[0x100000], fake_seg_byte(0));
	/* The monitor was started, for this domain. */
	assert_int_equal(fake_sys.daemonizes, 1);
	assert_string_equal(fake_sys.daemon_name, "hello");
}

static void test_create_paused(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "create", "-p", cfgfile, NULL);
	check(&r, 0, "", "");
	assert_string_equal(fake_call_seq(), "4 5 5 5 6");
	assert_int_equal(fake_find(1)->info.flags, HOIST_DOM_PAUSED);
	assert_int_equal(fake_sys.daemonizes, 1);
}

static void test_create_console(void **state)
{
	struct fake_run r;

	(void)state;
	/* The guest prints, powers off, and its monitor destroys it. */
	fake_dev.new_console = "Hello from hello\n";
	fake_run(&r, "create", "-c", cfgfile, NULL);
	check(&r, 0, "Hello from hello\n", "");
	assert_string_equal(fake_call_seq(), "4 5 5 5 6 7 12 12");
	assert_int_equal(fake_dev.calls[6].domid, 1);
	/* Options combine and go anywhere. */
	fake_reset();
	fake_run(&r, "create", cfgfile, "-pc", NULL);
	check(&r, 0, "", "");
	assert_string_equal(fake_call_seq(), "4 5 5 5 6 12");
}

static void test_key_value_arguments(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "create", cfgfile, "memory=64", "name=\"other\"",
		 "vcpus=2", NULL);
	check(&r, 0, "", "");
	assert_string_equal(fake_find(1)->info.name, "other");
	assert_int_equal(fake_find(1)->info.mem_kb, 64 * 1024);
	assert_int_equal(fake_find(1)->info.vcpus, 2);
	/* Errors in them name the command line and the argument's place. */
	fake_run(&r, "create", "memory=64", cfgfile, "memory=lots", NULL);
	check(&r, 1, "", "hoist: command line:2: expected a value for "
	      "'memory', found 'lots' (strings need quotes: \"lots\")\n");
	fake_run(&r, "create", cfgfile, "memory=8", NULL);
	check(&r, 1, "", "hoist: command line:1: memory = 8: too little memory "
	      "for a PVH guest (at least 16 MiB)\n");
}

static void test_dry_run(void **state)
{
	char want[1024];
	struct fake_run r;

	(void)state;
	fake_dev.open_err = -ENOENT;	/* needs no module */
	fake_run(&r, "create", "-n", cfgfile, "on_crash='preserve'", NULL);
	snprintf(want, sizeof(want),
		 "name = \"hello\"\n"
		 "type = \"pvh\"\n"
		 "memory = 32\n"
		 "maxmem = 32\n"
		 "vcpus = 1\n"
		 "maxvcpus = 1\n"
		 "max_grant_frames = 64\n"
		 "kernel = \"%s\"\n"
		 "cmdline = \"console=hvc0\"\n"
		 "on_poweroff = \"destroy\"\n"
		 "on_reboot = \"restart\"\n"
		 "on_watchdog = \"destroy\"\n"
		 "on_crash = \"preserve\"\n", kernel);
	assert_string_equal(r.out, want);
	assert_string_equal(r.err, parsing);
	assert_int_equal(r.ret, 0);
	fake_run_free(&r);
	assert_int_equal(fake_dev.opens, 0);
	assert_int_equal(fake_sys.daemonizes, 0);
	/* It checks the kernel too. */
	fake_run(&r, "create", "-n", cfgfile, "memory=16", "kernel='/etc/hostname'",
		 NULL);
	assert_int_equal(r.ret, 1);
	assert_non_null(strstr(r.err, "hoist: kernel '/etc/hostname': not an "
			       "ELF file\n"));
	fake_run_free(&r);
}

static void test_boot_fails_destroys(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.fail_nr = FAKE_BOOT;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EIO;
	fake_run(&r, "create", cfgfile, NULL);
	check(&r, 1, "", "hoist: create: booting 'hello': Input/output "
	      "error\n");
	assert_string_equal(fake_call_seq(), "4 5 5 5 6 9");
	assert_int_equal(fake_dev.calls[5].domid, 1);
	assert_null(fake_find(1));
	assert_int_equal(fake_sys.daemonizes, 0);
}

/* The hypervisor refuses domains while a CPU is outside it: say why. */
static void test_create_refused_cpu_outside(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.fail_nr = FAKE_CREATE;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EBUSY;
	fake_run(&r, "create", cfgfile, NULL);
	check(&r, 1, "", "hoist: create: creating 'hello': the hypervisor "
	      "creates no domain while a CPU is offline or has run outside "
	      "it since it was loaded (hoist info domains_allowed)\n");
	assert_string_equal(fake_call_seq(), "4");
	assert_null(fake_find(1));
}

static void test_write_fails_destroys(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.fail_nr = FAKE_WRITE;
	fake_dev.fail_nth = 2;
	fake_dev.fail_err = -EFAULT;
	fake_run(&r, "create", cfgfile, NULL);
	check(&r, 1, "", "hoist: create: loading 'hello': writing the guest's "
	      "memory: Bad address\n");
	assert_string_equal(fake_call_seq(), "4 5 5 9");
	assert_null(fake_find(1));
}

static void test_unpause_fails_destroys(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.fail_nr = FAKE_UNPAUSE;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EINVAL;
	fake_run(&r, "create", cfgfile, NULL);
	check(&r, 1, "", "hoist: create: starting 'hello': Invalid "
	      "argument\n");
	assert_string_equal(fake_call_seq(), "4 5 5 5 6 7 9");
	assert_null(fake_find(1));
}

static void test_monitor_fails_destroys(void **state)
{
	struct fake_run r;

	(void)state;
	fake_sys.daemonize_ret = -EAGAIN;
	fake_run(&r, "create", cfgfile, NULL);
	check(&r, 1, "", "hoist: create: cannot start the monitor of 'hello': "
	      "Resource temporarily unavailable\n");
	assert_string_equal(fake_call_seq(), "4 5 5 5 6 9");
	assert_null(fake_find(1));
}

static void test_create_refused(void **state)
{
	struct fake_run r;
	unsigned creates;

	(void)state;
	fake_add_domain("hello", HOIST_DOM_RUNNING, 32 * 1024, 1, 0);
	fake_run(&r, "create", cfgfile, NULL);
	check(&r, 1, "", "hoist: create: a domain named 'hello' already "
	      "exists\n");
	assert_string_equal(fake_call_seq(), "4");
	fake_run(&r, "create", cfgfile, "name='big'", "memory=512", NULL);
	/* The module found too little (the fake's MemAvailable: 1759 MiB). */
	check(&r, 1, "", "hoist: create: not enough free memory for 'big': "
	      "memory = 512 MiB asked, 1759 MiB free\n");
	fake_dev.fail_nr = FAKE_CREATE;
	fake_dev.fail_nth = 3;
	fake_dev.fail_err = -EPERM;
	fake_run(&r, "create", cfgfile, "name='x'", NULL);
	check(&r, 1, "", "hoist: create: creating 'x': permission denied: run "
	      "as root\n");
	/* Nothing was left behind. */
	assert_null(fake_find(2));
	assert_int_equal(fake_dev.nr_count[FAKE_DESTROY], 0);
	/* More than is free: refused before the module is asked. */
	creates = fake_dev.nr_count[FAKE_CREATE];
	fake_run(&r, "create", cfgfile, "name='huge'", "memory=1760", NULL);
	check(&r, 1, "", "hoist: create: not enough free memory for 'huge': "
	      "memory = 1760 MiB asked, 1759 MiB free\n");
	assert_int_equal(fake_dev.nr_count[FAKE_CREATE], creates);
}

static void test_kernel_too_big_creates_nothing(void **state)
{
	const struct fake_seg seg = { 0x1000000, 0x10, 0x100000 };
	char arg[256];
	struct fake_run r;
	size_t len;
	uint8_t *k = fake_elf(&seg, 1, 0x1000000, 8, 0, &len);
	char *big = fake_temp_file(k, len);

	(void)state;
	snprintf(arg, sizeof(arg), "kernel='%s'", big);
	fake_run(&r, "create", cfgfile, arg, "memory=16", NULL);
	check(&r, 1, "", "hoist: kernel (17 MiB) does not fit in memory = "
	      "16 MiB\n");
	assert_int_equal(fake_dev.opens, 0);
	unlink(big);
	free(big);
	free(k);
}

/* Debian's kind of kernel: the same ELF inside an xz bzImage. */
static void test_bzimage_kernel(void **state)
{
	const struct fake_seg seg = { 0x100000, 0x2000, 0x3000 };
	char arg[256], want[512], *path;
	size_t len, blen;
	struct fake_dom *d;
	struct fake_run r;
	uint8_t *k, *bz;

	(void)state;
	k = fake_elf(&seg, 1, 0x100000, 8, 0, &len);
	bz = fake_bzimage(k, len, 1, &blen);
	path = fake_temp_file(bz, blen);
	snprintf(arg, sizeof(arg), "kernel='%s'", path);
	fake_run(&r, "create", cfgfile, arg, "vcpus=2", NULL);
	check(&r, 0, "", "");
	assert_string_equal(fake_call_seq(), "4 5 5 5 6 7");
	d = fake_find(1);
	assert_int_equal(d->entry, 0x100000);
	assert_int_equal(d->mem[0x100000], fake_seg_byte(0));
	assert_int_equal(d->mem[0x101FFF], fake_seg_byte(0));
	assert_int_equal(d->mem[0x102000], 0);
	unlink(path);
	free(path);
	free(bz);

	/* Another compression: refused before anything is created. */
	fake_reset();
	bz = fake_bzimage(k, len, 0, &blen);
	memcpy(bz + 5 * 512 + 0x100, "\x1f\x8b\x08", 3);	/* gzip */
	path = fake_temp_file(bz, blen);
	snprintf(arg, sizeof(arg), "kernel='%s'", path);
	fake_run(&r, "create", cfgfile, arg, NULL);
	snprintf(want, sizeof(want), "hoist: kernel '%s': bzImage payload is "
		 "gzip-compressed: only xz-compressed kernels "
		 "(CONFIG_KERNEL_XZ, as Debian's) are supported\n", path);
	check(&r, 1, "", want);
	assert_int_equal(fake_dev.opens, 0);
	unlink(path);
	free(path);
	free(bz);
	free(k);
}

static void test_config_errors(void **state)
{
	char *bad = fake_temp_file("memory = 32\n\nname \"x\"\n", 22);
	char want[256];
	struct fake_run r;

	(void)state;
	fake_run(&r, "create", bad, NULL);
	snprintf(want, sizeof(want), "Parsing config from %s\nhoist: %s:3: "
		 "expected '=' after 'name'\n", bad, bad);
	assert_string_equal(r.err, want);
	assert_int_equal(r.ret, 1);
	fake_run_free(&r);
	assert_int_equal(fake_dev.opens, 0);
	unlink(bad);
	free(bad);

	fake_run(&r, "create", "/nonexistent.cfg", NULL);
	assert_string_equal(r.err, "Parsing config from /nonexistent.cfg\n"
			    "hoist: cannot read config file '/nonexistent.cfg': "
			    "No such file or directory\n");
	assert_int_equal(r.ret, 1);
	fake_run_free(&r);
}

static void test_usage_errors(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "create", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: create: no config file given; try "
			    "'hoist help create'\n");
	fake_run_free(&r);
	fake_run(&r, "create", "a.cfg", "b.cfg", NULL);
	assert_string_equal(r.err, "hoist: create: unexpected argument "
			    "'b.cfg'; try 'hoist help create'\n");
	fake_run_free(&r);
	fake_run(&r, "create", "-x", "a.cfg", NULL);
	assert_string_equal(r.err, "hoist: create: unknown option '-x'; try "
			    "'hoist help create'\n");
	fake_run_free(&r);
	fake_run(&r, "create", "-cq", "a.cfg", NULL);
	assert_string_equal(r.err, "hoist: create: unknown option '-cq'; try "
			    "'hoist help create'\n");
	fake_run_free(&r);
}

static void test_no_module(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.open_err = -ENOENT;
	fake_run(&r, "create", cfgfile, NULL);
	assert_string_equal(r.err + strlen(parsing), "hoist: /dev/hoist not "
			    "found: the hoist module is not loaded (insmod "
			    "hoist.ko)\n");
	assert_int_equal(r.ret, 1);
	fake_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create),
		T(test_create_paused),
		T(test_create_console),
		T(test_key_value_arguments),
		T(test_dry_run),
		T(test_boot_fails_destroys),
		T(test_create_refused_cpu_outside),
		T(test_write_fails_destroys),
		T(test_unpause_fails_destroys),
		T(test_monitor_fails_destroys),
		T(test_create_refused),
		T(test_kernel_too_big_creates_nothing),
		T(test_bzimage_kernel),
		T(test_config_errors),
		T(test_usage_errors),
		T(test_no_module),
	};

	return cmocka_run_group_tests_name("tools_create", tests, NULL, NULL);
}
