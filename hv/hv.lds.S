/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv.bin: linked at 0 as a position-independent image; the header at its
 * start (struct hoist_image_header) is written here.  Run through the C
 * preprocessor (hv/build.mk) for the ABI's constants.
 */
#include <hoist/image.h>

OUTPUT_FORMAT("elf64-x86-64")
ENTRY(hv_setup_entry)

SECTIONS
{
	. = 0;
	__image_start = .;
	.header : {
		LONG(HOIST_IMAGE_MAGIC)
		LONG(HOIST_IMAGE_VERSION)
		QUAD(__file_end - __image_start)
		QUAD(__mem_end - __image_start)
		QUAD(__text_end - __image_start)
		QUAD(hv_setup_entry - __image_start)
		QUAD(hv_cpu_entry - __image_start)
	}
	.text : {
		*(.text.entry)
		*(.text .text.*)
	}
	. = ALIGN(4096);
	__text_end = .;
	.rodata : { *(.rodata .rodata.*) }
	.data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) }
	.rela.dyn : {
		__rela_start = .;
		*(.rela .rela.*)
		__rela_end = .;
	}
	.dynamic : { *(.dynamic) }
	.dynsym : { *(.dynsym) }
	.dynstr : { *(.dynstr) }
	.hash : { *(.hash) }
	.gnu.hash : { *(.gnu.hash) }
	.got : { *(.got .got.*) }
	.data : { *(.data .data.*) }
	__file_end = .;
	.bss : { *(.bss .bss.*) *(COMMON) }
	. = ALIGN(4096);
	__mem_end = .;
	/DISCARD/ : { *(.comment) *(.note .note.*) *(.eh_frame*) *(.interp) }
}
