/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: Linux bzImage kernels (tools/lib/bzimage.c, xz.c,
 * kimage.c): synthetic bzImages built here (an ELF with the PVH note,
 * xz-compressed with liblzma's encoder and the x86 BCJ filter, as
 * Linux's scripts/xz_wrap.sh does), broken ones, and the real Debian
 * kernel of the emulated machine (out/kernel/vmlinuz) when it is there.
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
#include "lib/bzimage.h"
#include "lib/elf.h"
#include "lib/file.h"
#include "lib/kimage.h"
#include "lib/loader.h"
#include "lib/xz.h"

#define PAYLOAD_AT	(5 * 512 + 0x100)	/* fake_bzimage's layout */
#define REAL_KERNEL	"../kernel/vmlinuz"	/* from out/unit */

static struct errbuf e;

/* A small Linux-like kernel: text at 16 MiB, data with a bss. */
static uint8_t *test_elf(size_t *len)
{
	const struct fake_seg segs[2] = {
		{ 0x1000000, 0x3000, 0x3000 },
		{ 0x1200000, 0x800, 0x4000 },
	};

	return fake_elf(segs, 2, 0x1000040, 8, 0, len);
}

static void test_header(void **state)
{
	size_t len, blen;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 1, &blen);
	struct bzimage b;

	(void)state;
	assert_true(bzimage_detect(bz, blen));
	assert_false(bzimage_detect(k, len));
	assert_int_equal(bzimage_parse(bz, blen, &b, &e), 0);
	assert_int_equal(b.version, 0x020F);
	assert_ptr_equal(b.payload, bz + PAYLOAD_AT);
	assert_int_equal(b.payload_len, blen - PAYLOAD_AT);
	assert_int_equal(b.comp, BZ_COMP_XZ);
	assert_string_equal(bzimage_comp_name(b.comp), "xz");
	assert_int_equal(b.size_hint, len);	/* the appended size */
	/* setup_sects 0 means 4, as in the boot protocol. */
	bz[0x1F1] = 0;
	assert_int_equal(bzimage_parse(bz, blen, &b, &e), 0);
	assert_ptr_equal(b.payload, bz + PAYLOAD_AT);
	free(bz);
	free(k);
}

static void test_xz_kernel(void **state)
{
	size_t len, blen;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 1, &blen);
	struct elf_kernel ek;
	struct kimage ki;

	(void)state;
	/* Compressed, so smaller: the ELF's segments are runs of a byte. */
	assert_true(blen < len);
	assert_int_equal(kimage_open("vmlinuz", bz, blen, &ki, &e), 0);
	assert_string_equal(ki.format, "bzImage (xz)");
	assert_int_equal(ki.elf_len, len);
	assert_memory_equal(ki.elf, k, len);
	assert_non_null(ki.decoded);
	assert_int_equal(elf_parse_kernel(ki.elf, ki.elf_len, &ek, &e), 0);
	assert_int_equal(ek.entry, 0x1000040);
	assert_int_equal(ek.nseg, 2);
	kimage_free(&ki);
	assert_null(ki.elf);
	free(bz);
	free(k);
}

static void test_plain_elf_and_stored_payload(void **state)
{
	size_t len, blen;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 0, &blen);
	struct kimage ki;

	(void)state;
	assert_int_equal(kimage_open("vmlinux", k, len, &ki, &e), 0);
	assert_string_equal(ki.format, "ELF");
	assert_ptr_equal(ki.elf, k);
	assert_null(ki.decoded);
	kimage_free(&ki);
	/* A payload stored as is: the ELF inside, not copied. */
	assert_int_equal(kimage_open("vmlinuz", bz, blen, &ki, &e), 0);
	assert_string_equal(ki.format, "bzImage");
	assert_ptr_equal(ki.elf, bz + PAYLOAD_AT);
	assert_memory_equal(ki.elf, k, len);
	kimage_free(&ki);
	free(bz);
	free(k);
}

static void test_other_compressions(void **state)
{
	static const struct {
		const char *magic, *name;
		size_t n;
	} other[] = {
		{ "\x1f\x8b\x08", "gzip", 3 },
		{ "BZh9", "bzip2", 4 },
		{ "\x5d\x00\x00\x80", "lzma", 4 },
		{ "\x89LZO", "lzo", 4 },
		{ "\x02\x21\x4c\x18", "lz4", 4 },
		{ "\x28\xb5\x2f\xfd", "zstd", 4 },
	};
	size_t len, blen, i;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 0, &blen);
	char want[ERRBUF_MAX];
	struct kimage ki;

	(void)state;
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		memcpy(bz + PAYLOAD_AT, other[i].magic, other[i].n);
		assert_int_equal(kimage_open("/boot/vmlinuz", bz, blen, &ki, &e),
				 -ENOEXEC);
		snprintf(want, sizeof(want), "kernel '/boot/vmlinuz': bzImage "
			 "payload is %s-compressed: only xz-compressed kernels "
			 "(CONFIG_KERNEL_XZ, as Debian's) are supported",
			 other[i].name);
		assert_string_equal(e.msg, want);
	}
	memcpy(bz + PAYLOAD_AT, "junk", 4);
	assert_int_equal(kimage_open("k", bz, blen, &ki, &e), -ENOEXEC);
	assert_string_equal(e.msg, "kernel 'k': bzImage payload in an unknown "
			    "format (not xz): only xz-compressed kernels "
			    "(CONFIG_KERNEL_XZ) are supported");
	free(bz);
	free(k);
}

