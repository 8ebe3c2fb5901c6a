/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kvm-linux: boot a Linux bzImage and initramfs under KVM with a serial
 * console, and time creation to the guest's init.
 *
 *   kvm-linux [-k KERNEL] [-i INITRD] [-c CMDLINE] [-m MIB] [-t SECONDS]
 *   kvm-linux -x none|host|guest [-m MIB] [-r RUNS] [-t SECONDS]
 *
 * Defaults: -k /boot/vmlinuz -i /root/initrd.img (the emulated machine's
 * copies of out/kernel/vmlinuz and out/guests/linux-initrd.cpio.gz),
 * -c "console=ttyS0 panic=-1 guest.run=true", -m 256, -t 600; -i "" boots
 * without an initrd.  One vCPU.  More than 3 GiB of memory is split around
 * the 32-bit hole: 3 GiB at 0, the rest at 4 GiB (kvm-linux.h).
 *
 * -x boots no Linux: it times creating and destroying a VM of -m MiB, RUNS
 * times (default 1), with its memory touched or not (touch.c).
 *
 * The guest's console (COM1) goes to stdout; stdin goes to the guest.
 * When a console line contains "hoist-guest: init reached" (guests/linux/
 * init), this prints
 *   kvm-linux: init after <ms> ms
 * timed from just before KVM_CREATE_VM.  The guest ends with a triple fault
 * or reset (KVM_EXIT_SHUTDOWN, 0xFE to port 0x64: reboot), a system event,
 * or, since there is no ACPI to power off with, the kernel's "reboot:
 * System halted" / "reboot: Power down" line (poweroff -f halts the CPU
 * with interrupts off, which the in-kernel LAPIC never reports).  Then
 *   kvm-linux: guest stopped after <ms> ms (<how>)
 * Exit status: 0 if the guest reached init and stopped, 1 otherwise
 * (timeout, KVM error, kernel panic, stopped before init), 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "kvm-linux.h"

#define INIT_MARKER	"hoist-guest: init reached"
#define MIN_MEM_MIB	32
#define MAX_MEM_MIB	16384
#define KBD_STATUS	0x64	/* i8042 command port: 0xFE pulses reset */
#define KBD_RESET	0xfe
#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

enum stop {
	RUNNING, STOP_HALT, STOP_RESET, STOP_SHUTDOWN, STOP_EVENT, STOP_PANIC,
};

static const char *const stop_names[] = {
	[STOP_HALT] = "halted", [STOP_RESET] = "reset through the i8042",
	[STOP_SHUTDOWN] = "triple fault", [STOP_EVENT] = "system event",
	[STOP_PANIC] = "kernel panic",
};

/* Console line watch: what the guest printed on the current line. */
struct console {
	char line[512];
	size_t len;
	int tty;			/* stdout is a terminal: flush every byte */
	struct timespec t0;		/* just before KVM_CREATE_VM */
	int init_seen;
	enum stop stop;
	unsigned long long bytes, exits;	/* for the timeout message */
};

static struct kvm_run *volatile run_area;
static volatile sig_atomic_t timed_out;

