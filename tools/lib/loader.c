/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The PVH loader (see loader.h for the layout). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <hoist/xen.h>

#include "lib/acpi.h"
#include "lib/elf.h"
#include "lib/loader.h"

#define MIB	(1024ull * 1024)

/* Source of the zeros written over a bss. */
static const uint8_t zeros[64 * 1024];

static uint64_t page_up(uint64_t v)
{
	return (v + PVH_PAGE - 1) & ~(PVH_PAGE - 1);
}

static unsigned long long mib_up(uint64_t v)
{
	return (unsigned long long)((v + MIB - 1) / MIB);
}

/* An empty command line is none: cmdline_paddr 0, as libxc does. */
static uint64_t cmdline_size(const struct pvh_input *in)
{
	return *in->cmdline ? strlen(in->cmdline) + 1 : 0;
}

static unsigned vcpus(const struct pvh_input *in)
{
	return in->vcpus ? in->vcpus : 1;
}

/* Each segment: outside the legacy hole, in RAM; the entry in one. */
static int check_segments(const struct pvh_input *in,
			  const struct elf_kernel *k,
			  const struct hvm_memmap_table_entry *map,
			  unsigned nmap, uint64_t *top, struct errbuf *e)
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
	if (*top > in->mem_bytes)
		return errbuf_set(e, -E2BIG, "kernel (%llu MiB) does not fit "
				  "in memory = %llu MiB", mib_up(*top),
				  (unsigned long long)(in->mem_bytes / MIB));
	for (i = 0; i < k->nseg; i++)
		if (!pvh_memmap_is_ram(map, nmap, k->seg[i].paddr,
				       k->seg[i].memsz))
			return errbuf_set(e, -E2BIG, "kernel '%s': segment at "
					  "0x%llx is in the hole below 4 GiB, "
					  "not in the guest's RAM",
					  in->kernel_path, (unsigned long long)
					  k->seg[i].paddr);
	return 0;
}

static int plan_start_area(const struct pvh_input *in, struct pvh_layout *l,
			   struct errbuf *e)
{
	uint64_t area = PVH_START_INFO + sizeof(struct hvm_start_info);
	uint64_t room;

	l->start_info = PVH_START_INFO;
	l->rsdp = PVH_INFO_BASE;
	if (in->ramdisk_path) {
		l->modlist = area;
		area += sizeof(struct hvm_modlist_entry);
	}
	l->memmap = area;
	area += l->memmap_entries * sizeof(struct hvm_memmap_table_entry);
	room = PVH_INFO_END - area;
	if (cmdline_size(in) > room)
		return errbuf_set(e, -E2BIG, "the command line is too long "
				  "(%llu bytes, at most %llu)",
				  (unsigned long long)cmdline_size(in) - 1,
				  (unsigned long long)room - 1);
	if (cmdline_size(in))
		l->cmdline = area;
	l->info_end = area + cmdline_size(in);
	return 0;
}

static int plan_ramdisk(const struct pvh_input *in,
			const struct hvm_memmap_table_entry *map,
			unsigned nmap, struct pvh_layout *l, struct errbuf *e)
{
	uint64_t end;

	l->end = l->kernel_end;
	if (!in->ramdisk_path)
		return 0;
	l->ramdisk = page_up(l->kernel_end);
	end = l->ramdisk + in->ramdisk_len;
	if (end > in->mem_bytes)
		return errbuf_set(e, -E2BIG, "kernel + ramdisk (%llu MiB) do "
				  "not fit in memory = %llu MiB", mib_up(end),
				  (unsigned long long)(in->mem_bytes / MIB));
	if (end > PVH_RAMDISK_LIMIT)
		return errbuf_set(e, -E2BIG, "ramdisk '%s' would end above "
				  "4 GiB", in->ramdisk_path);
	if (!pvh_memmap_is_ram(map, nmap, l->ramdisk, in->ramdisk_len))
		return errbuf_set(e, -E2BIG, "ramdisk '%s' at 0x%llx-0x%llx "
				  "would not be in the guest's RAM",
				  in->ramdisk_path,
				  (unsigned long long)l->ramdisk,
				  (unsigned long long)end - 1);
	l->end = end;
	return 0;
}

