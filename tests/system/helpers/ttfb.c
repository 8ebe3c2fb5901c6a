// SPDX-License-Identifier: GPL-2.0
/*
 * ttfb PATTERN CMD [ARG...]: run CMD, pass its output through, and print
 * "ttfb_ns=N" on stderr: the time from starting CMD to the first output
 * line containing PATTERN.  Exits with CMD's status.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long long t0, found = -1;
	char line[4096];
	int fds[2], status;
	pid_t pid;
	FILE *in;

	if (argc < 3 || pipe(fds))
		return 2;
	t0 = now_ns();
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	while (in && fgets(line, sizeof(line), in)) {
		if (found < 0 && strstr(line, argv[1]))
			found = now_ns() - t0;
		fputs(line, stdout);
	}
	waitpid(pid, &status, 0);
	fprintf(stderr, "ttfb_ns=%lld\n", found);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
