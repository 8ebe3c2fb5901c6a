/*
 * Secondary vCPUs: the VCPU_HVM_MODE_64B context that starts one at
 * head.S's ap_entry64, their stacks, and what runs there.
 */
#include "guest.h"

#define MSR_EFER	0xc0000080
#define RFLAGS_FIXED	0x2		/* bit 1 reads as 1; IF = 0 */

/* One stack per vCPU id (slot 0 unused: the boot vCPU has head.S's). */
static uint8_t ap_stacks[GUEST_MAX_VCPUS][GUEST_STACK_SIZE]
	__attribute__((aligned(4096)));

extern char ap_entry64[];	/* head.S */

static uint64_t read_cr(int n)
{
	uint64_t v = 0;

	switch (n) {
	case 0: __asm__ volatile("mov %%cr0, %0" : "=r"(v)); break;
	case 3: __asm__ volatile("mov %%cr3, %0" : "=r"(v)); break;
	case 4: __asm__ volatile("mov %%cr4, %0" : "=r"(v)); break;
	}
	return v;
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

void vcpu_ctx_ap64(struct vcpu_hvm_context *ctx, unsigned int vcpu)
{
	struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

	if (vcpu == 0 || vcpu >= GUEST_MAX_VCPUS)
		guest_fail("vcpu_ctx_ap64: no stack for vcpu %u", vcpu);
	memset(ctx, 0, sizeof(*ctx));
	ctx->mode = VCPU_HVM_MODE_64B;
	r->rip = (uintptr_t)ap_entry64;
	r->rsp = (uintptr_t)ap_stacks[vcpu] + GUEST_STACK_SIZE;
	r->rdi = vcpu;
	r->rflags = RFLAGS_FIXED;
	/* The boot vCPU's paging state: same page tables, same modes. */
	r->cr0 = read_cr(0);
	r->cr3 = read_cr(3);
	r->cr4 = read_cr(4);
	r->efer = rdmsr(MSR_EFER);
}

__attribute__((weak)) void guest_ap_main(unsigned int vcpu)
{
	gprintf("guest: vcpu %u started, but %s has no guest_ap_main\n",
		vcpu, guest_name);
}

/* Called by head.S's ap_entry64. */
noreturn void guest_ap_boot(unsigned int vcpu);

noreturn void guest_ap_boot(unsigned int vcpu)
{
	guest_ap_main(vcpu);
	vcpu_down(vcpu);	/* take this vCPU offline ... */
	guest_halt();		/* ... or, if that is refused, park it */
}