static void test_bad_headers(void **state)
{
	size_t len, blen;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 1, &blen);
	struct kimage ki;

	(void)state;
	bz[0x206] = 0x07;	/* protocol 2.07: no payload fields */
	assert_int_equal(kimage_open("k", bz, blen, &ki, &e), -ENOEXEC);
	assert_string_equal(e.msg, "kernel 'k': bzImage boot protocol 2.07 is "
			    "too old (2.08 or later needed)");
	bz[0x206] = 0x0F;
	bz[0x24F] = 0x10;	/* payload_length beyond the file */
	assert_int_equal(kimage_open("k", bz, blen, &ki, &e), -ENOEXEC);
	assert_non_null(strstr(e.msg, "is outside the file"));
	memset(bz + 0x24C, 0, 4);
	assert_int_equal(kimage_open("k", bz, blen, &ki, &e), -ENOEXEC);
	assert_string_equal(e.msg, "kernel 'k': bzImage without a payload "
			    "(payload_length 0)");
	memset(bz + 0x248, 0xFF, 4);	/* payload_offset far away */
	bz[0x24C] = 1;
	assert_int_equal(kimage_open("k", bz, blen, &ki, &e), -ENOEXEC);
	assert_non_null(strstr(e.msg, "is outside the file"));
	/* "HdrS" with nothing after it. */
	assert_int_equal(kimage_open("k", bz, 0x210, &ki, &e), -ENOEXEC);
	assert_string_equal(e.msg, "kernel 'k': truncated bzImage header");
	free(bz);
	free(k);
}

/* The whole way to a kernel: the file opened, the ELF parsed. */
static int loads(const uint8_t *p, size_t n)
{
	struct elf_kernel ek;
	struct kimage ki;
	int ret = kimage_open("k", p, n, &ki, &e);

	if (!ret)
		ret = elf_parse_kernel(ki.elf, ki.elf_len, &ek, &e);
	kimage_free(&ki);
	return ret;
}

/* Every shorter file (up to "HdrS" it is no bzImage, and no ELF
 * either), and the stream cut short inside a whole file. */
static void test_truncated(void **state)
{
	size_t len, blen, n, step;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 1, &blen);
	uint8_t *copy = malloc(blen);
	uint32_t plen;
	struct kimage ki;

	(void)state;
	assert_non_null(copy);
	for (n = 0; n < blen; n += step) {
		step = n < 0x300 ? 1 : 7;
		/* A copy of exactly n bytes: ASan sees any read beyond. */
		uint8_t *p = malloc(n ? n : 1);

		assert_non_null(p);
		memcpy(p, bz, n);
		assert_int_not_equal(loads(p, n), 0);
		free(p);
	}
	/* payload_length shortened: the xz stream ends early. */
	memcpy(copy, bz, blen);
	memcpy(&plen, copy + 0x24C, 4);
	plen /= 2;
	memcpy(copy + 0x24C, &plen, 4);
	assert_int_equal(kimage_open("k", copy, blen, &ki, &e), -ENOEXEC);
	assert_string_equal(e.msg, "kernel 'k': bzImage payload: the xz data "
			    "is truncated");
	free(copy);
	free(bz);
	free(k);
}

static void test_corrupt(void **state)
{
	size_t len, blen, i;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 1, &blen);
	struct kimage ki;
	uint32_t seed = 42;

	(void)state;
	/* A flipped byte in the compressed data or its CRC. */
	bz[blen - 4 - 20] ^= 0x55;
	assert_int_equal(kimage_open("k", bz, blen, &ki, &e), -ENOEXEC);
	assert_non_null(strstr(e.msg, "kernel 'k': bzImage payload: "));
	free(bz);
	/* Random damage anywhere: an error or a good ELF, never a crash. */
	bz = fake_bzimage(k, len, 1, &blen);
	for (i = 0; i < 300; i++) {
		uint8_t *copy = malloc(blen);
		size_t at;

		assert_non_null(copy);
		memcpy(copy, bz, blen);
		seed = seed * 1103515245u + 12345u;
		at = PAYLOAD_AT + (seed >> 8) % (blen - PAYLOAD_AT);
		copy[at] ^= (uint8_t)(1 + (seed & 0x7F));
		if (!kimage_open("k", copy, blen, &ki, &e))
			kimage_free(&ki);
		free(copy);
	}
	free(bz);
	free(k);
}

