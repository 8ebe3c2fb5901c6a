// SPDX-License-Identifier: GPL-2.0
/*
 * vmmcall-user: execute VMMCALL from user space (CPL 3) with a hypercall
 * number that would do something from the kernel, and print what comes back.
 * Natively the CPU raises #UD (SIGILL); under Hoist the call is refused with
 * -EPERM in RAX and nothing else happens.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <hoist/hypercall.h>

static void on_sigill(int sig)
{
	(void)sig;
	printf("vmmcall: SIGILL\n");
	exit(3);
}

int main(void)
{
	static const unsigned long calls[] = { HOIST_HC_NULL, HOIST_HC_DEVIRT,
					       HOIST_HC_LOG_READ, 0 };
	int bad = 0;

	signal(SIGILL, on_sigill);
	for (unsigned int i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		long ret;

		__asm__ __volatile__(".byte 0x0f, 0x01, 0xd9"
				     : "=a"(ret)
				     : "a"(calls[i]), "D"(0), "S"(0), "d"(0)
				     : "memory");
		printf("vmmcall %#lx from user: %ld\n", calls[i], ret);
		if (ret != -HOIST_EPERM)
			bad = 1;
	}
	return bad;
}
