/*
 * From head.S to guest_main(): the START line and start_info checks.
 * Also the ELF note that makes the image a PVH guest.
 */
#include "guest.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * Xen PVH entry note: owner "Xen", type XEN_ELFNOTE_PHYS32_ENTRY, a 4-byte
 * physical entry address (guest.lds keeps it in a PT_NOTE segment).
 */
__asm__(".pushsection .note.Xen, \"a\", @note\n"
	"\t.p2align 2\n"
	"\t.long 4\n"					/* namesz: "Xen\0" */
	"\t.long 4\n"					/* descsz */
	"\t.long " STR(XEN_ELFNOTE_PHYS32_ENTRY) "\n"	/* type */
	"\t.asciz \"Xen\"\n"
	"\t.p2align 2\n"
	"\t.long pvh_start32\n"
	"\t.popsection\n");

/* head.S maps 0 .. 64 GiB, but the start info, its memory map and the
 * command line belong below 4 GiB (the PVH entry gets start_info in EBX,
 * and every loader puts the rest beside it): above is a broken loader. */
#define START_INFO_LIMIT	0x100000000ull

const struct hvm_start_info *guest_start_info;

noreturn void guest_boot(unsigned long si_pa);

noreturn void guest_boot(unsigned long si_pa)
{
	const struct hvm_start_info *si = (const void *)si_pa;

	gprintf("HOIST-GUEST: START %s\n", guest_name);
	if (!si)
		guest_fail("no start_info (EBX = 0)");
	if (si->magic != XEN_HVM_START_MAGIC)
		guest_fail("start_info at 0x%lx: magic 0x%x, expected 0x%x",
			   si_pa, si->magic, XEN_HVM_START_MAGIC);
	if (si->cmdline_paddr >= START_INFO_LIMIT)
		guest_fail("cmdline_paddr 0x%lx is above 4 GiB",
			   (unsigned long)si->cmdline_paddr);
	if (si->version >= 1 && si->memmap_paddr >= START_INFO_LIMIT)
		guest_fail("memmap_paddr 0x%lx is above 4 GiB",
			   (unsigned long)si->memmap_paddr);
	guest_start_info = si;
	guest_main(si);
	guest_fail("guest_main returned");
}
