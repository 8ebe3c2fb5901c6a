/* SPDX-License-Identifier: GPL-2.0 */
/* The hypervisor image, carried inside the module. */
	.section .rodata, "a"
	.balign 4096
	.globl hoist_hv_image
hoist_hv_image:
	.incbin HOIST_HV_BIN
	.globl hoist_hv_image_end
hoist_hv_image_end:
