# Test guests: small freestanding PVH domUs, one per guests/NAME.c.
#
#   guests           $(OUT)/guests/NAME  (ELF: PT_LOADs at 1 MiB, Xen PHYS32_ENTRY note)
#                    $(OUT)/tests/bin/dom0-spin  (static; the spin workload in dom0)
#   guests-selftest  boots each guest in plain QEMU with hypercalls emulated by
#                    an exception handler (guests/selftest): checks the framework
#                    offline, without Hoist
#
# Objects go to $(BUILD)/guests.  guests/lib/ is the framework (README.md).

BUILD         ?= $(TOP)/build
GUESTS_DIR    := $(TOP)/guests
GUEST_BUILD   := $(BUILD)/guests
GUEST_CC      ?= gcc
GUEST_LD      ?= ld

# Every guests/*.c is a guest, except the dom0 programs.
GUEST_NAMES   := $(filter-out dom0-%,$(basename $(notdir $(wildcard $(GUESTS_DIR)/*.c))))
GUEST_ELFS    := $(GUEST_NAMES:%=$(OUT)/guests/%)
GUEST_LIB_SRCS := $(wildcard $(GUESTS_DIR)/lib/*.c $(GUESTS_DIR)/lib/*.S)
GUEST_LIB_OBJS := $(patsubst $(GUESTS_DIR)/lib/%,$(GUEST_BUILD)/lib/%.o,$(GUEST_LIB_SRCS))
GUEST_LDS     := $(GUESTS_DIR)/lib/guest.lds
DOM0_SPIN     := $(OUT)/tests/bin/dom0-spin

# Freestanding, non-PIC, linked at 1 MiB (small code model: all below 2 GiB).
# No SSE/x87 state, no red zone (exceptions push on the current stack), and
# no loop-to-memset conversion (string.c implements memset with a loop).
GUEST_CFLAGS  := -std=c11 -O2 -g -Wall -Wextra -Werror \
                 -ffreestanding -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
                 -fno-pic -fno-pie -mcmodel=small -mno-red-zone -mgeneral-regs-only \
                 -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
                 -fcf-protection=none -fno-strict-aliasing -fno-tree-loop-distribute-patterns \
                 -I$(TOP)/include -I$(GUESTS_DIR)/lib
GUEST_LDFLAGS := -m elf_x86_64 -nostdlib -static -z noexecstack -z max-page-size=4096 \
                 --build-id=none -T $(GUEST_LDS)

# dom0-spin: hosted C11, static, non-PIE (it links the guests' spin_loop object).
DOM0_CC       ?= gcc
DOM0_CFLAGS   := -std=c11 -O2 -Wall -Wextra -Werror -static -no-pie

guests: $(GUEST_ELFS) $(DOM0_SPIN)

$(GUEST_BUILD)/%.c.o: $(GUESTS_DIR)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_BUILD)/%.S.o: $(GUESTS_DIR)/%.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -MMD -MP -c $< -o $@

# A guest without the PVH note would never start: refuse to produce one.
$(GUEST_ELFS): $(OUT)/guests/%: $(GUEST_BUILD)/%.c.o $(GUEST_LIB_OBJS) $(GUEST_LDS)
	@mkdir -p $(@D)
	$(GUEST_LD) $(GUEST_LDFLAGS) -o $@ $< $(GUEST_LIB_OBJS)
	@readelf -lW $@ | grep -q '^ *NOTE' || { echo "$@: no PT_NOTE" >&2; rm -f $@; exit 1; }

$(DOM0_SPIN): $(GUESTS_DIR)/dom0-spin.c $(GUEST_BUILD)/lib/spin_loop.c.o \
              $(GUESTS_DIR)/lib/spin_loop.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(DOM0_CC) $(DOM0_CFLAGS) -o $@ $< $(GUEST_BUILD)/lib/spin_loop.c.o

# The emulated machine's initramfs carries dom0-spin (out/tests/bin/*) and,
# once scripts/mkinitramfs.sh copies them, the guests.
ifneq ($(INITRAMFS),)
$(INITRAMFS): $(GUEST_ELFS) $(DOM0_SPIN)
endif

# ---------------------------------------------------------------- selftest
# The same guest objects plus selftest/fakehv.c (a trap_hook that emulates
# VMMCALL after the #UD it raises on a CPU without SVM enabled; tramp.S
# starts secondary CPUs for it), and the selftest-only guest selftest/trap.c.  Nothing here goes to $(OUT).
SELFTEST_BIN  := $(GUEST_BUILD)/selftest/bin
SELFTEST_FAKE := $(GUEST_BUILD)/selftest/fakehv.c.o $(GUEST_BUILD)/selftest/tramp.S.o
SELFTEST_ELFS := $(GUEST_NAMES:%=$(SELFTEST_BIN)/%) $(SELFTEST_BIN)/trap

define selftest_link
	@mkdir -p $(@D)
	$(GUEST_LD) $(GUEST_LDFLAGS) -o $@ $< $(SELFTEST_FAKE) $(GUEST_LIB_OBJS)
endef

$(GUEST_NAMES:%=$(SELFTEST_BIN)/%): $(SELFTEST_BIN)/%: $(GUEST_BUILD)/%.c.o \
                  $(SELFTEST_FAKE) $(GUEST_LIB_OBJS) $(GUEST_LDS)
	$(selftest_link)

$(SELFTEST_BIN)/trap: $(GUEST_BUILD)/selftest/trap.c.o $(SELFTEST_FAKE) \
                      $(GUEST_LIB_OBJS) $(GUEST_LDS)
	$(selftest_link)

guests-selftest: $(SELFTEST_ELFS) $(DOM0_SPIN)
	$(GUESTS_DIR)/selftest/run.sh $(SELFTEST_BIN) $(DOM0_SPIN)

-include $(wildcard $(GUEST_BUILD)/*.d $(GUEST_BUILD)/lib/*.d $(GUEST_BUILD)/selftest/*.d)

.PHONY: guests guests-selftest
