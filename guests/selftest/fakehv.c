/*
 * Offline self-test only, never in $(OUT)/guests: a stand-in for the
 * hypervisor so the framework can run in plain QEMU (PVH boot with
 * -kernel).  Without SVM enabled VMMCALL raises #UD; this trap_hook
 * (weak in lib/traps.c) emulates the call and skips the instruction.
 *
 *   console_io write   -> bytes to the debug console, port 0xE9
 *   sched_op shutdown  -> isa-debug-exit (port 0xF4) with 16 + reason
 *   sched_op block     -> the third one exits with FAKEHV_EXIT_BLOCKED
 *   xen_version(0)     -> 4.17; everything else -> -ENOSYS
 *   vcpu_op initialise -> keeps the 64-bit context; up -> starts that QEMU
 *                         CPU there (INIT-SIPI + tramp.S); down (a vCPU
 *                         other than 0, on itself) -> parks the CPU
 *
 * fakehv=MODE on the guest's command line: noconsole (console_io fails,
 * the 0xE9 fallback prints), novcpu (vcpu_op fails), clobber / insane (call 0x11f changes R12 /
 * returns -5000: the fuzzer must notice).
 */
#include "guest.h"
#include "traps.h"

#define VEC_UD			6
#define DEBUGCON_PORT		0xe9
#define DEBUG_EXIT_PORT		0xf4	/* QEMU exits with (value << 1) | 1 */
#define FAKEHV_EXIT_SHUTDOWN	16	/* + reason */
#define FAKEHV_EXIT_BLOCKED	15
#define FAKEHV_BAD_NR		0x11f

static unsigned int blocks;

/* Only RAM the memmap lists: the fuzzer passes every kind of bad pointer. */
static bool buf_ok(uint64_t p, uint64_t n)
{
	return guest_start_info && p + n >= p &&
	       p + n <= memmap_ram_top(guest_start_info) && p + n < (1ull << 32);
}

/* ---------------------------------------------------------------- vCPUs */
#define TRAMP_BASE	0x8000		/* tramp.S; SIPI vector 0x08 */
#define LAPIC		0xfee00000ul
#define LAPIC_SVR	0x0f0
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310
#define ICR_INIT	0x00004500u
#define ICR_SIPI	0x00004600u

extern char tramp_start[], tramp_end[], tramp_ctx_cr0[], tramp_ctx_cr3[],
	tramp_ctx_cr4[], tramp_ctx_efer[], tramp_ctx_rsp[], tramp_ctx_rdi[],
	tramp_ctx_rip[], tramp_started[];

static struct vcpu_hvm_x86_64 vcpu_ctx[GUEST_MAX_VCPUS];
static bool vcpu_ready[GUEST_MAX_VCPUS];

static void lapic_write(unsigned int reg, uint32_t v)
{
	*(volatile uint32_t *)(LAPIC + reg) = v;
}

static uint32_t lapic_read(unsigned int reg)
{
	return *(volatile uint32_t *)(LAPIC + reg);
}

/* The copy of a tramp.S symbol at TRAMP_BASE. */
static volatile uint64_t *tramp_field(char *sym)
{
	return (volatile uint64_t *)(uintptr_t)(TRAMP_BASE + (sym - tramp_start));
}

static long fake_vcpu_up(unsigned int vcpu)
{
	const struct vcpu_hvm_x86_64 *c = &vcpu_ctx[vcpu];

	memcpy((void *)TRAMP_BASE, tramp_start, (size_t)(tramp_end - tramp_start));
	*tramp_field(tramp_ctx_cr0) = c->cr0;
	*tramp_field(tramp_ctx_cr3) = c->cr3;
	*tramp_field(tramp_ctx_cr4) = c->cr4;
	*tramp_field(tramp_ctx_efer) = c->efer;
	*tramp_field(tramp_ctx_rsp) = c->rsp;
	*tramp_field(tramp_ctx_rdi) = c->rdi;
	*tramp_field(tramp_ctx_rip) = c->rip;
	*(volatile uint32_t *)tramp_field(tramp_started) = 0;

	lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | 0x100);
	lapic_write(LAPIC_ICR_HI, vcpu << 24);		/* APIC id = vCPU id */
	lapic_write(LAPIC_ICR_LO, ICR_INIT);
	for (int i = 0; i < 2; i++) {
		lapic_write(LAPIC_ICR_HI, vcpu << 24);
		lapic_write(LAPIC_ICR_LO, ICR_SIPI | (TRAMP_BASE >> 12));
	}
	for (uint64_t spins = 0; !*(volatile uint32_t *)tramp_field(tramp_started);
	     spins++)
		if (spins > (1ull << 32))
			return -HOIST_EIO;
		else
			cpu_relax();
	return 0;
}

