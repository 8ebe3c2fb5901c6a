#!/bin/bash
# Fetch Debian's current amd64 kernel for the emulated machine, without installing it.
#
#   fetch-kernel.sh DIR
#
# Resolves linux-image-amd64 to the real package (e.g. linux-image-6.1.0-56-amd64),
# downloads it with its headers (arch + common) and linux-kbuild, unpacks them under
# DIR/root, points the headers' Makefile at the unpacked common headers, and writes
#   DIR/kver   the kernel release string
#   DIR/kdir   symlink to the headers tree (the KDIR of the other makefiles)
# then checks KDIR by building a trivial module.
set -euo pipefail

dir=$(mkdir -p "$1" && cd "$1" && pwd)
debs=$dir/debs
mkdir -p "$debs"

# First "Depends:" of package $1 matching the regex $2.
depends() {
	apt-cache depends "$1" 2>/dev/null |
		awk -v re="$2" '$1 == "Depends:" && $2 ~ re { print $2; exit }'
}
candidate() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | awk '$1 == "Version:" { print $2; exit }'
}

resolve() {
	image=$(depends linux-image-amd64 '^linux-image-[0-9]')
	[ -n "$image" ] || return 1
	kver=${image#linux-image-}
	headers=linux-headers-$kver
	common=$(depends "$headers" '^linux-headers-.*-common$')
	kbuild=$(depends "$headers" '^linux-kbuild-')
	version=$(candidate "$image")
	[ -n "$common" ] && [ -n "$kbuild" ] && [ -n "$version" ]
}

download() {
	(cd "$debs" && apt-get download -q -o APT::Sandbox::User=root \
		"$image=$version" "$headers=$version" "$common=$version" "$kbuild")
}

# Package lists are missing on a fresh machine, or stale (the mirror dropped the
# old version): update and resolve again only then.
if ! resolve || ! download; then
	apt-get update -q
	resolve || { echo "fetch-kernel: cannot resolve linux-image-amd64" >&2; exit 1; }
	download
fi
echo "fetch-kernel: $image $version ($common, $kbuild)"

rm -rf "$dir/root"
mkdir -p "$dir/root"
for p in "$image" "$headers" "$common" "$kbuild"; do
	deb=$(ls -t "$debs/${p}_"*.deb | head -n1)
	dpkg-deb -x "$deb" "$dir/root"
done

# The headers' Makefile includes the common part by absolute /usr/src path:
# make it relative to the Makefile's own location so the unpacked tree is used.
mk=$dir/root/usr/src/$headers/Makefile
sed -i 's|^include /usr/src/\([^/]*\)/Makefile$|include $(dir $(realpath $(lastword $(MAKEFILE_LIST))))../\1/Makefile|' "$mk"
grep -q '^include $(dir' "$mk" || { echo "fetch-kernel: unexpected $mk" >&2; cat "$mk" >&2; exit 1; }
[ -f "$dir/root/boot/vmlinuz-$kver" ] || { echo "fetch-kernel: no vmlinuz-$kver" >&2; exit 1; }

echo "$kver" > "$dir/kver"
ln -sfn "root/usr/src/$headers" "$dir/kdir"

# Check KDIR with a trivial out-of-tree module: catches a missing compiler or
# libelf now rather than in the first real module build.
t=$dir/selftest
rm -rf "$t" && mkdir -p "$t"
echo 'obj-m := selftest.o' > "$t/Kbuild"
cat > "$t/selftest.c" <<'EOF'
#include <linux/module.h>
static int __init selftest_init(void) { return 0; }
module_init(selftest_init);
MODULE_LICENSE("GPL");
EOF
if ! make -C "$dir/kdir" M="$t" modules > "$t/build.log" 2>&1; then
	cat "$t/build.log" >&2
	echo "fetch-kernel: building a module against $dir/kdir failed" >&2
	exit 1
fi
magic=$(modinfo -F vermagic "$t/selftest.ko")
case $magic in
"$kver "*) ;;
*) echo "fetch-kernel: selftest.ko vermagic '$magic' is not for $kver" >&2; exit 1 ;;
esac
echo "fetch-kernel: KDIR ok ($dir/kdir, $kver)"
