# The hoist command -> $(OUT)/hoist, a static C11 binary.
# Included by the top-level Makefile (TOP, OUT defined there).

TOOLS_CC      ?= gcc
TOOLS_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 -pthread \
                 -Wmissing-prototypes -Wstrict-prototypes -Wshadow \
                 -I$(TOP)/include -I$(TOP)/tools
TOOLS_LDFLAGS := -static -pthread
# liblzma (Debian liblzma-dev, static archive) decodes xz bzImage kernels;
# libxenstore (Debian libxen-dev: libxenstore.a and the libxentoolcore.a
# it needs) talks to hoist-xenstored.
TOOLS_LIBS    := -llzma -lxenstore -lxentoolcore
TOOLS_BUILD   := $(TOP)/build/tools

# Library, core, commands, then the real back ends of the operation tables
# (device, host files, processes) and main.c: the unit tests link all but
# the last two groups, with fakes in their place.
TOOLS_LIB_SRCS  := lib/err.c lib/file.c lib/kv.c lib/host.c lib/dev.c \
                   lib/dev_domain.c lib/cfg.c lib/cfg_lex.c lib/cfg_parse.c \
                   lib/domcfg.c lib/elf.c lib/bzimage.c lib/xz.c \
                   lib/kimage.c lib/memmap.c lib/acpi.c lib/loader.c \
                   lib/term.c
TOOLS_CORE_SRCS := hoist.c dom0.c domain.c build.c monitor.c console.c \
                   console_input.c store_dom.c control.c
TOOLS_CMD_SRCS  := cmd_create.c cmd_list.c cmd_destroy.c cmd_shutdown.c \
                   cmd_pause.c cmd_console.c cmd_vcpu_list.c cmd_help.c \
                   cmd_info.c cmd_dmesg.c cmd_stats.c cmd_sysrq.c
TOOLS_OS_SRCS   := lib/dev_linux.c lib/host_linux.c lib/store_xs.c \
                   sys_linux.c
TOOLS_SRCS      := $(TOOLS_LIB_SRCS) $(TOOLS_CORE_SRCS) $(TOOLS_CMD_SRCS) \
                   $(TOOLS_OS_SRCS) main.c
TOOLS_OBJS     := $(addprefix $(TOOLS_BUILD)/,$(TOOLS_SRCS:.c=.o))

tools: $(OUT)/hoist

$(OUT)/hoist: $(TOOLS_OBJS)
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_LDFLAGS) -o $@ $^ $(TOOLS_LIBS)

# -MMD -MP: each object also depends on the headers it included.
$(TOOLS_BUILD)/%.o: $(TOP)/tools/%.c
	@mkdir -p $(@D)
	$(TOOLS_CC) $(TOOLS_CFLAGS) -MMD -MP -c -o $@ $<

-include $(TOOLS_OBJS:.o=.d)

.PHONY: tools
