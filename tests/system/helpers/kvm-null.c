/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kvm-null: a minimal KVM launcher, the peer Hoist is measured against.
 *
 *   kvm-null [-n ITER] [-r RUNS]  ITER VMMCALLs with an unknown hypercall
 *                                 number: KVM answers -KVM_ENOSYS in RAX
 *                                 without leaving the kernel.  Prints, per run,
 *                                 kvm_null_vmmcall_tsc_per_call=<float>
 *                                 kvm_null_vmmcall_ns_per_call=<float>
 *   kvm-null --exit-io [-n ITER] [-r RUNS]
 *                                 ITER OUTs, each a round trip to this
 *                                 process.  Prints kvm_io_exit_ns_per_call=
 *   kvm-null --all [-n ITER] [-r RUNS]
 *                                 both, alternating, RUNS times each
 *   kvm-null --spin SECONDS       a guest that busy-loops for SECONDS (keeps
 *                                 EFER.SVME set: KVM enables SVM while a VM
 *                                 exists).  Prints "kvm_spin running" once
 *                                 the VM exists and "kvm_spin done" at exit;
 *                                 SIGTERM/SIGINT end it early (still exit 0).
 *
 * ITER defaults to 10000, RUNS to 1.  All runs use one VM: creating and
 * destroying a VM flips static keys (preempt notifiers, kvm_has_noapic_vcpu),
 * and the kernel's live code patching for that has been seen to hang QEMU
 * 7.2's multi-threaded TCG (a vCPU kept executing a stale INT3), so a
 * benchmark should create as few VMs as it can.
 *
 * TSC figures come from the guest (RDTSC around the loop: KVM only offsets
 * the TSC, so guest ticks are host ticks); ns figures are measured here with
 * CLOCK_MONOTONIC around the whole KVM_RUN sequence, divided by ITER.
 * The measuring modes pin themselves to the CPU they start on: the emulated
 * machine's TSCs are not synchronised across CPUs, and a migration in the
 * middle of the loop would skew the guest's TSC delta.
 * Exit status: 0 on success, 1 on any failure (message on stderr), 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define GUEST_MEM_SIZE	0x10000u	/* 64 KiB slot at GPA 0 */
#define GUEST_CODE	0x1000u		/* where the guest code is copied */
#define PORT_DONE	0x10		/* guest finished; results in registers */
#define PORT_TICK	0x11		/* one exit-to-user round trip */
#define UNKNOWN_HC	0xffffu		/* no KVM_HC_* has this number */

/*
 * Guest programs: 32-bit protected mode, flat 4 GiB segments, paging off.
 * The simplest mode KVM can enter without page tables or a GDT in guest
 * memory (segment caches are loaded with KVM_SET_SREGS).  Assembled by the
 * compiler's assembler into .rodata; the whole block is copied to GUEST_CODE
 * and each program is started at its own offset.
 *
 * guest_vmmcall  in: ECX = iterations (>= 1), EDI = hypercall number
 *                out (at OUT PORT_DONE): EDX:EAX = TSC ticks for the loop,
 *                EBX = number of calls that did not return -KVM_ENOSYS
 *                (0xfffffc18: 32-bit callers get the low half).
 * guest_io       in: ECX = iterations (>= 1); OUT PORT_TICK each time.
 * guest_spin     loops forever; the host interrupts KVM_RUN with a signal.
 */
__asm__(
	".pushsection .rodata\n"
	".code32\n"
	"guest_code:\n"
	"guest_vmmcall:\n"
	"	rdtsc\n"
	"	mov %eax, %esi\n"		/* start, low */
	"	mov %edx, %ebp\n"		/* start, high */
	"	xor %ebx, %ebx\n"		/* bad results */
	"1:	mov %edi, %eax\n"
	"	vmmcall\n"
	"	cmp $0xfffffc18, %eax\n"	/* (u32)-KVM_ENOSYS */
	"	je 2f\n"
	"	inc %ebx\n"
	"2:	dec %ecx\n"
	"	jnz 1b\n"
	"	rdtsc\n"
	"	sub %esi, %eax\n"
	"	sbb %ebp, %edx\n"
	"	out %al, $0x10\n"		/* PORT_DONE */
	"	hlt\n"
	"guest_io:\n"
	"1:	out %al, $0x11\n"		/* PORT_TICK */
	"	dec %ecx\n"
	"	jnz 1b\n"
	"	out %al, $0x10\n"		/* PORT_DONE */
	"	hlt\n"
	"guest_spin:\n"
	"1:	inc %eax\n"
	"	jmp 1b\n"
	"guest_code_end:\n"
	".code64\n"
	".popsection\n");

extern const unsigned char guest_code[], guest_code_end[];
extern const unsigned char guest_vmmcall[], guest_io[], guest_spin[];

