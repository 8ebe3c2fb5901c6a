/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * linetime: time a command until a line of its output.
 *
 *   linetime [-t SECONDS] [-q QUIT] PATTERN CMD [ARG...]
 *
 * Runs CMD in a process group of its own with stdout and stderr into a
 * pipe, copies its output to stdout as it comes, and prints
 *   linetime_ns=<ns>
 * on a line of its own right after the first line containing PATTERN: the
 * time from just before starting CMD.  (tests/system/helpers/ttfb prints
 * its figure only when the command ends; a guest that never shows PATTERN
 * would hold it forever.)
 * With -t, after SECONDS (default: none) CMD's process group is killed
 * (SIGKILL) and "linetime: timeout after <s> s" is printed.
 * With -q, the first line containing QUIT ends the run: CMD's process group
 * is killed and the exit status is 0 (e.g. the last line a guest prints,
 * when what follows, its shutdown, is not what is measured).
 * Exit status: CMD's, 124 on timeout, 125 if CMD could not be run, 2 usage.
 * No PATTERN line: "linetime_ns=-1" when CMD ends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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

static void usage(void)
{
	fprintf(stderr, "usage: linetime [-t SECONDS] [-q QUIT] PATTERN CMD [ARG...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long long t0, deadline = 0, found = -1;
	char line[4096], buf[4096];
	size_t len = 0;
	int fds[2], status = 0, opt, timed_out = 0, quit = 0;
	long timeout = 0;
	const char *pattern, *quit_pattern = NULL;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+t:q:")) != -1) {
		if (opt == 'q') {
			quit_pattern = optarg;
			continue;
		}
		if (opt != 't')
			usage();
		timeout = strtol(optarg, NULL, 10);
		if (timeout <= 0)
			usage();
	}
	if (argc - optind < 2)
		usage();
	pattern = argv[optind];

	if (pipe(fds)) {
		perror("linetime: pipe");
		return 125;
	}
	t0 = now_ns();
	if (timeout)
		deadline = t0 + timeout * 1000000000ll;
	pid = fork();
	if (pid < 0) {
		perror("linetime: fork");
		return 125;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[optind + 1], argv + optind + 1);
		fprintf(stderr, "linetime: %s: %s\n", argv[optind + 1],
			strerror(errno));
		_exit(125);
	}
	setpgid(pid, pid);	/* both sides: no race with the kill below */
	close(fds[1]);

	while (!quit) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		int wait_ms = -1;
		ssize_t n, i;

		if (deadline) {
			long long left = deadline - now_ns();

			if (left <= 0) {
				timed_out = 1;
				break;
			}
			wait_ms = (int)(left / 1000000) + 1;
		}
		if (poll(&p, 1, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			perror("linetime: poll");
			break;
		}
		if (!p.revents)
			continue;
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;		/* CMD (and its children) closed the pipe */
		for (i = 0; i < n && !quit; i++) {
			if (len < sizeof(line) - 1)
				line[len++] = buf[i];
			if (buf[i] != '\n')
				continue;
			line[len] = '\0';
			fputs(line, stdout);
			if (found < 0 && strstr(line, pattern)) {
				found = now_ns() - t0;
				printf("linetime_ns=%lld\n", found);
			}
			if (quit_pattern && strstr(line, quit_pattern))
				quit = 1;
			fflush(stdout);
			len = 0;
		}
	}
	if (len && !quit) {
		line[len] = '\0';
		printf("%s\n", line);
	}
	if (timed_out || quit)
		kill(-pid, SIGKILL);
	if (timed_out)
		printf("linetime: timeout after %ld s\n", timeout);
	if (found < 0)
		printf("linetime_ns=-1\n");
	fflush(stdout);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out)
		return 124;
	if (quit)
		return 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
