// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O.  dom0 reaches only the platform's reset and sleep ports
 * through here (platform.c): done as asked, except, while a domain exists,
 * a write that would reset the machine or put it to sleep.  A domU's ports
 * are emulated: the debug port 0xE9 goes to its console, its power ports
 * shut it down, and the rest is empty (reads give all-ones).
 */
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hoist/xen.h>
#include <arch/exit.h>
#include <arch/platform.h>

#define KBC_CMD_RESET		0xfe
#define DEBUG_PORT		0xe9
#define IOIO_MAX_STRING		4096	/* bytes moved per exit */

void exit_ioio(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	struct vmcb_control *ctl = &v->arch.vmcb->control;
	u64 info = ctl->exit_info1;
	struct ioio io = {
		.port = (u16)(info >> SVM_IOIO_PORT_SHIFT),
		.size = (info & SVM_IOIO_SZ8) ? 1 :
			(info & SVM_IOIO_SZ16) ? 2 : 4,
		.in = info & SVM_IOIO_IN,
		.string = info & SVM_IOIO_STR,
		.rep = info & SVM_IOIO_REP,
	};

	io.mask = io.size == 4 ? 0xffffffffull : (1ull << (8 * io.size)) - 1;
	if (!p->ioio(c, v, &io))
		return;
	/* The next RIP is always given. */
	v->arch.vmcb->save.rip = ctl->exit_info2;
	ctl->int_state &= ~SVM_INTERRUPT_SHADOW;
}

/* What an OUT writes */
static u32 out_value(const struct vcpu *v, const struct ioio *io)
{
	return (u32)(v->arch.vmcb->save.rax & io->mask);
}

/* What an IN read: a 32-bit IN zero-extends into RAX, others merge. */
static void in_value(struct vcpu *v, const struct ioio *io, u64 val)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	s->rax = io->size == 4 ? val : (s->rax & ~io->mask) | val;
}

/* Linux never uses string I/O on the ports dom0 is intercepted on. */
bool dom0_ioio(struct hv_cpu *c, struct vcpu *v, const struct ioio *io)
{
	u32 val;

	if (io->string) {
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return false;
	}
	if (io->in) {
		in_value(v, io, port_in(io->port, io->size));
		return true;
	}
	val = out_value(v, io);
	if (platform_write_safe(&hv.params.platform, io->port, io->size, val) ||
	    !domain_count())
		port_out(io->port, io->size, val);
	else if (exit_refuse(c))
		hv_log("cpu %u: dom0's write %lx to port %x refused: domains exist",
		       c->id, (unsigned long)val, io->port);
	return true;
}

/* A domU's writes to its platform's ports (see hypercall.h). */
static void domu_port_write(struct vcpu *v, u16 port, u32 val)
{
	switch (port) {
	case DEBUG_PORT: {
		char ch = (char)val;

		domain_console_put(v->dom, &ch, 1);
		return;
	}
	case HOIST_PORT_SLEEP_CTL:
		if (val & HOIST_SLEEP_SLP_EN) {
			domain_shutdown(v->dom, SHUTDOWN_poweroff);
			vcpu_request_stop(v, HOIST_RUN_SHUTDOWN);
		}
		return;
	case HOIST_PORT_RESET:
		if ((val & 0xff) == HOIST_RESET_VALUE ||
		    (val & 0xff) == HOIST_RESET_VALUE_FULL) {
			domain_shutdown(v->dom, SHUTDOWN_reboot);
			vcpu_request_stop(v, HOIST_RUN_SHUTDOWN);
		}
		return;
	case PORT_KBC_CMD:
		if ((val & 0xff) == KBC_CMD_RESET) {
			domain_shutdown(v->dom, SHUTDOWN_reboot);
			vcpu_request_stop(v, HOIST_RUN_SHUTDOWN);
		}
		return;
	}
}

/*
 * INS/OUTS through the guest's own page tables, at most IOIO_MAX_STRING
 * bytes an exit: false while a REP has more to do, or on a fault.
 */
static bool domu_string_io(struct vcpu *v, const struct ioio *io)
{
	struct vmcb_save *s = &v->arch.vmcb->save;
	u64 *ptr = io->in ? &v->arch.regs.rdi : &v->arch.regs.rsi;
	u64 count = io->rep ? (v->arch.regs.rcx & 0xffffffffull) : 1;
	u64 n = MIN(count, IOIO_MAX_STRING / io->size);
	s64 step = (s->rflags & X86_RFLAGS_DF) ? -(s64)io->size : (s64)io->size;

	for (u64 i = 0; i < n; i++) {
		u64 val = ~0ull;

		if (io->in ? copy_to_guest(v, *ptr, &val, io->size) :
			     copy_from_guest(v, &val, *ptr, io->size)) {
			/* The guest's page tables refused it: its own #PF. */
			s->cr2 = *ptr;
			svm_inject_exception(v, X86_EXC_PF, true,
					     io->in ? X86_PF_WRITE : 0);
			return false;
		}
		if (!io->in && io->port == DEBUG_PORT) {
			char ch = (char)val;

			domain_console_put(v->dom, &ch, 1);
		}
		*ptr += (u64)step;
	}
	if (io->rep) {
		v->arch.regs.rcx -= n;
		if (v->arch.regs.rcx & 0xffffffffull)
			return false;	/* more to do: run the insn again */
	}
	return true;
}

bool domu_ioio(struct hv_cpu *c, struct vcpu *v, const struct ioio *io)
{
	if (io->string)
		return domu_string_io(v, io);
	if (io->in)
		in_value(v, io, io->mask);	/* nothing there: all ones */
	else
		domu_port_write(v, io->port, out_value(v, io));
	return true;
}
