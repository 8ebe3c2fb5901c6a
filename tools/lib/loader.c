/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The PVH loader (see loader.h for the layout). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <hoist/xen.h>

#include "lib/elf.h"
#include "lib/loader.h"

#define MIB	(1024ull * 1024)

/* Source of the zeros written over a bss. */
static const uint8_t zeros[64 * 1024];

static uint64_t page_up(uint64_t v)
{
	return (v + PVH_PAGE - 1) & ~(PVH_PAGE - 1);
}

/* An empty command line is none: cmdline_paddr 0, as libxc does. */
static uint64_t cmdline_size(const struct pvh_input *in)
{
	return *in->cmdline ? strlen(in->cmdline) + 1 : 0;
}

static uint64_t start_area_size(const struct pvh_input *in)
{
	return sizeof(struct hvm_start_info) +
	       (in->ramdisk_path ? sizeof(struct hvm_modlist_entry) : 0) +
	       PVH_MEMMAP_ENTRIES * sizeof(struct hvm_memmap_table_entry) +
	       cmdline_size(in);
}

static int check_segments(const struct pvh_input *in,
			  const struct elf_kernel *k, uint64_t *top,
			  struct errbuf *e)
{
	int entry_inside = 0;
	unsigned i;

	*top = 0;
	for (i = 0; i < k->nseg; i++) {
		const struct elf_segment *s = &k->seg[i];
		uint64_t end = s->paddr + s->memsz;

		if (s->paddr < PVH_HOLE_END && end > PVH_LOW_RAM_END)
			return errbuf_set(e, -ENOEXEC, "kernel '%s': segment "
					  "0x%llx-0x%llx overlaps the reserved "
					  "range 0xa0000-0xfffff",
					  in->kernel_path,
					  (unsigned long long)s->paddr,
					  (unsigned long long)end - 1);
		if (k->entry >= s->paddr && k->entry < end)
			entry_inside = 1;
		if (end > *top)
			*top = end;
	}
	if (!entry_inside)
		return errbuf_set(e, -ENOEXEC, "kernel '%s': PVH entry 0x%llx "
				  "is outside its segments", in->kernel_path,
				  (unsigned long long)k->entry);
	return 0;
}

static int plan(const struct pvh_input *in, const struct elf_kernel *k,
		struct pvh_layout *l, struct errbuf *e)
{
	uint64_t top, area;
	int ret = check_segments(in, k, &top, e);

	if (ret)
		return ret;
	memset(l, 0, sizeof(*l));
	if (top > PVH_START_LIMIT)
		return errbuf_set(e, -E2BIG, "kernel '%s' ends at %llu MiB: "
				  "the PVH start info must lie below 1 GiB",
				  in->kernel_path,
				  (unsigned long long)(top / MIB));
	l->entry = k->entry;
	l->start_info = page_up(top);
	area = l->start_info + sizeof(struct hvm_start_info);
	if (in->ramdisk_path) {
		l->modlist = area;
		area += sizeof(struct hvm_modlist_entry);
	}
	l->memmap = area;
	if (cmdline_size(in))
		l->cmdline = area + PVH_MEMMAP_ENTRIES *
			     sizeof(struct hvm_memmap_table_entry);
	l->end = page_up(l->start_info + start_area_size(in));
	if (l->end > PVH_START_LIMIT)
		return errbuf_set(e, -E2BIG, "kernel '%s' ends at %llu MiB: "
				  "the PVH start info must lie below 1 GiB",
				  in->kernel_path,
				  (unsigned long long)(top / MIB));
	if (in->ramdisk_path) {
		l->ramdisk = l->end;
		l->end = page_up(l->ramdisk + in->ramdisk_len);
	}
	return 0;
}

static int check_fit(const struct pvh_input *in, const struct pvh_layout *l,
		     struct errbuf *e)
{
	unsigned long long need = (l->end + MIB - 1) / MIB;
	unsigned long long have = in->mem_bytes / MIB;

	if (l->end > in->mem_bytes)
		return in->ramdisk_path ?
			errbuf_set(e, -E2BIG, "kernel + ramdisk (%llu MiB) do "
				   "not fit in memory = %llu MiB", need, have) :
			errbuf_set(e, -E2BIG, "kernel (%llu MiB) does not fit "
				   "in memory = %llu MiB", need, have);
	if (in->ramdisk_path && l->end > PVH_RAMDISK_LIMIT)
		return errbuf_set(e, -E2BIG, "ramdisk '%s' would end above "
				  "4 GiB", in->ramdisk_path);
	return 0;
}

