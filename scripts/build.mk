# Infrastructure: build dependencies, Debian's kernel for the emulated machine,
# the initramfs and the QEMU runner.  Included first by the top-level Makefile.
#
# Targets:  deps  kernel  initramfs  check-style
# Variables for the other .mk files:
#   BUILD         scratch directory ($(TOP)/build, gitignored)
#   DEPS_STAMP    file; depend on it (order-only is enough) before using any tool
#   KERNEL_STAMP  file; depend on it before using KDIR or KVER
#   KDIR          kernel headers tree of the emulated machine's kernel (a fixed path,
#                 valid once $(KERNEL_STAMP) exists); `make KDIR=...` overrides it
#   KVER          kernel release string, e.g. 6.1.0-56-amd64 (read from a file written
#                 by the kernel step: use it in recipes, not in target names)
#   RUN_QEMU      the QEMU runner, scripts/run-qemu.sh
#   INITRAMFS     $(OUT)/initramfs.cpio.gz
#   INITRAMFS_PRODUCTS  files of Hoist built before the initramfs and packed in it:
#                 $(OUT)/hoist.ko $(OUT)/hoist; add more inputs with an extra
#                 prerequisite line: `$(INITRAMFS): file`

BUILD        ?= $(TOP)/build
SCRIPTS      := $(TOP)/scripts
RUN_QEMU     := $(SCRIPTS)/run-qemu.sh

# ---------------------------------------------------------------- deps
# Debian 12 packages the build and the tests need.  libc6-dev is named because
# we install without recommends and gcc only recommends it.
DEPS_PACKAGES := qemu-system-x86 busybox-static cpio libcmocka-dev liblzma-dev scdoc \
                 kmod xz-utils gcc libc6-dev make bc flex bison libelf-dev pkg-config \
                 cmark-gfm groff-base libxen-dev
DEPS_STAMP    := $(BUILD)/deps.stamp

deps: $(DEPS_STAMP)

# Re-checked when this file (the package list) changes; the check is a dpkg query.
$(DEPS_STAMP): $(SCRIPTS)/deps.sh $(SCRIPTS)/build.mk
	$(SCRIPTS)/deps.sh $(DEPS_PACKAGES)
	@mkdir -p $(@D) && touch $@

# ---------------------------------------------------------------- kernel
# Debian's current linux-image-amd64 (resolved once, then pinned by the stamp),
# unpacked with its headers under build/kernel/root; never installed.
KERNEL_BUILD := $(BUILD)/kernel
KERNEL_STAMP := $(KERNEL_BUILD)/stamp
KDIR         := $(KERNEL_BUILD)/kdir
KVER          = $(shell cat $(KERNEL_BUILD)/kver 2>/dev/null)
KERNEL_OUT   := $(OUT)/kernel
# Modules the emulated machine loads for KVM; their dependencies are added.
KVM_MODULES  := irqbypass ccp kvm kvm-amd msr

kernel: $(KERNEL_STAMP) $(KERNEL_OUT)/vmlinuz $(KERNEL_OUT)/config \
        $(KERNEL_OUT)/System.map $(KERNEL_OUT)/modules/order

$(KERNEL_STAMP): $(SCRIPTS)/fetch-kernel.sh | $(DEPS_STAMP)
	$(SCRIPTS)/fetch-kernel.sh $(KERNEL_BUILD)
	@touch $@

$(KERNEL_OUT)/vmlinuz: $(KERNEL_STAMP)
	@mkdir -p $(@D)
	cp $(KERNEL_BUILD)/root/boot/vmlinuz-$(KVER) $@

$(KERNEL_OUT)/config: $(KERNEL_STAMP)
	@mkdir -p $(@D)
	cp $(KERNEL_BUILD)/root/boot/config-$(KVER) $@

$(KERNEL_OUT)/System.map: $(KERNEL_STAMP)
	@mkdir -p $(@D)
	cp $(KERNEL_BUILD)/root/boot/System.map-$(KVER) $@

# out/kernel/modules/: flat *.ko plus `order`, the load order (dependencies first).
$(KERNEL_OUT)/modules/order: $(KERNEL_STAMP) $(SCRIPTS)/collect-modules.sh
	$(SCRIPTS)/collect-modules.sh $(KERNEL_BUILD)/root/lib/modules/$(KVER) $(@D) $(KVM_MODULES)

# ---------------------------------------------------------------- xenstore-utils
# Debian's xenstore clients for the emulated machine (scripts/fetch-xenstore-utils.sh):
# downloaded, unpacked under build/xenstore-utils/root, never installed.
XSU_BUILD := $(BUILD)/xenstore-utils
XSU_STAMP := $(XSU_BUILD)/stamp

$(XSU_STAMP): $(SCRIPTS)/fetch-xenstore-utils.sh | $(DEPS_STAMP)
	$(SCRIPTS)/fetch-xenstore-utils.sh $(XSU_BUILD)
	@touch $@

# ---------------------------------------------------------------- initramfs
INITRAMFS          := $(OUT)/initramfs.cpio.gz
# Hoist itself (rules in kmod/build.mk, tools/build.mk): built first, then packed.
INITRAMFS_PRODUCTS ?= $(OUT)/hoist.ko $(OUT)/hoist
SYSTEST            := $(TOP)/tests/system

initramfs: $(INITRAMFS)

# Inputs are named by their rules, never found with $(wildcard) in out/ (make's
# directory cache misses files built earlier in the same run).  Other .mk files
# add theirs as extra prerequisites: tests/system/build.mk adds the test helpers
# and test modules.
$(INITRAMFS): $(SYSTEST)/init $(SYSTEST)/lib.sh $(wildcard $(SYSTEST)/scenarios/*.sh) \
              $(KERNEL_OUT)/modules/order $(SCRIPTS)/mkinitramfs.sh $(KERNEL_STAMP) \
              $(INITRAMFS_PRODUCTS) $(XSU_STAMP) | $(DEPS_STAMP)
	TOP=$(TOP) OUT=$(OUT) KERNEL_BUILD=$(KERNEL_BUILD) XENSTORE_UTILS=$(XSU_BUILD)/root \
		$(SCRIPTS)/mkinitramfs.sh $@

# ---------------------------------------------------------------- check-style
# The module and the test modules in Linux kernel style: the kernel's
# checkpatch.pl, taken once from Debian's linux-source-6.1 (no smaller package
# ships it), then run on kmod/*.[ch] and tests/system/kmod/*/*.c.
CHECKPATCH_DIR   := $(BUILD)/checkpatch
CHECKPATCH_STAMP := $(CHECKPATCH_DIR)/stamp

check-style: $(CHECKPATCH_STAMP)
	@$(SCRIPTS)/checkpatch.sh

$(CHECKPATCH_STAMP): $(SCRIPTS)/fetch-checkpatch.sh | $(DEPS_STAMP)
	$(SCRIPTS)/fetch-checkpatch.sh $(CHECKPATCH_DIR)
	@touch $@

.PHONY: deps kernel initramfs check-style
