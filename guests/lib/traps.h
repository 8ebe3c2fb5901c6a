/*
 * The frame head.S's trap_common builds on the stack (lowest address
 * first), and the hook an offline test build uses to emulate hypercalls.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;	/* 256: an interrupt (vector >= 32) */
	uint64_t error;		/* 0 when the CPU pushes none */
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

#define TRAP_VECTOR_IRQ	256

/*
 * Called first for every trap; returning true resumes the guest with the
 * (possibly changed) frame.  The default returns false: the trap is a FAIL.
 * Only guests/selftest overrides it (weak symbol).
 */
bool trap_hook(struct trap_frame *f);

#endif /* GUEST_TRAPS_H */