static unsigned long long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long long)((t.tv_sec - t0->tv_sec) * 1000 +
				    (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static void console_line(struct console *c)
{
	c->line[c->len] = '\0';
	if (!c->init_seen && strstr(c->line, INIT_MARKER)) {
		c->init_seen = 1;
		printf("kvm-linux: init after %llu ms\n", ms_since(&c->t0));
	}
	if (strstr(c->line, "reboot: System halted") ||
	    strstr(c->line, "reboot: Power down"))
		c->stop = STOP_HALT;
	if (strstr(c->line, "Kernel panic - not syncing"))
		c->stop = STOP_PANIC;
	c->len = 0;
}

static void console_out(void *ctx, uint8_t byte)
{
	struct console *c = ctx;

	c->bytes++;
	putchar(byte);
	if (byte == '\n') {
		console_line(c);
		fflush(stdout);
	} else {
		if (byte != '\r' && c->len < sizeof(c->line) - 1)
			c->line[c->len++] = (char)byte;
		if (c->tty)
			fflush(stdout);
	}
}

/* Ends KVM_RUN without a race: KVM checks immediate_exit on entry. */
static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (run_area)
		run_area->immediate_exit = 1;
}

static void *input_thread(void *arg)
{
	struct uart *u = arg;
	uint8_t buf[64];
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			uart_input(u, buf, (size_t)n);
	return NULL;
}

static int read_image(struct image *img, const char *path)
{
	struct stat st;
	size_t done = 0;
	ssize_t n;
	int fd;

	img->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "kvm-linux: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	img->len = (size_t)st.st_size;
	img->data = malloc(img->len ? img->len : 1);
	if (!img->data) {
		fprintf(stderr, "kvm-linux: %s: out of memory\n", path);
		close(fd);
		return -1;
	}
	while (done < img->len) {
		n = read(fd, img->data + done, img->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "kvm-linux: %s: %s\n", path,
				n ? strerror(errno) : "short read");
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	close(fd);
	return 0;
}

/* Port I/O other than the UART: reads give all-ones (nothing there), except
 * the CMOS clock, which reads zero so that no "update in progress" bit keeps
 * a reader waiting. */
static void port_io(struct uart *u, struct console *c, struct kvm_run *run)
{
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	int is_write = run->io.direction == KVM_EXIT_IO_OUT;
	uint16_t port = run->io.port;
	uint32_t i, b;

	for (i = 0; i < run->io.count; i++, data += run->io.size) {
		if (port >= UART_BASE && port < UART_BASE + UART_PORTS &&
		    run->io.size == 1) {
			uart_io(u, port - UART_BASE, is_write, data);
		} else if (is_write) {
			if (port == KBD_STATUS && data[0] == KBD_RESET)
				c->stop = STOP_RESET;
		} else {
			for (b = 0; b < run->io.size; b++)
				data[b] = (port == CMOS_DATA) ? 0 : 0xff;
		}
	}
}

/* Where the guest is: enough to look up a hang or a fault in its kernel. */
static void where(struct vm *vm, const struct console *c)
{
	struct kvm_sregs sregs = { 0 };
	struct kvm_regs regs = { 0 };

	ioctl(vm->vcpu, KVM_GET_REGS, &regs);
	ioctl(vm->vcpu, KVM_GET_SREGS, &sregs);
	fprintf(stderr, "kvm-linux: %s; RIP %#llx RSP %#llx CR2 %#llx CR3 %#llx, "
		"%llu exits to user space, %llu console bytes\n",
		c->init_seen ? "after init" : "init not reached",
		(unsigned long long)regs.rip, (unsigned long long)regs.rsp,
		(unsigned long long)sregs.cr2, (unsigned long long)sregs.cr3,
		c->exits, c->bytes);
}

static void usage(void)
{
	fprintf(stderr, "usage: kvm-linux [-k KERNEL] [-i INITRD] [-c CMDLINE] "
		"[-m MIB] [-t SECONDS]\n"
		"       kvm-linux -x none|host|guest [-m MIB] [-r RUNS] "
		"[-t SECONDS]\n");
	exit(2);
}

static long number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "kvm-linux: %s %s: want a number from %ld to %ld\n",
			opt, s, min, max);
		exit(2);
	}
	return v;
}

