/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The ACPI tables of a PVH guest, as libxl builds them for PVH: RSDP ->
 * XSDT -> FADT (-> DSDT) and MADT.  Linux needs the MADT: without a local
 * APIC listed it never installs the Xen timer and hangs; the FADT says
 * "hardware-reduced ACPI", so Linux looks for no PIT, 8259, PM timer or
 * SCI.  Layout from the ACPI 6.x specification:
 *
 *   RSDP  36 bytes, revision 2: "RSD PTR ", checksum of bytes 0-19 at 8,
 *         OEM ID, revision, RSDT address (0: none), length, XSDT address,
 *         extended checksum of all 36 at 32
 *   every other table: a 36-byte header (signature, length, revision,
 *         checksum at 9 making all bytes sum to 0, OEM ID, OEM table ID,
 *         OEM revision, creator ID, creator revision), then:
 *   XSDT  u64 addresses of the FADT and the MADT
 *   FADT  revision 6, 276 bytes: DSDT and X_DSDT, flags HW_REDUCED_ACPI
 *         and RESET_REG_SUP, IA-PC boot flags "no VGA, no CMOS RTC" (and
 *         no 8042); no PM or GPE blocks.  The reset register and the
 *         hardware-reduced sleep control/status registers are byte ports
 *         the hypervisor serves (HOIST_PORT_* in hoist/hypercall.h):
 *         Linux reboots and powers off through them.
 *   DSDT  the header and one AML object, Name (_S5, Package { 5, 5, 0, 0 }),
 *         without which Linux offers no ACPI power-off
 *   MADT  local APIC address 0xFEE00000, flags 0 (no 8259), one
 *         Processor Local APIC entry per vCPU (type 0, length 8, ACPI
 *         processor id i, APIC id i, flags 1 = enabled)
 *
 * Pure functions: the tables are built into a buffer, with the guest
 * address the buffer will have.
 */
#ifndef HOIST_TOOLS_ACPI_H
#define HOIST_TOOLS_ACPI_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_RSDP_LEN		36
#define ACPI_RSDP_V1_LEN	20	/* covered by the first checksum */
#define ACPI_HDR_LEN		36
#define ACPI_XSDT_LEN		(ACPI_HDR_LEN + 2 * 8)
#define ACPI_FADT_LEN		276
#define ACPI_FADT_REVISION	6
#define ACPI_DSDT_AML_LEN	14
#define ACPI_DSDT_LEN		(ACPI_HDR_LEN + ACPI_DSDT_AML_LEN)
#define ACPI_MADT_LAPIC_LEN	8
#define ACPI_MADT_LEN(n)	(ACPI_HDR_LEN + 8 + (n) * ACPI_MADT_LAPIC_LEN)

/* FADT fields used */
#define ACPI_FADT_DSDT_OFF	40	/* u32 */
#define ACPI_FADT_BOOT_ARCH_OFF	109	/* u16 IAPC_BOOT_ARCH */
#define ACPI_FADT_FLAGS_OFF	112	/* u32 */
#define ACPI_FADT_MINOR_OFF	131	/* u8 */
#define ACPI_FADT_RESET_REG_OFF	116	/* GAS */
#define ACPI_FADT_RESET_VAL_OFF	128	/* u8 */
#define ACPI_FADT_X_DSDT_OFF	140	/* u64 */
#define ACPI_FADT_SLEEP_CTL_OFF	244	/* GAS (ACPI 5+) */
#define ACPI_FADT_SLEEP_STS_OFF	256	/* GAS (ACPI 5+) */
#define ACPI_FADT_RESET_REG_SUP	(1u << 10)
#define ACPI_FADT_HW_REDUCED	(1u << 20)
#define ACPI_GAS_SYSTEM_IO	1
#define ACPI_BOOT_NO_VGA	(1u << 2)
#define ACPI_BOOT_NO_CMOS_RTC	(1u << 5)

#define ACPI_LAPIC_ADDR		0xFEE00000u
#define ACPI_MADT_ENABLED	1u

/* Where each table is: guest-physical addresses. */
struct acpi_tables {
	uint64_t rsdp, xsdt, fadt, dsdt, madt;
	size_t size;		/* bytes from the RSDP to the MADT's end */
};

/* Bytes the tables take for vcpus vCPUs. */
size_t acpi_size(unsigned vcpus);

/*
 * Writes the tables for vcpus vCPUs (1..255) into buf, which the guest
 * will see at base (16-byte aligned).  0, or -EINVAL (bad vcpus or base)
 * / -E2BIG (size < acpi_size(vcpus)).  t says where each table went.
 */
int acpi_build(uint8_t *buf, size_t size, uint64_t base, unsigned vcpus,
	       struct acpi_tables *t);

/* The byte sum of len bytes (0 for a correct ACPI table). */
uint8_t acpi_sum(const uint8_t *p, size_t len);

#endif /* HOIST_TOOLS_ACPI_H */
