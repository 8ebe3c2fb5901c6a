# The Linux module: $(OUT)/hoist.ko, with the hypervisor image inside.
#
# Kbuild writes its objects next to the sources, so the sources are copied
# into $(OUT)/kmod first; the tree stays clean.  The old copies go first: a
# header removed from kmod/ must not go on satisfying an #include there.
#
#   make module KDIR=/lib/modules/$(uname -r)/build   for a real host

KMOD_SRCS := $(wildcard $(TOP)/kmod/*.c $(TOP)/kmod/*.h $(TOP)/kmod/*.S) \
             $(TOP)/kmod/Kbuild $(wildcard $(TOP)/include/hoist/*.h)

define kmod_build
	@mkdir -p $(1)
	rm -f $(1)/*.c $(1)/*.h $(1)/*.S
	cp $(TOP)/kmod/*.c $(TOP)/kmod/*.h $(TOP)/kmod/*.S $(TOP)/kmod/Kbuild $(1)/
	cp $(OUT)/hv/hv.bin $(1)/hv.bin
	$(MAKE) -C $(2) M=$(1) HOIST_INCLUDE=$(TOP)/include \
		HOIST_HV_BIN=$(1)/hv.bin modules
endef

kmod: $(OUT)/hoist.ko

$(OUT)/hoist.ko: $(KMOD_SRCS) $(OUT)/hv/hv.bin | kernel
	$(call kmod_build,$(OUT)/kmod,$(KDIR))
	cp $(OUT)/kmod/hoist.ko $@

# For a real AMD host: make module KDIR=/lib/modules/$(uname -r)/build
module: $(OUT)/hv/hv.bin
	$(call kmod_build,$(OUT)/kmod-host,$(KDIR))
	cp $(OUT)/kmod-host/hoist.ko $(OUT)/hoist-host.ko
	@echo "built $(OUT)/hoist-host.ko for $(KDIR)"

.PHONY: kmod module