/* Guest-physical entry point of one of the programs above. */
#define ENTRY(prog)	(GUEST_CODE + (uint64_t)((prog) - guest_code))

struct vm {
	int kvm, vm, vcpu;
	struct kvm_run *run;
	unsigned char *mem;
};

/* Set from the signal handler; run->immediate_exit closes the race between
 * checking the flag and entering KVM_RUN (see the KVM API documentation). */
static volatile sig_atomic_t stop_requested;
static struct kvm_run *volatile run_for_signal;

static void die(const char *what)
{
	fprintf(stderr, "kvm-null: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *msg)
{
	fprintf(stderr, "kvm-null: %s\n", msg);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void flat_segment(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffffu;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->dpl = 0;
	s->db = 1;
	s->s = 1;
	s->g = 1;
}

/* Create a VM with one vCPU in flat 32-bit protected mode, the guest
 * programs at GUEST_CODE. */
static void vm_create(struct vm *v)
{
	size_t len = (size_t)(guest_code_end - guest_code);
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	int mmap_size;

	v->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (v->kvm < 0)
		die("open /dev/kvm");
	if (ioctl(v->kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		fail("unexpected KVM API version");
	v->vm = ioctl(v->kvm, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		die("KVM_CREATE_VM");

	v->mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v->mem == MAP_FAILED)
		die("mmap guest memory");
	if (len > GUEST_MEM_SIZE - GUEST_CODE)
		fail("guest code too large");
	memcpy(v->mem + GUEST_CODE, guest_code, len);

	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = GUEST_MEM_SIZE;
	region.userspace_addr = (uint64_t)(uintptr_t)v->mem;
	if (ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION");

	v->vcpu = ioctl(v->vm, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0)
		die("KVM_CREATE_VCPU");
	mmap_size = ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size < (int)sizeof(struct kvm_run))
		die("KVM_GET_VCPU_MMAP_SIZE");
	v->run = mmap(NULL, (size_t)mmap_size, PROT_READ | PROT_WRITE,
		      MAP_SHARED, v->vcpu, 0);
	if (v->run == MAP_FAILED)
		die("mmap kvm_run");

	if (ioctl(v->vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_SREGS");
	flat_segment(&sregs.cs, 0x08, 0xb);	/* code, execute/read, accessed */
	flat_segment(&sregs.ds, 0x10, 0x3);	/* data, read/write, accessed */
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.cr0 |= 1;				/* PE; PG stays off */
	if (ioctl(v->vcpu, KVM_SET_SREGS, &sregs) < 0)
		die("KVM_SET_SREGS");
}

/*
 * Point the vCPU at a program.  Setting RIP after the PORT_DONE exit of a
 * previous program is fine: KVM completes a pending OUT on the next KVM_RUN
 * only if RIP still points at it.
 */
static void vm_start(struct vm *v, uint64_t rip, uint64_t rcx, uint64_t rdi)
{
	struct kvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.rflags = 0x2;
	regs.rip = rip;
	regs.rcx = rcx;
	regs.rdi = rdi;
	if (ioctl(v->vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS");
}

static void report_exit(const struct kvm_run *run)
{
	fprintf(stderr, "kvm-null: unexpected exit reason %u", run->exit_reason);
	if (run->exit_reason == KVM_EXIT_FAIL_ENTRY)
		fprintf(stderr, " (hardware_entry_failure_reason 0x%llx)",
			(unsigned long long)
			run->fail_entry.hardware_entry_failure_reason);
	if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		fprintf(stderr, " (suberror %u)", run->internal.suberror);
	if (run->exit_reason == KVM_EXIT_IO)
		fprintf(stderr, " (port 0x%x)", run->io.port);
	fprintf(stderr, "\n");
	exit(1);
}

/* Run until the guest writes PORT_DONE; returns the number of PORT_TICKs. */
static uint64_t vm_run_until_done(struct vm *v)
{
	uint64_t ticks = 0;

	for (;;) {
		if (ioctl(v->vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN");
		}
		if (v->run->exit_reason != KVM_EXIT_IO ||
		    v->run->io.direction != KVM_EXIT_IO_OUT)
			report_exit(v->run);
		if (v->run->io.port == PORT_TICK)
			ticks++;
		else if (v->run->io.port == PORT_DONE)
			return ticks;
		else
			report_exit(v->run);
	}
}

/* Stay on the current CPU (see the header comment). */
static void pin_to_current_cpu(void)
{
	cpu_set_t set;
	int cpu = sched_getcpu();

	if (cpu < 0)
		die("sched_getcpu");
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		die("sched_setaffinity");
}

static void measure_vmmcall(struct vm *v, uint64_t iter)
{
	struct kvm_regs regs;
	uint64_t t0, t1, tsc;

	vm_start(v, ENTRY(guest_vmmcall), iter, UNKNOWN_HC);
	t0 = now_ns();
	vm_run_until_done(v);
	t1 = now_ns();
	if (ioctl(v->vcpu, KVM_GET_REGS, &regs) < 0)
		die("KVM_GET_REGS");
	if ((uint32_t)regs.rbx != 0) {
		fprintf(stderr, "kvm-null: %u of %llu VMMCALLs did not return "
			"-KVM_ENOSYS\n", (uint32_t)regs.rbx,
			(unsigned long long)iter);
		exit(1);
	}
	tsc = ((regs.rdx & 0xffffffffu) << 32) | (regs.rax & 0xffffffffu);
	printf("kvm_null_vmmcall_tsc_per_call=%.1f\n", (double)tsc / (double)iter);
	printf("kvm_null_vmmcall_ns_per_call=%.1f\n",
	       (double)(t1 - t0) / (double)iter);
	fflush(stdout);
}

static void measure_exit_io(struct vm *v, uint64_t iter)
{
	uint64_t t0, t1, ticks;

	vm_start(v, ENTRY(guest_io), iter, 0);
	t0 = now_ns();
	ticks = vm_run_until_done(v);
	t1 = now_ns();
	if (ticks != iter) {
		fprintf(stderr, "kvm-null: %llu I/O exits, expected %llu\n",
			(unsigned long long)ticks, (unsigned long long)iter);
		exit(1);
	}
	printf("kvm_io_exit_ns_per_call=%.1f\n", (double)(t1 - t0) / (double)iter);
	fflush(stdout);
}

/*
 * One short pass of each program before the measured runs: the first
 * KVM_RUN of a VM pays for setting up the vCPU and faulting the guest page
 * into the nested page tables (milliseconds under emulation).
 */
static void warm_up(struct vm *v)
{
	vm_start(v, ENTRY(guest_vmmcall), 1, UNKNOWN_HC);
	vm_run_until_done(v);
	vm_start(v, ENTRY(guest_io), 1, 0);
	vm_run_until_done(v);
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	if (run_for_signal)
		run_for_signal->immediate_exit = 1;
}

static void spin(struct vm *v, double seconds)
{
	struct itimerval it;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: KVM_RUN must return */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) < 0 ||
	    sigaction(SIGTERM, &sa, NULL) < 0 ||
	    sigaction(SIGINT, &sa, NULL) < 0)
		die("sigaction");

	vm_start(v, ENTRY(guest_spin), 0, 0);
	run_for_signal = v->run;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)seconds;
	it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	printf("kvm_spin running\n");
	fflush(stdout);
	if (setitimer(ITIMER_REAL, &it, NULL) < 0)
		die("setitimer");

	while (!stop_requested) {
		if (ioctl(v->vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN");
		}
		/* The spin guest never exits on its own; external interrupts
		 * are handled in the kernel.  Anything reaching us is a bug. */
		report_exit(v->run);
	}
	printf("kvm_spin done\n");
}

static void usage(void)
{
	fprintf(stderr,
		"usage: kvm-null [--exit-io | --all] [-n ITER] [-r RUNS]\n"
		"       kvm-null --spin SECONDS\n");
	exit(2);
}

static uint64_t parse_count(const char *s, uint64_t max)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || n == 0 || n > max)
		usage();
	return n;
}

int main(int argc, char **argv)
{
	enum { VMMCALL = 1, EXIT_IO = 2, ALL = 3, SPIN = 4 } mode = VMMCALL;
	uint64_t iter = 10000, runs = 1, r;
	double seconds = 0;
	struct vm v;
	char *end;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			/* The guest loop counter is 32-bit ECX. */
			iter = parse_count(argv[++i], 0xffffffffull);
		} else if (!strcmp(argv[i], "-r") && i + 1 < argc) {
			runs = parse_count(argv[++i], 1000);
		} else if (!strcmp(argv[i], "--exit-io")) {
			mode = EXIT_IO;
		} else if (!strcmp(argv[i], "--all")) {
			mode = ALL;
		} else if (!strcmp(argv[i], "--spin") && i + 1 < argc) {
			mode = SPIN;
			seconds = strtod(argv[++i], &end);
			if (*end || !(seconds > 0) || seconds > 86400)
				usage();
		} else {
			usage();
		}
	}

	if (mode != SPIN)
		pin_to_current_cpu();
	vm_create(&v);
	if (mode == SPIN) {
		spin(&v, seconds);
		return 0;
	}
	warm_up(&v);
	for (r = 0; r < runs; r++) {
		if (mode & VMMCALL)
			measure_vmmcall(&v, iter);
		if (mode & EXIT_IO)
			measure_exit_io(&v, iter);
	}
	return 0;
}
