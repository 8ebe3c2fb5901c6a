/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Synthetic PVH kernels (ELF files, and bzImages around them) and
 * temporary files for the hoist tool's tests.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lzma.h>
#include <hoist/xen.h>

#include "test_tools_fake.h"

static size_t put(uint8_t *img, size_t off, const void *p, size_t n)
{
	memcpy(img + off, p, n);
	return off + n;
}

/* The note: namesz 4 "Xen\0", descsz, type 18, then the entry. */
static size_t note_bytes(uint8_t *out, uint64_t entry, unsigned size)
{
	uint32_t hdr[3] = { 4, size, XEN_ELFNOTE_PHYS32_ENTRY };

	memcpy(out, hdr, 12);
	memcpy(out + 12, "Xen", 4);
	memcpy(out + 16, &entry, size);
	return 16 + size;
}

const char *fake_elf_guest_os;

/* Xen/GUEST_OS (type 6) with the string: what Linux's xen-head.S has. */
static size_t guest_os_bytes(uint8_t *out, const char *os)
{
	uint32_t hdr[3] = { 4, (uint32_t)strlen(os) + 1, 6 };

	memcpy(out, hdr, 12);
	memcpy(out + 12, "Xen", 4);
	memcpy(out + 16, os, hdr[1]);
	return 16 + ((hdr[1] + 3) & ~3u);
}

static void put_phdr(uint8_t *img, size_t off, int elf32, uint32_t type,
		     uint64_t foff, uint64_t paddr, uint64_t filesz,
		     uint64_t memsz)
{
	if (elf32) {
		Elf32_Phdr p = { type, (Elf32_Off)foff, (Elf32_Addr)paddr,
				 (Elf32_Addr)paddr, (Elf32_Word)filesz,
				 (Elf32_Word)memsz, PF_R | PF_X, 4 };

		put(img, off, &p, sizeof(p));
	} else {
		Elf64_Phdr p = { type, PF_R | PF_X, foff, paddr, paddr, filesz,
				 memsz, 4 };

		put(img, off, &p, sizeof(p));
	}
}

static void put_ehdr(uint8_t *img, int elf32, unsigned phnum, uint64_t entry)
{
	if (elf32) {
		Elf32_Ehdr h = { .e_type = ET_EXEC, .e_machine = EM_386,
				 .e_version = EV_CURRENT,
				 .e_entry = (Elf32_Addr)entry,
				 .e_phoff = sizeof(Elf32_Ehdr),
				 .e_ehsize = sizeof(Elf32_Ehdr),
				 .e_phentsize = sizeof(Elf32_Phdr),
				 .e_phnum = (Elf32_Half)phnum };

		memcpy(h.e_ident, ELFMAG, SELFMAG);
		h.e_ident[EI_CLASS] = ELFCLASS32;
		h.e_ident[EI_DATA] = ELFDATA2LSB;
		h.e_ident[EI_VERSION] = EV_CURRENT;
		put(img, 0, &h, sizeof(h));
	} else {
		Elf64_Ehdr h = { .e_type = ET_EXEC, .e_machine = EM_X86_64,
				 .e_version = EV_CURRENT, .e_entry = entry,
				 .e_phoff = sizeof(Elf64_Ehdr),
				 .e_ehsize = sizeof(Elf64_Ehdr),
				 .e_phentsize = sizeof(Elf64_Phdr),
				 .e_phnum = (Elf64_Half)phnum };

		memcpy(h.e_ident, ELFMAG, SELFMAG);
		h.e_ident[EI_CLASS] = ELFCLASS64;
		h.e_ident[EI_DATA] = ELFDATA2LSB;
		h.e_ident[EI_VERSION] = EV_CURRENT;
		put(img, 0, &h, sizeof(h));
	}
}

uint8_t *fake_elf(const struct fake_seg *segs, unsigned n, uint64_t entry,
		  unsigned note_size, int elf32, size_t *len)
{
	size_t ehsz = elf32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	size_t phsz = elf32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
	unsigned phnum = n + (note_size ? 1 : 0), i;
	size_t off = ehsz + phnum * phsz, total = off + 32 + 64, note;
	uint8_t *img;

	for (i = 0; i < n; i++)
		total += segs[i].filesz;
	img = calloc(1, total);
	if (!img)
		abort();
	put_ehdr(img, elf32, phnum, entry);
	if (note_size) {
		note = note_bytes(img + off, entry, note_size);
		if (fake_elf_guest_os)
			note += guest_os_bytes(img + off + note,
					       fake_elf_guest_os);
		put_phdr(img, ehsz + n * phsz, elf32, PT_NOTE, off, 0,
			 note, note);
		off += note;
	}
	for (i = 0; i < n; i++) {
		put_phdr(img, ehsz + i * phsz, elf32, PT_LOAD, off,
			 segs[i].paddr, segs[i].filesz, segs[i].memsz);
		memset(img + off, fake_seg_byte(i), segs[i].filesz);
		off += segs[i].filesz;
	}
	*len = off;
	return img;
}

#define BZ_SETUP_SECTS	4
#define BZ_PAYLOAD_OFF	0x100	/* the decompressor's code before it */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* xz --check=crc32 --x86 --lzma2: scripts/xz_wrap.sh (which asks for a
 * 32 MiB dictionary; preset 1's 1 MiB keeps the encoder cheap and the
 * stream the same kind). */
static size_t xz_encode(const uint8_t *in, size_t len, uint8_t *out,
			size_t size)
{
	lzma_options_lzma opt;
	lzma_filter filters[3];
	size_t pos = 0;

	if (lzma_lzma_preset(&opt, 1))
		abort();
	filters[0] = (lzma_filter){ LZMA_FILTER_X86, NULL };
	filters[1] = (lzma_filter){ LZMA_FILTER_LZMA2, &opt };
	filters[2] = (lzma_filter){ LZMA_VLI_UNKNOWN, NULL };
	if (lzma_stream_buffer_encode(filters, LZMA_CHECK_CRC32, NULL, in, len,
				      out, &pos, size) != LZMA_OK)
		abort();
	return pos;
}

uint8_t *fake_bzimage(const uint8_t *elf, size_t elf_len, int xz,
		      size_t *len)
{
	size_t start = (BZ_SETUP_SECTS + 1) * 512 + BZ_PAYLOAD_OFF;
	size_t bound = lzma_stream_buffer_bound(elf_len) + 4;
	uint8_t *img = calloc(1, start + bound);
	size_t plen;

	if (!img)
		abort();
	img[0x1F1] = BZ_SETUP_SECTS;
	put16(img + 0x1FE, 0xAA55);		/* boot_flag */
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020F);		/* protocol 2.15 */
	memset(img + (BZ_SETUP_SECTS + 1) * 512, 0x90, BZ_PAYLOAD_OFF);
	if (xz) {
		plen = xz_encode(elf, elf_len, img + start, bound - 4);
	} else {
		memcpy(img + start, elf, elf_len);
		plen = elf_len;
	}
	put32(img + start + plen, (uint32_t)elf_len);	/* size_append */
	plen += 4;
	put32(img + 0x248, BZ_PAYLOAD_OFF);
	put32(img + 0x24C, (uint32_t)plen);
	*len = start + plen;
	return img;
}

char *fake_temp_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/hoist-unit-XXXXXX");
	int fd;

	if (!path)
		abort();
	fd = mkstemp(path);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}
