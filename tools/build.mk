# The hoist command -> $(OUT)/hoist, a static C11 binary.
# Included by the top-level Makefile (TOP, OUT defined there).

TOOLS_CC      ?= gcc
TOOLS_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 \
                 -Wmissing-prototypes -Wstrict-prototypes -Wshadow \
                 -I$(TOP)/include -I$(TOP)/tools
TOOLS_LDFLAGS := -static
TOOLS_BUILD   := $(TOP)/build/tools

# Library first, then the commands; main.c is the only file the unit tests
# never link (they build their own struct hoist_env).
TOOLS_LIB_SRCS := lib/dev.c lib/dev_linux.c lib/host.c lib/host_linux.c lib/kv.c
TOOLS_CMD_SRCS := hoist.c cmd_help.c cmd_info.c cmd_dmesg.c cmd_stats.c
TOOLS_SRCS     := $(TOOLS_LIB_SRCS) $(TOOLS_CMD_SRCS) main.c
TOOLS_OBJS     := $(addprefix $(TOOLS_BUILD)/,$(TOOLS_SRCS:.c=.o))

tools: $(OUT)/hoist

$(OUT)/hoist: $(TOOLS_OBJS)
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_LDFLAGS) -o $@ $^

# -MMD -MP: each object also depends on the headers it included.
$(TOOLS_BUILD)/%.o: $(TOP)/tools/%.c
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_CFLAGS) -MMD -MP -c -o $@ $<

-include $(TOOLS_OBJS:.o=.d)

.PHONY: tools
