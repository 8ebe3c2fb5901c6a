/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ELF kernel images for PVH: program headers and the Xen notes, read
 * with bounds checks on every offset (the file is untrusted input).
 * Layouts from <elf.h>; the note as Xen's libelf reads it: a 4- or
 * 8-byte little-endian value (Linux writes 8, head.S _ASM_PTR).
 */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <hoist/xen.h>

#include "lib/elf.h"

#define NOTE_ALIGN		4

/* A program header, in 64-bit form whatever the class. */
struct phdr {
	uint32_t type;
	uint64_t offset, paddr, filesz, memsz;
};

static int in_file(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

static void read_phdr(const uint8_t *buf, int is64, uint64_t off,
		      struct phdr *ph)
{
	if (is64) {
		Elf64_Phdr p;

		memcpy(&p, buf + off, sizeof(p));
		*ph = (struct phdr){ p.p_type, p.p_offset, p.p_paddr,
				     p.p_filesz, p.p_memsz };
	} else {
		Elf32_Phdr p;

		memcpy(&p, buf + off, sizeof(p));
		*ph = (struct phdr){ p.p_type, p.p_offset, p.p_paddr,
				     p.p_filesz, p.p_memsz };
	}
}

static uint64_t align4(uint64_t v)
{
	return (v + NOTE_ALIGN - 1) & ~(uint64_t)(NOTE_ALIGN - 1);
}

/* Xen's public/elfnote.h: the guest OS's name ("linux"), a string. */
#define XEN_ELFNOTE_GUEST_OS	6

static void copy_guest_os(struct elf_kernel *k, const uint8_t *desc,
			  uint32_t descsz)
{
	size_t n = descsz < sizeof(k->guest_os) - 1 ? descsz :
		   sizeof(k->guest_os) - 1;

	memcpy(k->guest_os, desc, n);
	k->guest_os[n] = '\0';
}

/*
 * Looks for Xen/PHYS32_ENTRY (and Xen/GUEST_OS) in one PT_NOTE: 1 with
 * the entry found, 0 not, -EINVAL.
 */
static int scan_notes(const uint8_t *p, uint64_t size, struct elf_kernel *k)
{
	uint64_t off = 0;
	int found = 0;

	while (size - off >= 12) {
		uint32_t namesz, descsz, type;
		uint64_t name, desc, next;

		memcpy(&namesz, p + off, 4);
		memcpy(&descsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		name = off + 12;
		desc = name + align4(namesz);
		next = desc + align4(descsz);
		if (desc > size || next > size)
			return -EINVAL;
		if (namesz == 4 && !memcmp(p + name, "Xen", 4) &&
		    type == XEN_ELFNOTE_PHYS32_ENTRY && !found) {
			if (descsz != 4 && descsz != 8)
				return -EINVAL;
			k->entry = 0;
			memcpy(&k->entry, p + desc, descsz);	/* little-endian */
			found = 1;
		}
		if (namesz == 4 && !memcmp(p + name, "Xen", 4) &&
		    type == XEN_ELFNOTE_GUEST_OS)
			copy_guest_os(k, p + desc, descsz);
		off = next;
	}
	return found;
}

static int check_header(const uint8_t *buf, size_t len, int *is64,
			uint64_t *phoff, unsigned *phnum, struct errbuf *e)
{
	Elf64_Ehdr h64;
	Elf32_Ehdr h32;

	if (len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG))
		return errbuf_set(e, -ENOEXEC, "not an ELF file");
	*is64 = buf[EI_CLASS] == ELFCLASS64;
	if ((!*is64 && buf[EI_CLASS] != ELFCLASS32) ||
	    buf[EI_DATA] != ELFDATA2LSB)
		return errbuf_set(e, -ENOEXEC, "not a little-endian ELF32 or "
				  "ELF64 file");
	if (len < (*is64 ? sizeof(h64) : sizeof(h32)))
		return errbuf_set(e, -ENOEXEC, "truncated ELF header");
	if (*is64) {
		memcpy(&h64, buf, sizeof(h64));
		*phoff = h64.e_phoff;
		*phnum = h64.e_phnum;
		if (h64.e_machine != EM_X86_64 ||
		    h64.e_phentsize != sizeof(Elf64_Phdr))
			return errbuf_set(e, -ENOEXEC, "not an x86 kernel");
	} else {
		memcpy(&h32, buf, sizeof(h32));
		*phoff = h32.e_phoff;
		*phnum = h32.e_phnum;
		if (h32.e_machine != EM_386 ||
		    h32.e_phentsize != sizeof(Elf32_Phdr))
			return errbuf_set(e, -ENOEXEC, "not an x86 kernel");
	}
	if (!in_file(*phoff, (uint64_t)*phnum * (*is64 ? sizeof(Elf64_Phdr) :
					sizeof(Elf32_Phdr)), len))
		return errbuf_set(e, -ENOEXEC, "program headers outside the "
				  "file");
	return 0;
}

static int add_load(struct elf_kernel *k, const struct phdr *ph, size_t len,
		    struct errbuf *e)
{
	if (!ph->memsz)
		return 0;
	if (ph->filesz > ph->memsz || !in_file(ph->offset, ph->filesz, len))
		return errbuf_set(e, -ENOEXEC, "segment at 0x%llx lies "
				  "outside the file",
				  (unsigned long long)ph->paddr);
	if (ph->paddr + ph->memsz < ph->paddr)
		return errbuf_set(e, -ENOEXEC, "segment at 0x%llx wraps "
				  "around", (unsigned long long)ph->paddr);
	if (k->nseg == ELF_MAX_SEGMENTS)
		return errbuf_set(e, -ENOEXEC, "more than %d loadable "
				  "segments", ELF_MAX_SEGMENTS);
	k->seg[k->nseg++] = (struct elf_segment){ ph->paddr, ph->offset,
						  ph->filesz, ph->memsz };
	return 0;
}

int elf_parse_kernel(const uint8_t *buf, size_t len, struct elf_kernel *k,
		     struct errbuf *e)
{
	uint64_t phoff = 0;
	unsigned phnum = 0, i;
	int is64 = 0, found = 0, ret;

	memset(k, 0, sizeof(*k));
	if ((ret = check_header(buf, len, &is64, &phoff, &phnum, e)))
		return ret;
	for (i = 0; i < phnum; i++) {
		struct phdr ph;

		read_phdr(buf, is64, phoff + (uint64_t)i * (is64 ?
			  sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)), &ph);
		if (ph.type == PT_LOAD && (ret = add_load(k, &ph, len, e)))
			return ret;
		if (ph.type != PT_NOTE)
			continue;
		if (!in_file(ph.offset, ph.filesz, len))
			return errbuf_set(e, -ENOEXEC, "note outside the file");
		if (found) {
			/* Only for GUEST_OS: the first entry stands. */
			struct elf_kernel more = *k;

			if (scan_notes(buf + ph.offset, ph.filesz, &more) < 0)
				return errbuf_set(e, -ENOEXEC,
						  "malformed ELF note");
			memcpy(k->guest_os, more.guest_os, sizeof(k->guest_os));
			continue;
		}
		found = scan_notes(buf + ph.offset, ph.filesz, k);
		if (found < 0)
			return errbuf_set(e, -ENOEXEC, "malformed ELF note");
	}
	if (!found)
		return errbuf_set(e, -ENOEXEC, "no PVH entry point (ELF note "
				  "Xen/XEN_ELFNOTE_PHYS32_ENTRY): not a PVH "
				  "kernel");
	if (!k->nseg)
		return errbuf_set(e, -ENOEXEC, "no loadable segment");
	if (k->entry > UINT32_MAX)
		return errbuf_set(e, -ENOEXEC, "PVH entry 0x%llx is above "
				  "4 GiB", (unsigned long long)k->entry);
	return 0;
}
