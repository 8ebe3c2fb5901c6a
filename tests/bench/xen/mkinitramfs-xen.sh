#!/bin/bash
# Pack dom0's initramfs for the Xen peer benchmark (tests/bench/xen/run.sh).
#
#   TOP=... OUT=... XEN_BUILD=... KERNEL_BUILD=... mkinitramfs-xen.sh OUTPUT.cpio.gz
#
# XEN_BUILD is scripts/fetch-xen.sh's directory (Debian's Xen unpacked in
# XEN_BUILD/root), KERNEL_BUILD scripts/fetch-kernel.sh's.  Layout inside:
#   /init                       tests/bench/xen/init
#   /bin/busybox + applets      busybox-static
#   /bin/ttfb                   out/tests/bin/ttfb (times create to the marker)
#   /usr/lib/xen-4.17/bin/*     xl, xenstored, xenconsoled, xenconsole, ...
#   their libraries and ld.so   found with ldd (Xen's from XEN_BUILD/root,
#                               the rest, libc included, from this Debian 12 host)
#   /etc/xen                    Debian's xen-utils-common configuration
#   /lib/xen-modules/*.ko, order  the dom0 drivers (xenfs, privcmd, evtchn,
#                               gntdev, gntalloc) from the kernel package
#   /guest/vmlinuz              out/kernel/vmlinuz, the guest kernel
#   /guest/initrd               out/guests/linux-initrd.cpio.gz, or a stand-in
#                               (tests/bench/xen/guest-init + workload) while
#                               that is not built; /guest/initrd.name says which,
#                               /guest/runs lists the guest.run= modes it has
# XEN_GUEST_INITRD overrides the guest initramfs.
set -euo pipefail

: "${TOP:?}" "${OUT:?}" "${XEN_BUILD:?}" "${KERNEL_BUILD:?}"
dest=$1
here=$TOP/tests/bench/xen
root=$XEN_BUILD/root
xenbin=usr/lib/xen-4.17/bin
busybox=/bin/busybox
kver=$(cat "$KERNEL_BUILD/kver")
guest_initrd=${XEN_GUEST_INITRD:-$OUT/guests/linux-initrd.cpio.gz}

[ -x "$root/$xenbin/xl" ] || { echo "mkinitramfs-xen: no $root/$xenbin/xl (scripts/fetch-xen.sh)" >&2; exit 1; }
case $(LC_ALL=C ldd "$busybox" 2>&1) in *'not a dynamic'*) ;; *)
	echo "mkinitramfs-xen: $busybox is not static (install busybox-static)" >&2; exit 1 ;; esac

# busybox_tree DIR: busybox and its applet links under DIR
busybox_tree() {
	mkdir -p "$1"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc}
	cp "$busybox" "$1/bin/busybox"
	for applet in $("$busybox" --list-full); do
		[ -e "$1/$applet" ] || ln -s /bin/busybox "$1/$applet"
	done
	# The kernel opens /dev/console before /init (creating it needs root;
	# both inits reopen it once devtmpfs is mounted).
	[ "$(id -u)" -ne 0 ] || mknod -m 600 "$1/dev/console" c 5 1
}

# pack DIR OUTPUT: a gzipped newc cpio of DIR
pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$2.tmp"
	mv "$2.tmp" "$2"
}

stage=$XEN_BUILD/initramfs
rm -rf "$stage"
busybox_tree "$stage"
install -m 755 "$here/init" "$stage/init"
[ -x "$OUT/tests/bin/ttfb" ] && install -m 755 "$OUT/tests/bin/ttfb" "$stage/bin/ttfb"

# The toolstack and, from ldd, every library it loads (copied to the path
# ldd resolved it at, so the default search path finds it in dom0).
mkdir -p "$stage/$xenbin"
libpath=$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu
for b in xl xenstored xenconsoled xenconsole libxl-save-helper xen-init-dom0; do
	install -m 755 "$root/$xenbin/$b" "$stage/$xenbin/$b"
	LD_LIBRARY_PATH=$libpath ldd "$root/$xenbin/$b" > "$stage/ldd.tmp"
	if grep -q 'not found' "$stage/ldd.tmp"; then
		echo "mkinitramfs-xen: $b: $(grep 'not found' "$stage/ldd.tmp" | tr -s '\t\n' '  ')" >&2
		exit 1
	fi
	# "libx.so.1 => /path (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
	awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' "$stage/ldd.tmp" |
	while read -r lib; do
		case $lib in
		"$root"/*) to=${lib#"$root"/} ;;
		*) to=${lib#/} ;;
		esac
		mkdir -p "$stage/$(dirname "$to")"
		cp -L "$lib" "$stage/$to"
	done
done
rm -f "$stage/ldd.tmp"
cp -a "$root/etc/xen" "$stage/etc/xen"

# The dom0 drivers: modules in Debian's kernel (built in ones need nothing).
mods=(xenfs xen-privcmd xen-evtchn xen-gntdev xen-gntalloc)
"$TOP/scripts/collect-modules.sh" "$KERNEL_BUILD/root/lib/modules/$kver" \
	"$stage/lib/xen-modules" "${mods[@]}" > /dev/null

# The guest: Debian's kernel and the Linux guest initramfs, else the stand-in.
mkdir -p "$stage/guest"
cp "$OUT/kernel/vmlinuz" "$stage/guest/vmlinuz"
if [ -f "$guest_initrd" ]; then
	cp "$guest_initrd" "$stage/guest/initrd"
	echo linux-initrd > "$stage/guest/initrd.name"
	printf 'true\nhcbench\nworkload\nxsbench\n' > "$stage/guest/runs"
else
	g=$XEN_BUILD/guest-stage
	rm -rf "$g"
	busybox_tree "$g"
	install -m 755 "$here/guest-init" "$g/init"
	[ -x "$OUT/tests/bin/workload" ] && install -m 755 "$OUT/tests/bin/workload" "$g/bin/workload"
	pack "$g" "$stage/guest/initrd"
	echo stand-in > "$stage/guest/initrd.name"
	printf 'true\nworkload\n' > "$stage/guest/runs"
	echo "mkinitramfs-xen: no $guest_initrd: using the stand-in guest initramfs"
fi

mkdir -p "$(dirname "$dest")"
pack "$stage" "$dest"
echo "mkinitramfs-xen: $dest ($(du -k "$dest" | cut -f1) KiB)"
