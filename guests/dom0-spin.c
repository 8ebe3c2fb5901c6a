/*
 * dom0-spin [iterations]: the `spin` guest's workload run in dom0, for a
 * domU-versus-dom0 comparison.  Links guests/lib/spin_loop.o, the object
 * the guest uses, and prints the same line:
 *   spin: iterations=N checksum=0x... ticks=T
 * Pin it (taskset) if the TSC should come from one CPU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/spin_loop.h"

int main(int argc, char **argv)
{
	uint64_t n = SPIN_DEFAULT_ITERATIONS;

	if (argc > 2) {
		fprintf(stderr, "usage: dom0-spin [iterations]\n");
		return 2;
	}
	if (argc == 2) {
		char *end;

		errno = 0;
		n = strtoull(argv[1], &end, 0);
		if (errno || end == argv[1] || *end || argv[1][0] == '-') {
			fprintf(stderr, "dom0-spin: bad iteration count '%s'\n", argv[1]);
			return 2;
		}
	}

	uint64_t t0 = spin_rdtsc();
	uint64_t sum = spin_loop(n);
	uint64_t t1 = spin_rdtsc();

	printf(SPIN_RESULT_FMT, (unsigned long)n, (unsigned long)sum,
	       (unsigned long)(t1 - t0));
	return 0;
}
