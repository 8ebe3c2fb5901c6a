/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* ACPI tables for PVH guests (see acpi.h for the layout). */
#include <errno.h>
#include <string.h>

#include <hoist/hypercall.h>

#include "lib/acpi.h"

#define ALIGN		16	/* each table on a paragraph, as firmware does */
#define OEM_ID		"HOIST "	/* 6 bytes */
#define OEM_TABLE_ID	"HOISTPVH"	/* 8 bytes */
#define CREATOR_ID	"HOIS"
#define MADT_MAX_VCPUS	255		/* the APIC id is a byte */

static size_t align_up(size_t v)
{
	return (v + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

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

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

uint8_t acpi_sum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *p++);
	return sum;
}

/* Where each table goes, relative to the RSDP. */
struct offsets {
	size_t xsdt, fadt, dsdt, madt, end;
};

static void plan(unsigned vcpus, struct offsets *o)
{
	o->xsdt = align_up(ACPI_RSDP_LEN);
	o->fadt = align_up(o->xsdt + ACPI_XSDT_LEN);
	o->dsdt = align_up(o->fadt + ACPI_FADT_LEN);
	o->madt = align_up(o->dsdt + ACPI_DSDT_LEN);
	o->end = o->madt + ACPI_MADT_LEN(vcpus);
}

size_t acpi_size(unsigned vcpus)
{
	struct offsets o;

	plan(vcpus, &o);
	return o.end;
}

/* The common header; the checksum is set once the body is there. */
static void header(uint8_t *p, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(p, sig, 4);
	put32(p + 4, len);
	p[8] = rev;
	memcpy(p + 10, OEM_ID, 6);
	memcpy(p + 16, OEM_TABLE_ID, 8);
	put32(p + 24, 1);			/* OEM revision */
	memcpy(p + 28, CREATOR_ID, 4);
	put32(p + 32, 1);			/* creator revision */
}

static void checksum(uint8_t *p, size_t len)
{
	p[9] = 0;
	p[9] = (uint8_t)(0 - acpi_sum(p, len));
}

static void build_rsdp(uint8_t *p, uint64_t xsdt)
{
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, OEM_ID, 6);
	p[15] = 2;				/* revision: ACPI 2.0+ */
	put32(p + 16, 0);			/* no RSDT: the XSDT is used */
	put32(p + 20, ACPI_RSDP_LEN);
	put64(p + 24, xsdt);
	p[8] = (uint8_t)(0 - acpi_sum(p, ACPI_RSDP_V1_LEN));
	p[32] = (uint8_t)(0 - acpi_sum(p, ACPI_RSDP_LEN));
}

static void build_xsdt(uint8_t *p, uint64_t fadt, uint64_t madt)
{
	header(p, "XSDT", ACPI_XSDT_LEN, 1);
	put64(p + ACPI_HDR_LEN, fadt);
	put64(p + ACPI_HDR_LEN + 8, madt);
	checksum(p, ACPI_XSDT_LEN);
}

/* A Generic Address Structure for one byte-wide I/O port. */
static void gas_port(uint8_t *p, uint16_t port)
{
	p[0] = ACPI_GAS_SYSTEM_IO;
	p[1] = 8;				/* bit width */
	p[2] = 0;				/* bit offset */
	p[3] = 1;				/* byte access */
	put64(p + 4, port);
}

static void build_fadt(uint8_t *p, uint64_t dsdt)
{
	header(p, "FACP", ACPI_FADT_LEN, ACPI_FADT_REVISION);
	/* Below 4 GiB: both fields the same, as ACPICA wants them. */
	put32(p + ACPI_FADT_DSDT_OFF, (uint32_t)dsdt);
	/* Without the 8042 flag Linux skips the keyboard controller;
	 * unknown ports read as all-ones here, like no device at all. */
	put16(p + ACPI_FADT_BOOT_ARCH_OFF, ACPI_BOOT_NO_VGA |
	      ACPI_BOOT_NO_CMOS_RTC);
	put32(p + ACPI_FADT_FLAGS_OFF, ACPI_FADT_HW_REDUCED |
	      ACPI_FADT_RESET_REG_SUP);
	gas_port(p + ACPI_FADT_RESET_REG_OFF, HOIST_PORT_RESET);
	p[ACPI_FADT_RESET_VAL_OFF] = HOIST_RESET_VALUE;
	gas_port(p + ACPI_FADT_SLEEP_CTL_OFF, HOIST_PORT_SLEEP_CTL);
	gas_port(p + ACPI_FADT_SLEEP_STS_OFF, HOIST_PORT_SLEEP_STS);
	p[ACPI_FADT_MINOR_OFF] = 0;		/* ACPI 6.0 */
	put64(p + ACPI_FADT_X_DSDT_OFF, dsdt);
	checksum(p, ACPI_FADT_LEN);
}

static void build_dsdt(uint8_t *p)
{
	/* Name (_S5, Package (4) { 5, 5, 0, 0 }): the S5 (soft-off) type. */
	static const uint8_t s5[ACPI_DSDT_AML_LEN] = {
		0x08, '_', 'S', '5', '_',	/* NameOp, name */
		0x12, 0x08, 0x04,		/* PackageOp, length, 4 elements */
		0x0a, 0x05, 0x0a, 0x05,		/* BytePrefix 5, BytePrefix 5 */
		0x00, 0x00,			/* Zero, Zero */
	};

	header(p, "DSDT", ACPI_DSDT_LEN, 2);
	memcpy(p + ACPI_HDR_LEN, s5, sizeof(s5));
	checksum(p, ACPI_DSDT_LEN);
}

static void build_madt(uint8_t *p, unsigned vcpus)
{
	uint8_t *e = p + ACPI_HDR_LEN + 8;
	unsigned i;

	header(p, "APIC", (uint32_t)ACPI_MADT_LEN(vcpus), 4);
	put32(p + ACPI_HDR_LEN, ACPI_LAPIC_ADDR);
	put32(p + ACPI_HDR_LEN + 4, 0);		/* no PC-AT 8259s */
	for (i = 0; i < vcpus; i++, e += ACPI_MADT_LAPIC_LEN) {
		e[0] = 0;			/* Processor Local APIC */
		e[1] = ACPI_MADT_LAPIC_LEN;
		e[2] = (uint8_t)i;		/* ACPI processor UID */
		e[3] = (uint8_t)i;		/* APIC id = vCPU number */
		put32(e + 4, ACPI_MADT_ENABLED);
	}
	checksum(p, ACPI_MADT_LEN(vcpus));
}

int acpi_build(uint8_t *buf, size_t size, uint64_t base, unsigned vcpus,
	       struct acpi_tables *t)
{
	struct offsets o;

	if (!vcpus || vcpus > MADT_MAX_VCPUS || base % ALIGN ||
	    base > UINT32_MAX)
		return -EINVAL;
	plan(vcpus, &o);
	if (size < o.end)
		return -E2BIG;
	memset(buf, 0, o.end);
	t->rsdp = base;
	t->xsdt = base + o.xsdt;
	t->fadt = base + o.fadt;
	t->dsdt = base + o.dsdt;
	t->madt = base + o.madt;
	t->size = o.end;
	build_rsdp(buf, t->xsdt);
	build_xsdt(buf + o.xsdt, t->fadt, t->madt);
	build_fadt(buf + o.fadt, t->dsdt);
	build_dsdt(buf + o.dsdt);
	build_madt(buf + o.madt, vcpus);
	return 0;
}