/* Writes in PVH_WRITE_CHUNK pieces; buf == NULL writes zeros. */
static int write_range(const struct guest_writer *w, uint64_t gpa,
		       const uint8_t *buf, uint64_t len)
{
	while (len) {
		uint64_t max = buf ? PVH_WRITE_CHUNK : sizeof(zeros);
		size_t n = (size_t)(len > max ? max : len);
		int ret = w->write(w->ctx, gpa, buf ? buf : zeros, n);

		if (ret)
			return ret;
		gpa += n;
		len -= n;
		if (buf)
			buf += n;
	}
	return 0;
}

static int write_segments(const struct pvh_input *in,
			  const struct elf_kernel *k,
			  const struct guest_writer *w)
{
	unsigned i;
	int ret;

	for (i = 0; i < k->nseg; i++) {
		const struct elf_segment *s = &k->seg[i];

		ret = write_range(w, s->paddr, in->kernel + s->offset,
				  s->filesz);
		/* Memory comes zeroed, but the bss is the loader's job. */
		if (!ret)
			ret = write_range(w, s->paddr + s->filesz, NULL,
					  s->memsz - s->filesz);
		if (ret)
			return ret;
	}
	return 0;
}

static void fill_memmap(uint8_t *p, uint64_t mem)
{
	const struct hvm_memmap_table_entry map[PVH_MEMMAP_ENTRIES] = {
		{ 0, PVH_LOW_RAM_END, XEN_HVM_MEMMAP_TYPE_RAM, 0 },
		{ PVH_LOW_RAM_END, PVH_HOLE_END - PVH_LOW_RAM_END,
		  XEN_HVM_MEMMAP_TYPE_RESERVED, 0 },
		{ PVH_HOLE_END, mem - PVH_HOLE_END, XEN_HVM_MEMMAP_TYPE_RAM, 0 },
	};

	memcpy(p, map, sizeof(map));
}

static int write_start_area(const struct pvh_input *in,
			    const struct pvh_layout *l,
			    const struct guest_writer *w)
{
	uint64_t size = start_area_size(in);
	uint8_t *area = calloc(1, (size_t)size);
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC,
		.version = 1,
		.flags = 0,
		.nr_modules = in->ramdisk_path ? 1 : 0,
		.modlist_paddr = l->modlist,
		.cmdline_paddr = l->cmdline,
		.rsdp_paddr = 0,
		.memmap_paddr = l->memmap,
		.memmap_entries = PVH_MEMMAP_ENTRIES,
	};
	int ret;

	if (!area)
		return -ENOMEM;
	memcpy(area, &si, sizeof(si));
	if (in->ramdisk_path) {
		struct hvm_modlist_entry mod = {
			.paddr = l->ramdisk, .size = in->ramdisk_len,
		};

		memcpy(area + (l->modlist - l->start_info), &mod, sizeof(mod));
	}
	fill_memmap(area + (l->memmap - l->start_info), in->mem_bytes);
	if (l->cmdline)
		strcpy((char *)area + (l->cmdline - l->start_info), in->cmdline);
	ret = write_range(w, l->start_info, area, size);
	free(area);
	return ret;
}

int pvh_load(const struct pvh_input *in, const struct guest_writer *w,
	     struct pvh_layout *l, struct errbuf *e)
{
	struct elf_kernel k;
	struct errbuf why;
	int ret = elf_parse_kernel(in->kernel, in->kernel_len, &k, &why);

	if (ret)
		return errbuf_set(e, ret, "kernel '%s': %s", in->kernel_path,
				  why.msg);
	if ((ret = plan(in, &k, l, e)) || (ret = check_fit(in, l, e)))
		return ret;
	if (!w)
		return 0;
	ret = write_segments(in, &k, w);
	if (!ret)
		ret = write_start_area(in, l, w);
	if (!ret && in->ramdisk_path)
		ret = write_range(w, l->ramdisk, in->ramdisk, in->ramdisk_len);
	if (ret)
		return errbuf_set(e, ret, "writing the guest's memory: %s",
				  strerror(-ret));
	return 0;
}
