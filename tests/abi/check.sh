#!/bin/bash
# The ABI headers on their own (tests/abi/build.mk runs this as part of
# `make unit-test`): each include/hoist/*.h is the only header of a
# translation unit, included twice (its guard works), compiled in each
# environment that uses it; the static asserts of the headers (sizes and
# offsets, see include/hoist/types.h) are checked in each of them too.
#
#   check.sh OUTDIR HEADER:ENV[,ENV...]...     e.g. hypercall.h:user,hv,kernel
#
# Environments:
#   user    user space (tools, test helpers, unit tests): C11, libc headers
#   hv      the hypervisor core: hv/build.mk's flags (freestanding, -nostdinc)
#   guest   the test guests: guests/build.mk's flags (freestanding, -nostdinc)
#   kernel  the module: Kbuild against KDIR (gnu11, kernel headers, __KERNEL__)
#   i386    a 32-bit tool, which the module serves through compat_ptr_ioctl:
#           gcc -m32 (the i386 psABI's sizes and alignments, so the pinned
#           layouts must hold there too), gcc's own <stdint.h> (no 32-bit libc
#           needed), the kernel's uapi headers from /usr/include
#   asm     assembler and linker scripts (__ASSEMBLER__; hv/hv.lds.S): the
#           header must leave nothing but what an assembler takes
# user, hv, guest and i386 add -pedantic to -Wall -Wextra -Werror.
#
# Prints one line per header and environment:
#   PASS: abi/<header>-<env>
#   FAIL: abi/<header>-<env>      followed by the compiler's messages, indented
# and a FAIL for a header of include/hoist that no argument names.  The kernel
# environment is left out, with a note, while KDIR has no kernel tree (make
# kernel).  Always exits 0: the result lines are the result (like unit-test).
#
# Environment: TOP, CC, CFLAGS_HV, CFLAGS_GUEST, KDIR, MAKE
set -uo pipefail

out=$1
shift
: "${TOP:?}" "${CC:=gcc}" "${MAKE:=make}"
inc=$TOP/include

rm -rf "$out"
mkdir -p "$out/kernel"

result() {	# name ok log
	if [ "$2" = 0 ]; then
		echo "PASS: abi/$1"
	else
		echo "FAIL: abi/$1"
		sed -e 's/^/    /' "$3" | head -40
	fi
}

# The translation unit: the header, twice, and nothing else.
tu() {	# header file
	printf '#include <hoist/%s>\n#include <hoist/%s>\n' "$1" "$1" > "$2"
}

kernel_ok=0
if [ -n "${KDIR:-}" ] && [ -f "$KDIR/Makefile" ]; then
	kernel_ok=1
fi

declare -A listed
for arg in "$@"; do
	h=${arg%%:*}
	listed[$h]=1
	IFS=, read -ra envs <<< "${arg#*:}"
	for env in "${envs[@]}"; do
		name=$h-$env
		log=$out/$name.log
		case $env in
		user|hv|guest|i386)
			src=$out/$name.c
			tu "$h" "$src"
			case $env in
			user)	flags="-std=c11 -Wall -Wextra -Werror -I$inc" ;;
			i386)	flags="-m32 -std=c11 -Wall -Wextra -Werror -ffreestanding
				       -nostdinc -isystem $($CC -print-file-name=include)
				       -I$inc -idirafter /usr/include
				       -idirafter /usr/include/$($CC -print-multiarch)" ;;
			hv)	flags="${CFLAGS_HV:?}" ;;
			guest)	flags="${CFLAGS_GUEST:?}" ;;
			esac
			# shellcheck disable=SC2086
			$CC $flags -pedantic -c "$src" -o "$out/$name.o" > "$log" 2>&1
			result "$name" $? "$log"
			;;
		asm)
			src=$out/$name.S
			tu "$h" "$src"
			$CC -I"$inc" -c -x assembler-with-cpp "$src" -o "$out/$name.o" > "$log" 2>&1
			result "$name" $? "$log"
			;;
		kernel)
			if [ $kernel_ok = 0 ]; then
				echo "abi: $name left out: no kernel tree in" \
				     "${KDIR:-(KDIR unset)} (make kernel)"
				continue
			fi
			# Kbuild writes next to the source: a directory per header.
			dir=$out/kernel/${h%.h}
			mkdir -p "$dir"
			tu "$h" "$dir/abi.c"
			printf 'obj-m := abi.o\nccflags-y := -I%s -Werror\n' "$inc" > "$dir/Kbuild"
			$MAKE -s -C "$KDIR" M="$dir" abi.o > "$log" 2>&1 && [ -f "$dir/abi.o" ]
			result "$name" $? "$log"
			;;
		*)
			echo "FAIL: abi/$name: unknown environment $env (tests/abi/build.mk)"
			;;
		esac
	done
done

for f in "$inc"/hoist/*.h; do
	h=${f##*/}
	[ -n "${listed[$h]:-}" ] ||
		echo "FAIL: abi/$h: no environments listed for it" \
		     "(ABI_ENVS in tests/abi/build.mk)"
done
exit 0
