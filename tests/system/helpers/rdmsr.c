// SPDX-License-Identifier: GPL-2.0
/* rdmsr CPU MSR: print an MSR of one CPU as 0x%016llx (needs msr.ko). */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[64];
	uint64_t val;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: rdmsr CPU MSR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/cpu/%s/msr", argv[1]);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	if (pread(fd, &val, sizeof(val), (off_t)strtoull(argv[2], NULL, 0)) !=
	    sizeof(val)) {
		perror("pread");
		return 1;
	}
	printf("0x%016" PRIx64 "\n", val);
	return 0;
}
