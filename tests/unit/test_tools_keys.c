/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: the keyboard of `hoist console` (tools/console_input.c,
 * tools/lib/term.c): keys sent to the guest, Ctrl-] leaving, the
 * terminal raw while attached and restored after.  The escape ends the
 * process, so each case runs the console in a child attached to a guest
 * that prints, echoes what it is sent, and otherwise stays quiet (the
 * fake blocks), with the keys coming from a pseudo-terminal (the child's
 * controlling terminal, in its own session) or from a pipe.
 */
#define _XOPEN_SOURCE 700	/* posix_openpt and friends */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <stdnoreturn.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_tools_fake.h"

struct child {
	pid_t pid;
	int out;		/* read end of the child's stdout */
};

/* The console's process: the attached guest, then hoist_main. */
static noreturn void run_console(int out, int key_fd)
{
	char *argv[] = { "hoist", "console", "hello", NULL };
	struct fake_dom *d;
	struct hoist_env env;
	struct fake_run run;
	int null = open("/dev/null", O_WRONLY);

	/* Whatever happens to the test, this process ends soon and holds
	 * none of the test's output pipes (a runner reads them to EOF). */
	alarm(5);
	dup2(null, 1);
	dup2(null, 2);
	fake_reset();
	d = fake_add_domain("hello", HOIST_DOM_RUNNING, 32768, 1, 0);
	d->console = "Hello from a PVH guest\n";
	d->console_block = 1;
	d->input_echo = 1;
	fake_env(&env, &run);
	fclose(env.out);
	env.out = fdopen(out, "w");
	env.in_fd = key_fd;
	_exit(hoist_main(&env, 3, argv) + 100);	/* not via the escape */
}

/* In a session of its own with tty as the controlling terminal; in the
 * foreground, or in a background process group of that session. */
static noreturn void run_on_tty(int out, const char *tty, int background)
{
	int fd, status;
	pid_t pid;

	setsid();
	fd = open(tty, O_RDWR);	/* becomes the controlling terminal */
	if (fd < 0)
		_exit(99);
	if (!background)
		run_console(out, fd);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		run_console(out, fd);
	}
	close(out);
	waitpid(pid, &status, WUNTRACED);
	_exit(WIFSTOPPED(status) ? 98 : 97);
}

/* Runs `hoist console hello` in a child with keys from key_fd, or from
 * the terminal tty (then its controlling terminal) when tty != NULL. */
static void start_console(struct child *c, int key_fd, const char *tty,
			  int background)
{
	int out[2];

	assert_int_equal(pipe(out), 0);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		alarm(10);	/* never hang the test run */
		close(out[0]);
		if (tty)
			run_on_tty(out[1], tty, background);
		run_console(out[1], key_fd);
	}
	close(out[1]);
	c->out = out[0];
}

/* Reads the child's output up to n bytes (or its end). */
static void read_out(struct child *c, char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n && (r = read(c->out, buf + got, n - got)) > 0)
		got += (size_t)r;
	buf[got] = '\0';
}

static int wait_child(struct child *c)
{
	int status;

	assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
	close(c->out);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_pipe_forwarded_then_escape(void **state)
{
	char buf[64];
	struct child c;
	int keys[2];

	(void)state;
	/* A pipe (a script, a FIFO): what comes is sent as it comes. */
	assert_int_equal(pipe(keys), 0);
	start_console(&c, keys[0], NULL, 0);
	read_out(&c, buf, 23);
	assert_string_equal(buf, "Hello from a PVH guest\n");
	assert_int_equal(write(keys[1], "echo hi\n", 8), 8);
	read_out(&c, buf, 8);
	assert_string_equal(buf, "echo hi\n");	/* the guest got it */
	/* Ctrl-] detaches here too: status 0, what follows it unsent. */
	assert_int_equal(write(keys[1], "ab\x1d" "cd", 5), 5);
	assert_int_equal(wait_child(&c), 0);
	close(keys[0]);
	close(keys[1]);
}

/* A pseudo-terminal pair; skips the test when there is none. */
static void open_pty(int *master, char *name, size_t size)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0)
		skip();
	assert_int_equal(grantpt(*master), 0);
	assert_int_equal(unlockpt(*master), 0);
	snprintf(name, size, "%s", ptsname(*master));
}

