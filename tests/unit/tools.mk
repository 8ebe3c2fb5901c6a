# Unit tests of the hoist tool (tools/), for tests/unit/build.mk.
# Each test links the tool without main.c and without the real device and
# host back ends (lib/*_linux.c): tests/unit/test_tools_fake.c stands in
# for /dev/hoist, uname and /proc, /sys.

TOOLS_UNIT_SRCS := tools/lib/dev.c tools/lib/host.c tools/lib/kv.c \
                   tools/hoist.c tools/cmd_help.c tools/cmd_info.c \
                   tools/cmd_dmesg.c tools/cmd_stats.c \
                   tests/unit/test_tools_fake.c

UNIT_TESTS += test_tools_kv test_tools_host test_tools_info \
              test_tools_stats test_tools_dmesg test_tools_cli

UNIT_SRCS_test_tools_kv    := tools/lib/kv.c tests/unit/test_tools_kv.c
UNIT_SRCS_test_tools_host  := $(TOOLS_UNIT_SRCS) tests/unit/test_tools_host.c
UNIT_SRCS_test_tools_info  := $(TOOLS_UNIT_SRCS) tests/unit/test_tools_info.c
UNIT_SRCS_test_tools_stats := $(TOOLS_UNIT_SRCS) tests/unit/test_tools_stats.c
UNIT_SRCS_test_tools_dmesg := $(TOOLS_UNIT_SRCS) tests/unit/test_tools_dmesg.c
UNIT_SRCS_test_tools_cli   := $(TOOLS_UNIT_SRCS) tests/unit/test_tools_cli.c
