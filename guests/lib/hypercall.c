/*
 * Typed hypercall helpers over the VMMCALL wrappers of hypercall.h.
 * Argument orders are Xen's: console_io(cmd, count, buffer),
 * sched_op(cmd, arg), vcpu_op(cmd, vcpuid, extra_args).
 */
#include "guest.h"

#define DEBUGCON_PORT	0xe9	/* QEMU/Bochs/Xen debug console */
#define CONSOLE_CHUNK	1024

void console_write(const char *s, size_t n)
{
	while (n > 0) {
		/* Modest chunks: a hypervisor may bound one call's count. */
		size_t chunk = n < CONSOLE_CHUNK ? n : CONSOLE_CHUNK;
		long ret = hypercall3(XEN_HC_console_io, CONSOLEIO_write, chunk,
				      (unsigned long)s);

		if (ret < 0) {
			/* No console hypercall: the debug port, byte by byte. */
			for (size_t i = 0; i < n; i++)
				outb(DEBUGCON_PORT, (uint8_t)s[i]);
			return;
		}
		/* Xen returns 0 for "all written"; a byte count is accepted
		 * too, and a short one is continued. */
		if (ret > 0 && (size_t)ret < chunk)
			chunk = (size_t)ret;
		s += chunk;
		n -= chunk;
	}
}

long sched_shutdown(unsigned int reason)
{
	struct sched_shutdown arg = { .reason = reason };

	return hypercall2(XEN_HC_sched_op, SCHEDOP_shutdown,
			  (unsigned long)&arg);
}

long sched_yield(void)
{
	return hypercall2(XEN_HC_sched_op, SCHEDOP_yield, 0);
}

long sched_block(void)
{
	return hypercall2(XEN_HC_sched_op, SCHEDOP_block, 0);
}

long vcpu_initialise(unsigned int vcpu, const struct vcpu_hvm_context *ctx)
{
	return hypercall3(XEN_HC_vcpu_op, VCPUOP_initialise, vcpu,
			  (unsigned long)ctx);
}

long vcpu_bring_up(unsigned int vcpu)
{
	return hypercall3(XEN_HC_vcpu_op, VCPUOP_up, vcpu, 0);
}

long vcpu_down(unsigned int vcpu)
{
	return hypercall3(XEN_HC_vcpu_op, VCPUOP_down, vcpu, 0);
}

long vcpu_up(unsigned int vcpu, const struct vcpu_hvm_context *ctx)
{
	long ret = vcpu_initialise(vcpu, ctx);

	return ret < 0 ? ret : vcpu_bring_up(vcpu);
}

const char *errno_name(long ret)
{
	static const struct {
		long err;
		const char *name;
	} names[] = {
		{ 0, "0" },
		{ -HOIST_EPERM, "EPERM" },	{ -HOIST_ENOENT, "ENOENT" },
		{ -HOIST_EIO, "EIO" },		{ -HOIST_ENOMEM, "ENOMEM" },
		{ -HOIST_EFAULT, "EFAULT" },	{ -HOIST_EBUSY, "EBUSY" },
		{ -HOIST_EEXIST, "EEXIST" },	{ -HOIST_EINVAL, "EINVAL" },
		{ -HOIST_ENOSPC, "ENOSPC" },	{ -HOIST_ENOSYS, "ENOSYS" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].err == ret)
			return names[i].name;
	return "?";
}

/* hypercall_probe.S addresses the fields by these offsets. */
_Static_assert(offsetof(struct hc_probe, arg) == 8, "hc_probe.arg");
_Static_assert(offsetof(struct hc_probe, ret) == 48, "hc_probe.ret");
_Static_assert(offsetof(struct hc_probe, clobbered) == 56, "hc_probe.clobbered");