static long fake_vcpu_op(struct trap_frame *f)
{
	uint64_t vcpu = f->rsi;

	if (vcpu == 0 || vcpu >= GUEST_MAX_VCPUS)
		return -HOIST_EINVAL;
	switch (f->rdi) {
	case VCPUOP_initialise: {
		const struct vcpu_hvm_context *ctx =
			(const void *)(uintptr_t)f->rdx;

		if (!buf_ok(f->rdx, sizeof(*ctx)))
			return -HOIST_EFAULT;
		if (ctx->mode != VCPU_HVM_MODE_64B)
			return -HOIST_EINVAL;
		vcpu_ctx[vcpu] = ctx->cpu_regs.x86_64;
		vcpu_ready[vcpu] = true;
		return 0;
	}
	case VCPUOP_up:
		return vcpu_ready[vcpu] ? fake_vcpu_up((unsigned int)vcpu) : -HOIST_EINVAL;
	case VCPUOP_down:	/* only ever called by a vCPU on itself */
		for (;;)
			__asm__ volatile("cli; hlt");
	}
	return -HOIST_ENOSYS;
}

static noreturn void qemu_exit(uint8_t v)
{
	outb(DEBUG_EXIT_PORT, v);
	for (;;)
		cpu_relax();
}

static long emulate(struct trap_frame *f)
{
	const char *mode = cmdline_get(guest_start_info, "fakehv");

	switch (f->rax) {
	case XEN_HC_console_io:
		if (cmdline_is(mode, "noconsole") || f->rdi != CONSOLEIO_write)
			return -HOIST_ENOSYS;
		if (f->rsi > 4096)
			return -HOIST_EINVAL;
		if (!buf_ok(f->rdx, f->rsi))
			return -HOIST_EFAULT;
		for (uint64_t i = 0; i < f->rsi; i++)
			outb(DEBUGCON_PORT, ((const uint8_t *)(uintptr_t)f->rdx)[i]);
		return 0;
	case XEN_HC_sched_op:
		switch (f->rdi) {
		case SCHEDOP_yield:
			return 0;
		case SCHEDOP_block:
			if (++blocks == 3)
				qemu_exit(FAKEHV_EXIT_BLOCKED);
			return 0;
		case SCHEDOP_shutdown:
			if (!buf_ok(f->rsi, sizeof(struct sched_shutdown)))
				return -HOIST_EFAULT;
			qemu_exit(FAKEHV_EXIT_SHUTDOWN +
				  ((const struct sched_shutdown *)(uintptr_t)f->rsi)->reason);
		}
		return -HOIST_EINVAL;
	case XEN_HC_vcpu_op:
		return cmdline_is(mode, "novcpu") ? -HOIST_ENOSYS : fake_vcpu_op(f);
	case XEN_HC_xen_version:
		return f->rdi == XENVER_version ? (4 << 16) | 17 : -HOIST_ENOSYS;
	case FAKEHV_BAD_NR:
		if (cmdline_is(mode, "clobber"))
			f->r12 ^= 1;
		if (cmdline_is(mode, "insane"))
			return -5000;
		return -HOIST_ENOSYS;
	default:
		return -HOIST_ENOSYS;
	}
}

bool trap_hook(struct trap_frame *f)
{
	const uint8_t *ip = (const uint8_t *)(uintptr_t)f->rip;

	if (f->vector != VEC_UD || ip[0] != 0x0f || ip[1] != 0x01 || ip[2] != 0xd9)
		return false;
	f->rax = (uint64_t)emulate(f);
	f->rip += 3;
	return true;
}
