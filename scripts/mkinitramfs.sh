#!/bin/bash
# Pack the emulated machine's initramfs.
#
#   TOP=... OUT=... KERNEL_BUILD=... mkinitramfs.sh OUTPUT.cpio.gz
#
# Layout inside:
#   /init                  tests/system/init
#   /bin/busybox + applet symlinks (busybox-static)
#   /tests/*.sh            tests/system/lib.sh and tests/system/scenarios/*.sh
#   /lib/kvm/*.ko, order   out/kernel/modules (KVM and what it needs, load order)
#   /lib/hoist/hoist.ko    out/hoist.ko, if built
#   /bin/hoist             out/hoist, if built
#   /bin/*                 out/tests/bin/* (test helper programs)
#   /lib/hoist-tests/*.ko  out/tests/*.ko (test modules)
#   /guests/*              out/guests/* (test guests, PVH ELF)
#   /boot/vmlinuz          out/kernel/vmlinuz: the Linux guest's kernel (the same
#                          as dom0's)
#   /root/initrd.img       out/guests/linux-initrd.cpio.gz, the Linux guest's
#                          initramfs (also /guests/linux-initrd.cpio.gz, a link)
#   /root/debian.cfg       a config for that guest (hoist create -c /root/debian.cfg)
#   /etc/hoist-kver        the kernel release the image was made for
#   /usr/bin/xenstore-*    Debian's xenstore-utils (dynamic), if fetched
#                          (XENSTORE_UTILS=DIR/root of fetch-xenstore-utils.sh),
#                          with libxenstore, libxentoolcore, libc and the loader
#                          under /lib/x86_64-linux-gnu and /lib64
set -euo pipefail

: "${TOP:?}" "${OUT:?}" "${KERNEL_BUILD:?}"
dest=$1
stage=$(dirname "$KERNEL_BUILD")/initramfs
busybox=/bin/busybox

rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp run root etc mnt boot \
	lib/kvm lib/hoist lib/hoist-tests tests guests

case $(LC_ALL=C ldd "$busybox" 2>&1) in *'not a dynamic'*) ;; *)
	echo "mkinitramfs: $busybox is not static (install busybox-static)" >&2; exit 1 ;; esac
cp "$busybox" bin/busybox
for applet in $("$busybox" --list-full); do
	[ -e "$applet" ] || ln -s /bin/busybox "$applet"
done

install -m 755 "$TOP/tests/system/init" init
install -m 644 "$TOP/tests/system/lib.sh" tests/
for s in "$TOP"/tests/system/scenarios/*.sh; do
	[ -e "$s" ] && install -m 644 "$s" tests/
done

mods=$OUT/kernel/modules
[ -f "$mods/order" ] || { echo "mkinitramfs: $mods/order missing (make kernel)" >&2; exit 1; }
cp "$mods"/*.ko "$mods/order" lib/kvm/
cp "$KERNEL_BUILD/kver" etc/hoist-kver

[ -f "$OUT/hoist.ko" ] && cp "$OUT/hoist.ko" lib/hoist/
[ -f "$OUT/hoist" ] && install -m 755 "$OUT/hoist" bin/hoist
for f in "$OUT"/guests/*; do
	[ "${f##*/}" = linux-initrd.cpio.gz ] && continue	# below
	[ -f "$f" ] && cp "$f" guests/
done
# The Linux guest (tests/bench/build.mk): Debian's kernel and its initramfs.
if [ -f "$OUT/guests/linux-initrd.cpio.gz" ]; then
	cp "$OUT/kernel/vmlinuz" boot/vmlinuz
	cp "$OUT/guests/linux-initrd.cpio.gz" root/initrd.img
	ln -s /root/initrd.img guests/linux-initrd.cpio.gz
	cat > root/debian.cfg <<-'EOF'
	# Debian's kernel as a PVH domU with a busybox shell on hvc0:
	#   hoist create -c /root/debian.cfg
	name = "deb1"
	type = "pvh"
	memory = 256
	vcpus = 2
	kernel = "/boot/vmlinuz"
	ramdisk = "/root/initrd.img"
	cmdline = "console=hvc0"
	EOF
fi
for f in "$OUT"/tests/bin/*; do
	# Helpers replace a busybox applet of the same name.
	[ -f "$f" ] && rm -f "bin/${f##*/}" && install -m 755 "$f" bin/
done
# Debian's xenstore clients run unmodified: the binaries plus every shared
# library ldd names (their own two from the package, the C library and the
# loader from the build host, which is Debian 12 like the packages).
xsu=${XENSTORE_UTILS:-}
if [ -n "$xsu" ] && [ -x "$xsu/usr/bin/xenstore-read" ]; then
	for f in "$xsu"/usr/bin/xenstore*; do
		[ -L "$f" ] && continue		# xenstore-control: Xen's wrapper script
		install -m 755 "$f" usr/bin/
	done
	mkdir -p lib/x86_64-linux-gnu lib64
	cp -a "$xsu"/usr/lib/x86_64-linux-gnu/libxen* lib/x86_64-linux-gnu/
	LD_LIBRARY_PATH=$xsu/usr/lib/x86_64-linux-gnu ldd "$xsu/usr/bin/xenstore" |
	awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
	while read -r lib; do
		case $lib in
		"$xsu"/*) ;;				# copied above
		/lib64/*) cp -L "$lib" lib64/ ;;
		*) cp -L "$lib" lib/x86_64-linux-gnu/ ;;
		esac
	done
	[ -e lib64/ld-linux-x86-64.so.2 ] ||
		{ echo "mkinitramfs: no loader for xenstore-utils" >&2; exit 1; }
fi
for f in "$OUT"/tests/*.ko; do
	[ -f "$f" ] && cp "$f" lib/hoist-tests/
done

# The kernel opens /dev/console before running /init; the node needs root to
# create.  Without it /init reopens the console itself once devtmpfs is mounted.
[ "$(id -u)" -eq 0 ] && mknod -m 600 dev/console c 5 1

mkdir -p "$(dirname "$dest")"
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6 > "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "mkinitramfs: $dest ($(du -k "$dest" | cut -f1) KiB)"