static int plan(const struct pvh_input *in, const struct elf_kernel *k,
		struct hvm_memmap_table_entry *map, struct pvh_layout *l,
		struct errbuf *e)
{
	int ret;

	memset(l, 0, sizeof(*l));
	l->entry = k->entry;
	l->console_gfn = HOIST_GUEST_CONSOLE_PFN;
	l->memmap_entries = pvh_memmap_build(in->mem_bytes, map);
	if ((ret = check_segments(in, k, map, l->memmap_entries,
				  &l->kernel_end, e)) ||
	    (ret = plan_start_area(in, l, e)))
		return ret;
	if (acpi_size(vcpus(in)) > PVH_ACPI_MAX)
		return errbuf_set(e, -E2BIG, "%u vCPUs: the ACPI tables do "
				  "not fit", vcpus(in));
	return plan_ramdisk(in, map, l->memmap_entries, l, e);
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

/* The start information, at its place in area (which starts at
 * PVH_INFO_BASE). */
static void fill_start_info(uint8_t *area, const struct pvh_input *in,
			    const struct pvh_layout *l,
			    const struct hvm_memmap_table_entry *map)
{
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC,
		.version = 1,
		.flags = 0,
		.nr_modules = in->ramdisk_path ? 1 : 0,
		.modlist_paddr = l->modlist,
		.cmdline_paddr = l->cmdline,
		.rsdp_paddr = l->rsdp,
		.memmap_paddr = l->memmap,
		.memmap_entries = l->memmap_entries,
	};

	memcpy(area + (l->start_info - PVH_INFO_BASE), &si, sizeof(si));
	if (in->ramdisk_path) {
		struct hvm_modlist_entry mod = {
			.paddr = l->ramdisk, .size = in->ramdisk_len,
		};

		memcpy(area + (l->modlist - PVH_INFO_BASE), &mod, sizeof(mod));
	}
	memcpy(area + (l->memmap - PVH_INFO_BASE), map,
	       l->memmap_entries * sizeof(*map));
	if (l->cmdline)
		strcpy((char *)area + (l->cmdline - PVH_INFO_BASE),
		       in->cmdline);
}

/* ACPI tables and start information: one write from PVH_INFO_BASE. */
static int write_info(const struct pvh_input *in, const struct pvh_layout *l,
		      const struct hvm_memmap_table_entry *map,
		      const struct guest_writer *w)
{
	size_t size = (size_t)(l->info_end - PVH_INFO_BASE);
	uint8_t *area = calloc(1, size);
	struct acpi_tables t;
	int ret;

	if (!area)
		return -ENOMEM;
	ret = acpi_build(area, PVH_ACPI_MAX, l->rsdp, vcpus(in), &t);
	if (!ret) {
		fill_start_info(area, in, l, map);
		ret = write_range(w, PVH_INFO_BASE, area, size);
	}
	free(area);
	return ret;
}

int pvh_load(const struct pvh_input *in, const struct guest_writer *w,
	     struct pvh_layout *l, struct errbuf *e)
{
	struct hvm_memmap_table_entry map[PVH_MEMMAP_MAX];
	struct elf_kernel k;
	struct errbuf why;
	int ret = elf_parse_kernel(in->kernel, in->kernel_len, &k, &why);

	if (ret)
		return errbuf_set(e, ret, "kernel '%s': %s", in->kernel_path,
				  why.msg);
	if ((ret = plan(in, &k, map, l, e)))
		return ret;
	if (!w)
		return 0;
	ret = write_segments(in, &k, w);
	if (!ret)
		ret = write_info(in, l, map, w);
	if (!ret && in->ramdisk_path)
		ret = write_range(w, l->ramdisk, in->ramdisk, in->ramdisk_len);
	if (ret)
		return errbuf_set(e, ret, "writing the guest's memory: %s",
				  strerror(-ret));
	return 0;
}
