# Unit tests of the hoist tool (tools/), for tests/unit/build.mk.
# Each test links the tool without main.c and without the real back ends
# (lib/dev_linux.c, lib/host_linux.c, sys_linux.c): test_tools_fake.c
# stands in for /dev/hoist (with a small fake hypervisor behind the
# domain ioctls), for uname, /proc and /sys, and for fork and sleep.

TOOLS_UNIT_SRCS := tools/lib/err.c tools/lib/file.c tools/lib/kv.c \
                   tools/lib/host.c tools/lib/dev.c tools/lib/dev_domain.c \
                   tools/lib/cfg.c tools/lib/cfg_lex.c tools/lib/cfg_parse.c \
                   tools/lib/domcfg.c tools/lib/elf.c tools/lib/bzimage.c \
                   tools/lib/xz.c tools/lib/kimage.c tools/lib/memmap.c \
                   tools/lib/acpi.c tools/lib/loader.c tools/lib/term.c \
                   tools/hoist.c tools/dom0.c tools/domain.c tools/build.c \
                   tools/monitor.c tools/console.c tools/console_input.c \
                   tools/cmd_create.c tools/cmd_list.c tools/cmd_destroy.c \
                   tools/cmd_shutdown.c tools/cmd_pause.c tools/cmd_console.c \
                   tools/cmd_vcpu_list.c tools/cmd_help.c tools/cmd_info.c \
                   tools/cmd_dmesg.c tools/cmd_stats.c tools/cmd_sysrq.c \
                   tools/store_dom.c tools/control.c \
                   tests/unit/test_tools_fake.c \
                   tests/unit/test_tools_fake_domains.c \
                   tests/unit/test_tools_fake_elf.c \
                   tests/unit/test_tools_fake_store.c

TOOLS_UNIT_TESTS := test_tools_kv test_tools_host test_tools_info \
                    test_tools_stats test_tools_dmesg test_tools_cli \
                    test_tools_cfg test_tools_domcfg test_tools_loader \
                    test_tools_list test_tools_domctl test_tools_create \
                    test_tools_monitor test_tools_keys test_tools_console \
                    test_tools_bzimage test_tools_acpi test_tools_store \
                    test_tools_control
UNIT_TESTS += $(TOOLS_UNIT_TESTS)

# The tool's sources are compiled once and linked into every test.
TOOLS_UNIT_OBJS := $(patsubst %.c,$(UNIT_OUT)/tools-obj/%.o,$(TOOLS_UNIT_SRCS))
$(UNIT_OUT)/tools-obj/%.o: $(TOP)/%.c $(UNIT_HEADERS) $(TOP)/tests/unit/build.mk $(TOP)/tests/unit/tools.mk
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_CFLAGS) -c -o $@ $<

UNIT_SRCS_test_tools_kv := tools/lib/kv.c tests/unit/test_tools_kv.c
$(foreach t,$(filter-out test_tools_kv,$(TOOLS_UNIT_TESTS)),\
  $(eval UNIT_SRCS_$(t) := tests/unit/$(t).c)\
  $(eval UNIT_OBJS_$(t) := $(TOOLS_UNIT_OBJS)))
# The console's input runs in a thread; xz kernels need liblzma (also
# for the encoder the tests build bzImages with).  The sanitizers turn
# --as-needed off, so the library may come before the sources.
$(foreach t,$(TOOLS_UNIT_TESTS),$(eval UNIT_CFLAGS_$(t) := -pthread -llzma))

# Just the tool's tests: make tools-unit-test
tools-unit-test: $(addprefix $(UNIT_OUT)/,$(TOOLS_UNIT_TESTS))
	@for t in $(TOOLS_UNIT_TESTS); do \
		out=$$(cd $(UNIT_OUT) && CMOCKA_MESSAGE_OUTPUT=TAP ./$$t 2>&1); rc=$$?; \
		printf '%s\n' "$$out" | sed -n \
			-e "s/^ok [0-9]* - \(.*\)/PASS: unit\/$$t\/\1/p" \
			-e "s/^not ok [0-9]* - \(.*\)/FAIL: unit\/$$t\/\1/p"; \
		if [ $$rc -ne 0 ] && ! printf '%s\n' "$$out" | grep -q '^not ok'; then \
			echo "FAIL: unit/$$t: exited with status $$rc"; \
			printf '%s\n' "$$out" | tail -20; \
		fi; \
	done

.PHONY: tools-unit-test
