# System tests: helper programs and test modules for the emulated machine, and
# the target that boots it (the boots are listed in tests/system/matrix).
#
#   test-helpers  tests/system/helpers/NAME.c  -> $(OUT)/tests/bin/NAME (static)
#                 tests/system/kmod/NAME/Kbuild -> $(OUT)/tests/NAME.ko
#                 (built against $(KDIR) in $(BUILD)/tests/kmod/NAME, a copy, so
#                 the source tree stays clean; -I$(TOP)/include via KCFLAGS)
#   system-test   boots of the matrix only (`make test` runs unit tests as well)

SYSTEST_DIR   := $(TOP)/tests/system
HELPER_CC     ?= gcc
HELPER_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -static -I$(TOP)/include
HOIST_HEADERS := $(wildcard $(TOP)/include/hoist/*.h)

TEST_HELPERS := $(patsubst $(SYSTEST_DIR)/helpers/%.c,$(OUT)/tests/bin/%, \
                  $(wildcard $(SYSTEST_DIR)/helpers/*.c))
TEST_KMOD_NAMES := $(patsubst $(SYSTEST_DIR)/kmod/%/Kbuild,%, \
                     $(wildcard $(SYSTEST_DIR)/kmod/*/Kbuild))
TEST_KMODS := $(TEST_KMOD_NAMES:%=$(OUT)/tests/%.ko)

test-helpers: $(TEST_HELPERS) $(TEST_KMODS)

# They go into the initramfs (scripts/mkinitramfs.sh): repack when one changes.
$(INITRAMFS): $(TEST_HELPERS) $(TEST_KMODS)

$(OUT)/tests/bin/%: $(SYSTEST_DIR)/helpers/%.c $(HOIST_HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(HELPER_CC) $(HELPER_CFLAGS) -o $@ $<

# One rule per test module, rebuilt when any file of its directory changes.
define test_kmod_rule
$(OUT)/tests/$(1).ko: $(wildcard $(SYSTEST_DIR)/kmod/$(1)/*) $(HOIST_HEADERS) $(KERNEL_STAMP)
	rm -rf $(BUILD)/tests/kmod/$(1)
	mkdir -p $(BUILD)/tests/kmod $$(@D)
	cp -a $(SYSTEST_DIR)/kmod/$(1) $(BUILD)/tests/kmod/$(1)
	$$(MAKE) -C $$(KDIR) M=$(BUILD)/tests/kmod/$(1) KCFLAGS=-I$(TOP)/include modules
	cp $(BUILD)/tests/kmod/$(1)/$(1).ko $$@
endef
$(foreach m,$(TEST_KMOD_NAMES),$(eval $(call test_kmod_rule,$(m))))

system-test: test-helpers kernel initramfs
	@$(TOP)/scripts/run-tests.sh --system-only

.PHONY: test-helpers system-test
