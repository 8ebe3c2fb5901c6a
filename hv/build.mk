# The freestanding hypervisor image: $(OUT)/hv/hv.bin
#
# Position-independent C (no Linux headers, no libc), linked at 0 and
# relocated by itself at the address the module maps it.

HV_OUT    := $(OUT)/hv
HV_SRCS   := $(wildcard $(TOP)/hv/*.c $(TOP)/hv/lib/*.c $(TOP)/hv/arch/x86/*.c) \
             $(wildcard $(TOP)/hv/arch/x86/*.S)
HV_OBJS   := $(patsubst $(TOP)/%,$(HV_OUT)/%.o,$(HV_SRCS))
HV_CC     ?= gcc
HV_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
             -ffreestanding -nostdinc -isystem $(shell $(HV_CC) -print-file-name=include) \
             -fpie -fvisibility=hidden -mno-red-zone -mgeneral-regs-only \
             -fno-stack-protector -fno-asynchronous-unwind-tables \
             -fno-strict-aliasing -fcf-protection=none \
             -I$(TOP)/include -I$(TOP)/hv/include -I$(TOP)/hv/arch/x86/include
HV_LDS    := $(HV_OUT)/hv.lds
HV_LDFLAGS := -pie --no-dynamic-linker -z norelro -z noexecstack \
              --hash-style=sysv -nostdlib -T $(HV_LDS)

hv: $(HV_OUT)/hv.bin

$(HV_OUT)/%.c.o: $(TOP)/%.c
	@mkdir -p $(dir $@)
	$(HV_CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(HV_OUT)/%.S.o: $(TOP)/%.S
	@mkdir -p $(dir $@)
	$(HV_CC) $(HV_CFLAGS) -D__ASSEMBLER__ -MMD -MP -c $< -o $@

# The linker script takes the image header's constants from the ABI header.
$(HV_LDS): $(TOP)/hv/hv.lds.S $(TOP)/include/hoist/image.h
	@mkdir -p $(@D)
	$(HV_CC) -E -P -x c -D__ASSEMBLER__ -I$(TOP)/include -o $@ $<

$(HV_OUT)/hv.elf: $(HV_OBJS) $(HV_LDS)
	ld $(HV_LDFLAGS) -o $@ $(HV_OBJS)
	@if readelf -r $@ | grep -q 'R_X86_64_' && \
	    readelf -r $@ | grep 'R_X86_64_' | grep -vq 'R_X86_64_RELATIVE'; then \
		echo "hv.elf: relocations other than RELATIVE" >&2; exit 1; fi

$(HV_OUT)/hv.bin: $(HV_OUT)/hv.elf
	objcopy -O binary $< $@

-include $(HV_OBJS:.o=.d)

.PHONY: hv