static void test_garbage(void **state)
{
	uint8_t img[8192];
	uint32_t seed = 7;
	struct kimage ki;
	size_t i, j;

	(void)state;
	for (i = 0; i < 500; i++) {
		for (j = 0; j < sizeof(img); j++) {
			seed = seed * 1103515245u + 12345u;
			img[j] = (uint8_t)(seed >> 16);
		}
		memcpy(img + 0x202, "HdrS", 4);
		img[0x207] = 2;
		img[0x1F1] = (uint8_t)(i % 12);
		if (i % 2) {
			/* A payload inside the file, of random bytes or an
			 * xz header followed by garbage. */
			uint32_t off = (uint32_t)(i % 900), plen = 2000;

			memcpy(img + 0x248, &off, 4);
			memcpy(img + 0x24C, &plen, 4);
			if (i % 4 == 1 && (img[0x1F1] + 1) * 512u + off + 6 <
			    sizeof(img))
				memcpy(img + (img[0x1F1] ? img[0x1F1] + 1 : 5) *
				       512 + off, "\xfd" "7zXZ\0", 6);
		}
		if (!kimage_open("k", img, sizeof(img), &ki, &e))
			kimage_free(&ki);
	}
}

static void test_xz_limits(void **state)
{
	size_t len, blen, out_len;
	uint8_t *k = test_elf(&len), *bz = fake_bzimage(k, len, 1, &blen);
	const uint8_t *xz = bz + PAYLOAD_AT;
	size_t xz_len = blen - PAYLOAD_AT - 4;
	uint8_t *out;

	(void)state;
	/* Wrong or missing hints only cost reallocations. */
	assert_int_equal(xz_decode(xz, xz_len, 1, 1 << 24, &out, &out_len, &e),
			 0);
	assert_int_equal(out_len, len);
	assert_memory_equal(out, k, len);
	free(out);
	assert_int_equal(xz_decode(xz, xz_len, 0, 1 << 24, &out, &out_len, &e),
			 0);
	assert_int_equal(out_len, len);
	free(out);
	assert_int_equal(xz_decode(xz, xz_len, 0xFFFFFFFF, len, &out, &out_len,
				   &e), 0);
	assert_int_equal(out_len, len);
	free(out);
	/* More than allowed. */
	assert_int_equal(xz_decode(xz, xz_len, 0, len - 1, &out, &out_len, &e),
			 -E2BIG);
	assert_null(out);
	{
		char want[64];

		snprintf(want, sizeof(want), "the xz data decodes to more "
			 "than %zu bytes", len - 1);
		assert_string_equal(e.msg, want);
	}
	assert_int_equal(xz_decode(k, len, 0, 1 << 20, &out, &out_len, &e),
			 -ENOEXEC);
	assert_string_equal(e.msg, "not xz data");
	free(bz);
	free(k);
}

/* The kernel the emulated machine runs (and guests boot): its PVH entry
 * is found and the layout of a 256 MiB guest with a ramdisk works. */
static void test_real_debian_kernel(void **state)
{
	struct elf_kernel ek;
	struct pvh_layout l;
	struct pvh_input in;
	struct kimage ki;
	char *file;
	size_t len;
	unsigned i;

	(void)state;
	if (file_read_all(REAL_KERNEL, &file, &len))
		skip();
	assert_int_equal(kimage_open(REAL_KERNEL, (uint8_t *)file, len, &ki, &e),
			 0);
	assert_string_equal(ki.format, "bzImage (xz)");
	assert_int_equal(elf_parse_kernel(ki.elf, ki.elf_len, &ek, &e), 0);
	/* Linux runs at 16 MiB; pvh_start_xen is in its text. */
	assert_int_equal(ek.seg[0].paddr, 0x1000000);
	assert_true(ek.entry > 0x1000000 && ek.entry < 0x1000000 +
		    ek.seg[0].memsz);
	for (i = 0; i < ek.nseg; i++)
		assert_true(ek.seg[i].paddr >= 0x1000000);
	memset(&in, 0, sizeof(in));
	in.kernel_path = REAL_KERNEL;
	in.kernel = ki.elf;
	in.kernel_len = ki.elf_len;
	in.ramdisk_path = "initrd.img";
	in.ramdisk_len = 40 << 20;
	in.cmdline = "console=hvc0";
	in.mem_bytes = 256ull << 20;
	in.vcpus = 2;
	assert_int_equal(pvh_load(&in, NULL, &l, &e), 0);
	assert_int_equal(l.entry, ek.entry);
	assert_true(l.ramdisk >= l.kernel_end && l.ramdisk % 4096 == 0);
	print_message("# %s: ELF %zu bytes, PVH entry 0x%llx, kernel ends "
		      "at 0x%llx\n", REAL_KERNEL, ki.elf_len,
		      (unsigned long long)ek.entry,
		      (unsigned long long)l.kernel_end);
	kimage_free(&ki);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_xz_kernel),
		cmocka_unit_test(test_plain_elf_and_stored_payload),
		cmocka_unit_test(test_other_compressions),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_xz_limits),
		cmocka_unit_test(test_real_debian_kernel),
	};

	return cmocka_run_group_tests_name("tools_bzimage", tests, NULL, NULL);
}
