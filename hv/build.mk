# The freestanding hypervisor image: $(OUT)/hv/hv.bin
#
# Position-independent C (no Linux headers, no libc), linked at 0 and
# relocated by itself at the address the module maps it.

HV_OUT    := $(OUT)/hv
HV_ASM_OFFSETS_SRC := $(TOP)/hv/arch/x86/asm-offsets.c
HV_SRCS   := $(filter-out $(HV_ASM_OFFSETS_SRC), \
               $(wildcard $(TOP)/hv/*.c $(TOP)/hv/lib/*.c $(TOP)/hv/arch/x86/*.c)) \
             $(wildcard $(TOP)/hv/arch/x86/*.S)
HV_OBJS   := $(patsubst $(TOP)/%,$(HV_OUT)/%.o,$(HV_SRCS))
HV_CC     ?= gcc
HV_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
             -ffreestanding -nostdinc -isystem $(shell $(HV_CC) -print-file-name=include) \
             -fpie -fvisibility=hidden -mno-red-zone -mgeneral-regs-only \
             -fno-stack-protector -fno-asynchronous-unwind-tables \
             -fno-strict-aliasing -fcf-protection=none \
             -fno-tree-loop-distribute-patterns \
             -I$(TOP)/include -I$(TOP)/hv/include -I$(TOP)/hv/arch/x86/include \
             -I$(HV_OUT)/include
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

# Structure offsets for assembly, as Linux's asm-offsets: asm-offsets.c is
# compiled to assembly, where each "->SYM value" marker becomes a #define.
HV_ASM_OFFSETS := $(HV_OUT)/include/generated/asm-offsets.h

$(HV_ASM_OFFSETS): $(HV_ASM_OFFSETS_SRC)
	@mkdir -p $(@D)
	$(HV_CC) $(HV_CFLAGS) -MMD -MP -MT $@ -MF $(HV_OUT)/asm-offsets.d \
		-S $< -o $(HV_OUT)/asm-offsets.s
	{ echo '/* Generated from hv/arch/x86/asm-offsets.c: do not edit. */'; \
	  echo '#ifndef GENERATED_ASM_OFFSETS_H'; \
	  echo '#define GENERATED_ASM_OFFSETS_H'; \
	  sed -n 's/^.*->\([A-Za-z0-9_]*\) \([0-9]*\).*$$/#define \1 \2/p' \
		$(HV_OUT)/asm-offsets.s; \
	  echo '#endif'; } > $@.tmp
	mv $@.tmp $@

$(filter %.S.o,$(HV_OBJS)): $(HV_ASM_OFFSETS)

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

-include $(HV_OBJS:.o=.d) $(HV_OUT)/asm-offsets.d

.PHONY: hv
