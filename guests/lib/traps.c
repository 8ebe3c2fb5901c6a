/*
 * An IDT so that an unexpected exception prints a FAIL line with the
 * faulting RIP instead of triple-faulting silently.  Interrupts stay
 * disabled (IF = 0) in every guest; a vector >= 32 is a FAIL as well.
 * An expected exception (ASM_EXTABLE in guest.h) resumes the guest.
 */
#include "guest.h"
#include "traps.h"

#define SEL_CODE64	0x08		/* head.S's GDT */
#define GATE_INTR64	0x8e		/* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");

static struct idt_gate idt[256] __attribute__((aligned(16)));

extern const uint64_t trap_stub_table[32];	/* head.S */
extern char trap_stub_irq[];

void traps_init(void)
{
	for (unsigned int v = 0; v < ARRAY_SIZE(idt); v++) {
		uint64_t a = v < 32 ? trap_stub_table[v] : (uintptr_t)trap_stub_irq;

		idt[v] = (struct idt_gate){
			.off_lo = (uint16_t)a,
			.sel = SEL_CODE64,
			.type = GATE_INTR64,
			.off_mid = (uint16_t)(a >> 16),
			.off_hi = (uint32_t)(a >> 32),
		};
	}
	traps_load();
}

void traps_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(ptr) : "memory");
}

__attribute__((weak)) bool trap_hook(struct trap_frame *f)
{
	(void)f;
	return false;
}

static const char *const exc_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

const char *exc_name(int vector)
{
	if (vector < 0)
		return "none";
	return vector < 32 ? exc_names[vector] : "interrupt";
}

/* ASM_EXTABLE's entries (guest.lds). */
struct ex_entry {
	uint64_t insn, resume;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static bool expected(struct trap_frame *f)
{
	if (f->vector >= 32)
		return false;
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == f->rip) {
			f->rip = e->resume;
			f->rdi = EXINFO(f->vector, f->error);
			return true;
		}
	}
	return false;
}

static int in_trap;

/* Called by head.S's trap_common. */
void guest_trap(struct trap_frame *f);

void guest_trap(struct trap_frame *f)
{
	char line[256];
	uint64_t cr2;
	long ret;
	int n;

	if (trap_hook(f) || expected(f))
		return;
	/* A fault while reporting one: nothing sensible is left to do. */
	if (__atomic_exchange_n(&in_trap, 1, __ATOMIC_SEQ_CST))
		guest_triple_fault();

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	/*
	 * Straight to console_write, not gprintf: another vCPU (or this one,
	 * if the fault hit inside gprintf) may hold the print lock.
	 */
	n = gsnprintf(line, sizeof(line),
		      "guest: rax %lx rbx %lx rcx %lx rdx %lx rsi %lx rdi %lx\n"
		      "guest: rbp %lx rsp %lx r8 %lx r9 %lx r10 %lx r11 %lx\n",
		      f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi,
		      f->rbp, f->rsp, f->r8, f->r9, f->r10, f->r11);
	console_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	if (f->vector < 32)
		n = gsnprintf(line, sizeof(line),
			      "HOIST-GUEST: FAIL %s: exception %s (vector %lu) error 0x%lx at rip 0x%lx, cr2 0x%lx\n",
			      guest_name, exc_names[f->vector], f->vector,
			      f->error, f->rip, cr2);
	else
		n = gsnprintf(line, sizeof(line),
			      "HOIST-GUEST: FAIL %s: unexpected interrupt at rip 0x%lx (rflags 0x%lx)\n",
			      guest_name, f->rip, f->rflags);
	console_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);

	ret = sched_shutdown(SHUTDOWN_crash);
	(void)ret;
	guest_triple_fault();
}
