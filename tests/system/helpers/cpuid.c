/*
 * cpuid - run the CPUID instruction in the test machine.
 *
 *   cpuid LEAF [SUBLEAF]     prints "eax=0x... ebx=0x... ecx=0x... edx=0x..."
 *   cpuid -n N LEAF [SUBLEAF]  runs CPUID N times, prints "ns_per_call=T"
 *                            (the cost of an exit when dom0 is hoisted)
 *   cpuid -s LEAF [SUBLEAF]  prints EBX:ECX:EDX as a 12-character string, the
 *                            order of hypervisor signatures ("HoistHoistHV" at
 *                            0x40000000; leaf 0's vendor is EBX:EDX:ECX, so
 *                            AuthenticAMD prints as "AuthcAMDenti")
 *
 * LEAF and SUBLEAF take C notation (0x40000000).  The leaf is executed as
 * given, without the max-leaf check of __get_cpuid: hypervisor leaves lie
 * outside the basic range.
 */
#include <cpuid.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0' || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: cpuid [-s | -n N] LEAF [SUBLEAF]\n");
	return 2;
}

int main(int argc, char **argv)
{
	uint32_t leaf, subleaf = 0, r[4];
	uint32_t loops = 0;
	int as_string = 0, i = 1;

	if (i < argc && strcmp(argv[i], "-s") == 0) {
		as_string = 1;
		i++;
	} else if (i + 1 < argc && strcmp(argv[i], "-n") == 0) {
		if (parse_u32(argv[i + 1], &loops) || loops == 0)
			return usage();
		i += 2;
	}
	if (argc - i < 1 || argc - i > 2 || parse_u32(argv[i], &leaf) ||
	    (argc - i == 2 && parse_u32(argv[i + 1], &subleaf)))
		return usage();

	if (loops) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (uint32_t n = 0; n < loops; n++)
			__cpuid_count(leaf, subleaf, r[0], r[1], r[2], r[3]);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("ns_per_call=%llu\n",
		       (unsigned long long)((t1.tv_sec - t0.tv_sec) * 1000000000ll +
					    (t1.tv_nsec - t0.tv_nsec)) / loops);
		return 0;
	}

	__cpuid_count(leaf, subleaf, r[0], r[1], r[2], r[3]);

	if (as_string) {
		char s[13];

		/* Register order of hypervisor signatures: EBX, ECX, EDX. */
		memcpy(s, &r[1], 4);
		memcpy(s + 4, &r[2], 4);
		memcpy(s + 8, &r[3], 4);
		s[12] = '\0';
		printf("%s\n", s);
	} else {
		printf("eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x\n", r[0], r[1], r[2], r[3]);
	}
	return 0;
}
