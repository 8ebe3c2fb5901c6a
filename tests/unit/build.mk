# Unit tests (cmocka) for pure logic, run on the build host.
#
# Each test T is listed in UNIT_TESTS with its sources in UNIT_SRCS_T
# (paths relative to the repository), objects built elsewhere in
# UNIT_OBJS_T, and optional extra flags in UNIT_CFLAGS_T.  `make unit-test` builds and runs them all and prints one
# PASS:/FAIL: line per test case.

UNIT_OUT    := $(OUT)/unit
UNIT_CC     ?= gcc
UNIT_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O1 -g -Wall -Wextra -Werror \
               -Wno-unused-parameter -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined \
               -I$(TOP)/include -I$(TOP)/tools -I$(TOP)/tests/unit
UNIT_TESTS  :=
UNIT_HEADERS := $(wildcard $(TOP)/include/hoist/*.h $(TOP)/hv/include/hv/*.h \
                $(TOP)/hv/arch/x86/include/arch/*.h $(TOP)/tools/*.h \
                $(TOP)/tools/lib/*.h $(TOP)/tests/unit/*.h $(TOP)/kmod/evtchn_ports.h)

include $(TOP)/tests/unit/tools.mk
include $(TOP)/tests/unit/hv.mk
include $(TOP)/tests/unit/kmod.mk

define unit_rule
$(UNIT_OUT)/$(1): $(addprefix $(TOP)/,$(UNIT_SRCS_$(1))) $(UNIT_OBJS_$(1)) $(UNIT_HEADERS) $(TOP)/tests/unit/build.mk $(TOP)/tests/unit/hv.mk $(TOP)/tests/unit/tools.mk
	@mkdir -p $$(@D)
	$$(UNIT_CC) $$(UNIT_CFLAGS) $$(UNIT_CFLAGS_$(1)) -o $$@ $$(addprefix $(TOP)/,$$(UNIT_SRCS_$(1))) $$(UNIT_OBJS_$(1)) -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit-build: $(addprefix $(UNIT_OUT)/,$(UNIT_TESTS))

# TAP from cmocka becomes PASS:/FAIL: lines; a crashing binary is a FAIL.
unit-test: unit-build
	@for t in $(UNIT_TESTS); do \
		out=$$(cd $(UNIT_OUT) && CMOCKA_MESSAGE_OUTPUT=TAP ./$$t 2>&1); rc=$$?; \
		printf '%s\n' "$$out" | sed -n \
			-e "s/^ok [0-9]* - \(.*\)/PASS: unit\/$$t\/\1/p" \
			-e "s/^not ok [0-9]* - \(.*\)/FAIL: unit\/$$t\/\1/p"; \
		if [ $$rc -ne 0 ] && ! printf '%s\n' "$$out" | grep -q '^not ok'; then \
			echo "FAIL: unit/$$t: exited with status $$rc"; \
			printf '%s\n' "$$out" | tail -20; \
		fi; \
	done

.PHONY: unit-build unit-test
