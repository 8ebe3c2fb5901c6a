/*
 * Verdict lines and the ways a guest ends.  A verdict is one console line
 * followed by a shutdown whose reason tells the same story: PASS powers
 * off, FAIL crashes (badmem uses guest_fail_shutdown to FAIL with
 * poweroff, so a test can tell "the hypervisor crashed me" from "I ended").
 */
#include "guest.h"

noreturn void guest_halt(void)
{
	for (;;) {
		sched_block();
		cpu_relax();
	}
}

noreturn void guest_triple_fault(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) no_idt = { 0, 0 };

	/* int3 beyond the IDT limit: #GP, then #DF, then shutdown. */
	__asm__ volatile("cli; lidt %0; int3" : : "m"(no_idt) : "memory");
	for (;;)
		cpu_relax();
}

static const char *reason_name(unsigned int reason)
{
	static const char *const names[] = {
		[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
		[SHUTDOWN_suspend] = "suspend",	  [SHUTDOWN_crash] = "crash",
		[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
	};

	return reason < ARRAY_SIZE(names) && names[reason] ? names[reason] : "?";
}

/* Shut down; a returning hypercall is reported, then the guest stops
 * for good (crash: by triple fault, so the domain still dies). */
static noreturn void shutdown(unsigned int reason)
{
	long ret = sched_shutdown(reason);

	gprintf("guest: SCHEDOP_shutdown(%s) returned %ld (%s)\n",
		reason_name(reason), ret, errno_name(ret));
	if (reason == SHUTDOWN_crash)
		guest_triple_fault();
	guest_halt();
}

noreturn void guest_pass(void)
{
	gprintf("HOIST-GUEST: PASS %s\n", guest_name);
	shutdown(SHUTDOWN_poweroff);
}

static noreturn void vfail(unsigned int reason, const char *fmt, va_list ap)
{
	char why[200];

	gvsnprintf(why, sizeof(why), fmt, ap);
	gprintf("HOIST-GUEST: FAIL %s: %s\n", guest_name, why);
	shutdown(reason);
}

noreturn void guest_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(SHUTDOWN_crash, fmt, ap);
}

noreturn void guest_fail_shutdown(unsigned int reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(reason, fmt, ap);
}
