/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kvm-linux: boot a Linux bzImage + initramfs under KVM, the way kvmtool
 * and Firecracker do (64-bit boot protocol, no firmware, no ACPI), with a
 * 16550A UART at 0x3F8 as its console.  The peer Hoist's Linux domU is
 * compared with (tests/system/scenarios/bench.sh).
 *
 *   vm.c    the VM: KVM_CREATE_VM, in-kernel PIC/IOAPIC/LAPIC and PIT,
 *           guest RAM, one vCPU with KVM's supported CPUID
 *   boot.c  the Linux x86 boot protocol: kernel at 1 MiB, boot_params,
 *           identity page tables, 64-bit entry state
 *   uart.c  the 8250/16550A UART
 *   main.c  options, the KVM_RUN loop, port I/O, the console watch
 *   touch.c -x: no Linux; time creating a VM whose memory is touched (or
 *           not) and destroying it, the peer of `hoist create` / `hoist
 *           destroy` of a large guest
 */
#ifndef KVM_LINUX_H
#define KVM_LINUX_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct kvm_regs;
struct kvm_run;

/*
 * Guest RAM: [0, low_size) and, for more than LOW_RAM_END of it, the rest
 * from HIGH_RAM_START on, as QEMU's pc machine splits more than 3.5 GiB
 * (gigabyte-aligned): the 32-bit hole holds the LAPIC, the IOAPIC and
 * the TSS pages (vm.c).  One mapping backs both: GPA 4 GiB + x is
 * mem[low_size + x].
 */
#define LOW_RAM_END	0xc0000000ull
#define HIGH_RAM_START	0x100000000ull

struct vm {
	int kvm, fd, vcpu;		/* /dev/kvm, the VM, vCPU 0 */
	struct kvm_run *run;		/* vCPU 0's shared run area */
	size_t run_size;
	uint8_t *mem;			/* guest RAM, mem_size bytes */
	uint64_t mem_size;
	uint64_t low_size;		/* of it, at GPA 0 */
};

struct image {
	const char *path;
	uint8_t *data;
	size_t len;
};

/* vm.c: every function prints its own error ("kvm-linux: ...") and
 * returns -1 on failure. */
int vm_create(struct vm *vm, uint64_t mem_size, int populate);
void vm_destroy(struct vm *vm);
/* The end of guest RAM's last range (GPA). */
uint64_t vm_ram_top(const struct vm *vm);

/* touch.c: runs -x MODE RUNS times, prints a line per run; 0 or -1. */
int touch_bench(uint64_t mem_size, const char *mode, int runs);

/* boot.c */
int boot_check_kernel(const struct image *kernel);
int boot_setup(struct vm *vm, const struct image *kernel,
	       const struct image *initrd, const char *cmdline);
/* vCPU 0 in 64-bit mode at regs->rip, paging from cr3 (GDT at 0x500). */
int boot_long_mode(struct vm *vm, uint64_t cr3, const struct kvm_regs *regs);

/* uart.c: COM1, IRQ 4.  Output bytes go to out(ctx, byte). */
#define UART_BASE	0x3f8
#define UART_PORTS	8
#define UART_IRQ	4

struct uart {
	pthread_mutex_t lock;		/* input arrives on another thread */
	int vm_fd;
	int irq_level;			/* last level given to KVM_IRQ_LINE */
	uint8_t ier, fcr, lcr, mcr, scr, dll, dlm;
	int thre_pending;		/* THR-empty interrupt not yet read */
	uint8_t rx[256];		/* received bytes, a ring */
	unsigned int rx_head, rx_len;
	void (*out)(void *ctx, uint8_t byte);
	void *ctx;
};

void uart_init(struct uart *u, int vm_fd, void (*out)(void *, uint8_t),
	       void *ctx);
/* One byte of port I/O at UART_BASE + off; data is read or written. */
void uart_io(struct uart *u, unsigned int off, int is_write, uint8_t *data);
/* Queue input bytes (dropped when the ring is full). */
void uart_input(struct uart *u, const uint8_t *buf, size_t len);

#endif
