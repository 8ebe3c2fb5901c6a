# The xenstore daemon and its small client -> $(OUT)/hoist-xenstored,
# $(OUT)/hoist-xsctl (static C11).  Included by the top-level Makefile.
# tests/unit/xenstored.mk links the same sources, without main.c and dev.c.

XSD_DIR     := $(TOP)/tools/xenstored
XSD_BUILD   := $(TOP)/build/xenstored
XSD_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 \
               -Wmissing-prototypes -Wstrict-prototypes -Wshadow -I$(TOP)/include
XSD_CORE    := tree.c watch.c txn.c conn.c proto.c ring.c domain.c
XSD_SRCS    := $(XSD_CORE) dev.c main.c
XSD_OBJS    := $(addprefix $(XSD_BUILD)/,$(XSD_SRCS:.c=.o))

xenstored: $(OUT)/hoist-xenstored $(OUT)/hoist-xsctl

$(OUT)/hoist-xenstored: $(XSD_OBJS)
	@mkdir -p $(@D)
	$(TOOLS_CC) -static -o $@ $^

$(OUT)/hoist-xsctl: $(XSD_BUILD)/xsctl.o
	@mkdir -p $(@D)
	$(TOOLS_CC) -static -o $@ $^

$(XSD_BUILD)/%.o: $(XSD_DIR)/%.c
	@mkdir -p $(@D)
	$(TOOLS_CC) $(XSD_CFLAGS) -MMD -MP -c -o $@ $<

-include $(XSD_OBJS:.o=.d) $(XSD_BUILD)/xsctl.d

# Both go into the emulated machine's /bin (scripts/mkinitramfs.sh).
$(INITRAMFS): $(OUT)/hoist-xenstored $(OUT)/hoist-xsctl $(TOP)/tests/xenstored/clients.sh

.PHONY: xenstored
