// SPDX-License-Identifier: GPL-2.0
/*
 * fpu-load: load the x87 environment (FLDENV) in a loop, SECONDS long.
 *
 *   fpu-load SECONDS
 *
 * A trigger for an emulator fault, not a test of Hoist: QEMU's TCG clears
 * IGNNE in CPU 0's hflags2 with a plain read-modify-write on every load of
 * the FPU status word, from whichever CPU loads it.  Run on another CPU
 * while CPU 0 enters and leaves guests, it makes CPU 0 lose its own update
 * of the nested-paging flag now and then (docs/architecture.md, "Emulator
 * faults").  Prints "fpu-load: N loads".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	unsigned char env[28];
	uint64_t n = 0;
	time_t end;

	if (argc != 2 || atoi(argv[1]) <= 0) {
		fprintf(stderr, "usage: fpu-load SECONDS\n");
		return 2;
	}
	end = time(NULL) + atoi(argv[1]);
	__asm__ __volatile__("fnstenv %0" : "=m"(env));
	while (time(NULL) < end) {
		for (int i = 0; i < 100000; i++)
			__asm__ __volatile__("fldenv %0" : : "m"(env));
		n += 100000;
	}
	printf("fpu-load: %llu loads\n", (unsigned long long)n);
	return 0;
}
