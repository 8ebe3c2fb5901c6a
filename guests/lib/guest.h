/*
 * The Hoist test-guest framework (in the spirit of Xen's XTF).
 *
 * A guest is one C file:
 *
 *	#include "guest.h"
 *	GUEST("hello");
 *	void guest_main(const struct hvm_start_info *si) { ...; guest_pass(); }
 *
 * head.S enters 64-bit mode with the first 64 GiB identity-mapped, then
 * guest_boot() prints "HOIST-GUEST: START <name>", checks start_info and
 * calls guest_main().  Verdicts (one line each, on the Xen console):
 *
 *	HOIST-GUEST: START <name>
 *	HOIST-GUEST: PASS <name>		then SHUTDOWN_poweroff
 *	HOIST-GUEST: FAIL <name>: <reason>	then SHUTDOWN_crash
 *
 * guest_main() returning is a FAIL; an unexpected exception is a FAIL.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include <hoist/xen.h>

#include "hypercall.h"

#define GUEST(name) const char guest_name[] = name

#define GUEST_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern const char guest_name[];
/* start_info as guest_main got it (NULL before its magic was checked). */
extern const struct hvm_start_info *guest_start_info;

/* Written by each guest. */
void guest_main(const struct hvm_start_info *si);
/* Secondary vCPUs run this (a weak default reports that nobody expected
 * them); when it returns the vCPU takes itself down. */
void guest_ap_main(unsigned int vcpu);

/* ---------------------------------------------------------------- verdicts */
noreturn void guest_pass(void);
noreturn void guest_fail(const char *fmt, ...) GUEST_PRINTF(1, 2);
/* A FAIL line, then shut down with `reason` (SHUTDOWN_*). */
noreturn void guest_fail_shutdown(unsigned int reason, const char *fmt, ...)
	GUEST_PRINTF(2, 3);
/* Block for ever (used when a shutdown hypercall returns). */
noreturn void guest_halt(void);
/* Last resort: an empty IDT and an exception, so the CPU shuts down. */
noreturn void guest_triple_fault(void);

/* ---------------------------------------------------------------- output */
int gprintf(const char *fmt, ...) GUEST_PRINTF(1, 2);
int gvprintf(const char *fmt, va_list ap);
int gsnprintf(char *buf, size_t size, const char *fmt, ...) GUEST_PRINTF(3, 4);
int gvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* ---------------------------------------------------------------- random (rand.c) */
/* Inputs for the fuzzing guests: a seed replays a run. */
void rnd_seed(uint64_t seed);
uint64_t rnd(void);
uint64_t rnd_below(uint64_t n);	/* n > 0 */

/* ---------------------------------------------------------------- start_info */
/*
 * The value of `key` in the command line's key=value words: a pointer into
 * the command line, ending at a blank or NUL (use cmdline_len/cmdline_is);
 * "" for a bare `key`; NULL when absent or there is no command line.
 */
const char *cmdline_get(const struct hvm_start_info *si, const char *key);
const char *cmdline_string(const struct hvm_start_info *si);	/* or NULL */
size_t cmdline_len(const char *value);
bool cmdline_is(const char *value, const char *word);
/* A decimal or 0x-hex value; `dflt` when absent; a FAIL if malformed. */
uint64_t cmdline_u64(const struct hvm_start_info *si, const char *key,
		     uint64_t dflt);

/* memmap (start_info version >= 1); NULL/0 otherwise. */
const struct hvm_memmap_table_entry *memmap_entries(
	const struct hvm_start_info *si, unsigned int *nr);
uint64_t memmap_ram_bytes(const struct hvm_start_info *si);	/* sum of RAM */
uint64_t memmap_ram_top(const struct hvm_start_info *si);	/* end of the highest RAM entry */
/* Does any entry, of any type, overlap [addr, addr + len)? */
bool memmap_covers(const struct hvm_start_info *si, uint64_t addr, uint64_t len);

/* ---------------------------------------------------------------- vCPUs */
#define GUEST_MAX_VCPUS		HOIST_MAX_VCPUS
#define GUEST_STACK_SIZE	16384

/* A VCPU_HVM_MODE_64B context that starts `vcpu` at ap_entry64 on its own
 * stack with this vCPU's CR0/CR3/CR4/EFER. */
void vcpu_ctx_ap64(struct vcpu_hvm_context *ctx, unsigned int vcpu);

/* ---------------------------------------------------------------- exceptions */
/*
 * Catching an expected exception (like XTF's extable).  An instruction at
 * a label with an ASM_EXTABLE(label, resume) entry that raises an exception
 * does not FAIL the guest: it resumes at `resume` with RDI = EXINFO(vector,
 * error code), never 0.  One that raises none leaves RDI alone.  So:
 *
 *	uint64_t ex = 0;
 *	__asm__ volatile("1: rdpmc; 2:" ASM_EXTABLE(1b, 2b)
 *			 : "=a"(lo), "=d"(hi), "+D"(ex) : "c"(0));
 *	if (exinfo_vector(ex) != X86_EXC_GP) ...
 *
 * The instruction must not use RDI, and whatever it would have written is
 * left as it was.  Only exceptions (vectors 0-31) are caught.
 */
#define ASM_EXTABLE(insn, resume)					\
	"\n\t.pushsection .ex_table, \"a\"\n"				\
	"\t.p2align 3\n"						\
	"\t.quad " #insn ", " #resume "\n"				\
	"\t.popsection\n"

#define X86_EXC_UD	6
#define X86_EXC_GP	13

#define EXINFO_VALID	(1ull << 63)
#define EXINFO(vec, err) \
	(EXINFO_VALID | ((uint64_t)(vec) << 32) | (uint32_t)(err))

/* The vector an EXINFO holds, or -1 for 0 (no exception). */
static inline int exinfo_vector(uint64_t ex)
{
	return (ex & EXINFO_VALID) ? (int)(uint8_t)(ex >> 32) : -1;
}

static inline uint32_t exinfo_error(uint64_t ex)
{
	return (uint32_t)ex;
}

/* "#GP" for 13, and so on; "none" for -1. */
const char *exc_name(int vector);

/* ---------------------------------------------------------------- misc */
void traps_init(void);
void traps_load(void);

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/* Linker symbols (guest.lds). */
extern char __image_start[], __image_end[], __text_start[], __rodata_end[];

/* Freestanding string functions (string.c); the compiler may call them. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *restrict d, const void *restrict s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif /* GUEST_H */