/* The KVM_RUN loop: returns when the guest stops (c->stop) or on error. */
static int run_vcpu(struct vm *vm, struct uart *u, struct console *c)
{
	struct kvm_run *run = vm->run;

	while (c->stop == RUNNING) {
		if (ioctl(vm->vcpu, KVM_RUN, 0) < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				fprintf(stderr, "kvm-linux: KVM_RUN: %s\n",
					strerror(errno));
				return -1;
			}
			if (timed_out)
				return -1;
			continue;
		}
		c->exits++;
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			port_io(u, c, run);
			break;
		case KVM_EXIT_MMIO:	/* no devices: reads are all-ones */
			if (!run->mmio.is_write)
				memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
			break;
		case KVM_EXIT_HLT:
			c->stop = STOP_HALT;
			break;
		case KVM_EXIT_SHUTDOWN:
			c->stop = STOP_SHUTDOWN;
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			c->stop = STOP_EVENT;
			break;
		case KVM_EXIT_INTR:
			if (timed_out)
				return -1;
			break;
		case KVM_EXIT_FAIL_ENTRY:
			fprintf(stderr, "kvm-linux: VM entry failed, hardware "
				"reason %#llx\n", (unsigned long long)
				run->fail_entry.hardware_entry_failure_reason);
			return -1;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "kvm-linux: KVM internal error, "
				"suberror %u\n", run->internal.suberror);
			return -1;
		default:
			fprintf(stderr, "kvm-linux: unexpected exit reason %u\n",
				run->exit_reason);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *kernel_path = "/boot/vmlinuz", *initrd_path = "/root/initrd.img";
	const char *cmdline = "console=ttyS0 panic=-1 guest.run=true";
	const char *touch = NULL;
	long mem_mib = 256, timeout = 600, runs = 1;
	struct image kernel, initrd;
	struct itimerval it = { 0 };
	struct sigaction sa = { 0 };
	struct console con = { 0 };
	struct vm vm = { .kvm = -1, .fd = -1, .vcpu = -1 };
	struct uart uart;
	sigset_t alarm_set;
	pthread_t input;
	int opt, ret;

	while ((opt = getopt(argc, argv, "k:i:c:m:t:x:r:h")) != -1) {
		switch (opt) {
		case 'k':
			kernel_path = optarg;
			break;
		case 'i':
			initrd_path = optarg;
			break;
		case 'c':
			cmdline = optarg;
			break;
		case 'm':
			mem_mib = number("-m", optarg, MIN_MEM_MIB, MAX_MEM_MIB);
			break;
		case 't':
			timeout = number("-t", optarg, 1, 86400);
			break;
		case 'x':
			touch = optarg;
			break;
		case 'r':
			runs = number("-r", optarg, 1, 1000);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (touch) {
		/* No console to end the run with: the default SIGALRM action
		 * ends a run that hangs. */
		alarm((unsigned int)timeout);
		return touch_bench((uint64_t)mem_mib << 20, touch, (int)runs) ?
		       1 : 0;
	}

	if (read_image(&kernel, kernel_path) || boot_check_kernel(&kernel))
		return 1;
	if (*initrd_path && read_image(&initrd, initrd_path))
		return 1;
	con.tty = isatty(STDOUT_FILENO);

	clock_gettime(CLOCK_MONOTONIC, &con.t0);
	if (vm_create(&vm, (uint64_t)mem_mib << 20, 0) ||
	    boot_setup(&vm, &kernel, *initrd_path ? &initrd : NULL, cmdline)) {
		vm_destroy(&vm);
		return 1;
	}
	uart_init(&uart, vm.fd, console_out, &con);

	/* SIGALRM is for this (the vCPU) thread: block it in the input thread. */
	sigemptyset(&alarm_set);
	sigaddset(&alarm_set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alarm_set, NULL);
	if (pthread_create(&input, NULL, input_thread, &uart) == 0)
		pthread_detach(input);
	pthread_sigmask(SIG_UNBLOCK, &alarm_set, NULL);

	run_area = vm.run;
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	it.it_value.tv_sec = timeout;
	setitimer(ITIMER_REAL, &it, NULL);

	ret = run_vcpu(&vm, &uart, &con);
	if (con.len)
		console_line(&con);
	fflush(stdout);
	if (timed_out) {
		fprintf(stderr, "kvm-linux: timeout: the guest still runs after "
			"%ld s\n", timeout);
		where(&vm, &con);
	}
	if (ret == 0) {
		printf("kvm-linux: guest stopped after %llu ms (%s)\n",
		       ms_since(&con.t0), stop_names[con.stop]);
		if (con.stop == STOP_PANIC)
			ret = -1;
		else if (!con.init_seen) {
			fprintf(stderr, "kvm-linux: the guest stopped before "
				"printing \"%s\"\n", INIT_MARKER);
			where(&vm, &con);
			ret = -1;
		}
	}
	fflush(stdout);
	vm_destroy(&vm);
	return ret ? 1 : 0;
}