static void test_escape_from_terminal(void **state)
{
	struct termios before, during, after;
	char buf[64], tty[64];
	int master, slave;
	struct child c;

	(void)state;
	open_pty(&master, tty, sizeof(tty));
	slave = open(tty, O_RDWR | O_NOCTTY);
	assert_true(slave >= 0);
	assert_int_equal(tcgetattr(slave, &before), 0);
	assert_true(before.c_lflag & ICANON);

	start_console(&c, -1, tty, 0);
	read_out(&c, buf, 23);
	assert_string_equal(buf, "Hello from a PVH guest\n");
	/* Raw input while attached: Ctrl-] arrives without Enter. */
	assert_int_equal(tcgetattr(slave, &during), 0);
	assert_false(during.c_lflag & (ICANON | ECHO | ISIG));
	assert_int_equal(during.c_oflag, before.c_oflag);
	/* Keys go to the guest at once, unechoed by the terminal, Ctrl-C
	 * included; the escape leaves with status 0. */
	assert_int_equal(write(master, "ls\n\x03", 4), 4);
	read_out(&c, buf, 4);
	assert_string_equal(buf, "ls\n\x03");
	assert_int_equal(write(master, "\x1d", 1), 1);
	assert_int_equal(wait_child(&c), 0);
	/* The terminal is as it was. */
	assert_int_equal(tcgetattr(slave, &after), 0);
	assert_int_equal(after.c_lflag, before.c_lflag);
	assert_int_equal(after.c_iflag, before.c_iflag);
	close(slave);
	close(master);
}

static void test_signal_restores_terminal(void **state)
{
	struct termios before, during, after;
	int master, slave, status;
	char buf[64], tty[64];
	struct child c;

	(void)state;
	open_pty(&master, tty, sizeof(tty));
	slave = open(tty, O_RDWR | O_NOCTTY);
	assert_int_equal(tcgetattr(slave, &before), 0);
	start_console(&c, -1, tty, 0);
	read_out(&c, buf, 23);
	assert_int_equal(tcgetattr(slave, &during), 0);
	assert_false(during.c_lflag & ICANON);
	kill(c.pid, SIGTERM);
	assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
	close(c.out);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 128 + SIGTERM);
	assert_int_equal(tcgetattr(slave, &after), 0);
	assert_int_equal(after.c_lflag, before.c_lflag);
	close(slave);
	close(master);
}

static void test_background_job_leaves_terminal(void **state)
{
	struct termios before, during;
	char buf[64], tty[64];
	int master, slave;
	struct child c;

	(void)state;
	/* A background job must not touch the terminal: reading or setting
	 * it would stop the process (SIGTTIN, SIGTTOU). */
	open_pty(&master, tty, sizeof(tty));
	slave = open(tty, O_RDWR | O_NOCTTY);
	assert_int_equal(tcgetattr(slave, &before), 0);
	start_console(&c, -1, tty, 1);
	read_out(&c, buf, 23);
	assert_string_equal(buf, "Hello from a PVH guest\n");
	nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	assert_int_equal(tcgetattr(slave, &during), 0);
	assert_int_equal(during.c_lflag, before.c_lflag);
	assert_int_equal(write(master, "\x1d", 1), 1);
	nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	/* Neither stopped nor gone: the session leader is still waiting. */
	assert_int_equal(waitpid(c.pid, NULL, WNOHANG), 0);
	kill(0 - c.pid, SIGKILL);	/* its session's process groups */
	kill(c.pid, SIGKILL);
	waitpid(c.pid, NULL, 0);
	close(c.out);
	close(slave);
	close(master);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_from_terminal),
		cmocka_unit_test(test_signal_restores_terminal),
		cmocka_unit_test(test_pipe_forwarded_then_escape),
		cmocka_unit_test(test_background_job_leaves_terminal),
	};

	return cmocka_run_group_tests_name("tools_keys", tests, NULL, NULL);
}
