# Unit tests of hoist-xenstored (tools/xenstored/), for tests/unit/build.mk:
# the store and protocol through connections, and the ring with guest
# domains against a page in memory (fake device operations).

XSD_UNIT_SRCS := tools/xenstored/tree.c tools/xenstored/watch.c \
                 tools/xenstored/txn.c tools/xenstored/conn.c \
                 tools/xenstored/proto.c tools/xenstored/ring.c \
                 tools/xenstored/domain.c

UNIT_TESTS += test_xenstored_store test_xenstored_ring
UNIT_SRCS_test_xenstored_store := tests/unit/test_xenstored_store.c $(XSD_UNIT_SRCS)
UNIT_SRCS_test_xenstored_ring  := tests/unit/test_xenstored_ring.c $(XSD_UNIT_SRCS)
UNIT_CFLAGS_test_xenstored_store := -I$(TOP)/tools
UNIT_CFLAGS_test_xenstored_ring  := -I$(TOP)/tools

# Debian's xenstore-utils, unmodified, against the daemon on a private socket
# (tests/xenstored/clients.sh): PASS:/FAIL: xs-clients/... lines.  A failure
# does not stop the unit tests that follow (the lines say it).
xenstored-clients-test: $(OUT)/hoist-xenstored $(OUT)/hoist-xsctl | $(DEPS_STAMP)
	-@sh $(TOP)/tests/xenstored/clients.sh $(OUT)/hoist-xenstored $(OUT)/hoist-xsctl \
		$(BUILD)/xenstored-clients

unit-test: xenstored-clients-test

.PHONY: xenstored-clients-test
