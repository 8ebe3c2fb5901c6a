#!/bin/bash
# Pack the Linux guest's initramfs: Debian's kernel (out/kernel/vmlinuz) run
# as a Hoist PVH domU or as the KVM comparison guest.
#
#   mkguest-initrd.sh OUTPUT.cpio.gz WORKLOAD HCBENCH_KO XSBENCH
#
# Layout inside (kept small: no kernel modules but the benchmark's):
#   /init                 guests/linux/init
#   /bin/busybox + applet symlinks (busybox-static)
#   /bin/workload         WORKLOAD (out/tests/bin/workload)
#   /lib/xen_hcbench.ko   HCBENCH_KO (tests/bench/guest)
#   /bin/xsbench          XSBENCH (out/tests/bin/xsbench: store round trip)
#   /dev/console          when packed as root: the kernel then opens the
#                         console for /init before it runs
# Environment: TOP (the repository root), BUILD (scratch, default $TOP/build).
set -euo pipefail

: "${TOP:?}"
dest=${1:?usage: mkguest-initrd.sh OUTPUT.cpio.gz WORKLOAD HCBENCH_KO XSBENCH}
workload=${2:?usage: mkguest-initrd.sh OUTPUT.cpio.gz WORKLOAD HCBENCH_KO XSBENCH}
hcbench=${3:?usage: mkguest-initrd.sh OUTPUT.cpio.gz WORKLOAD HCBENCH_KO XSBENCH}
xsbench=${4:?usage: mkguest-initrd.sh OUTPUT.cpio.gz WORKLOAD HCBENCH_KO XSBENCH}
stage=${BUILD:-$TOP/build}/guest-initrd
busybox=/bin/busybox

for f in "$workload" "$hcbench" "$xsbench" "$TOP/guests/linux/init"; do
	[ -f "$f" ] || { echo "mkguest-initrd: $f missing" >&2; exit 1; }
done
case $(LC_ALL=C ldd "$busybox" 2>&1) in *'not a dynamic'*) ;; *)
	echo "mkguest-initrd: $busybox is not static (install busybox-static)" >&2; exit 1 ;; esac
for f in "$workload" "$xsbench"; do
	case $(LC_ALL=C ldd "$f" 2>&1) in *'not a dynamic'*) ;; *)
		echo "mkguest-initrd: $f is not static" >&2; exit 1 ;; esac
done

rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp root lib

cp "$busybox" bin/busybox
for applet in $("$busybox" --list-full); do
	[ -e "$applet" ] || ln -s /bin/busybox "$applet"
done
install -m 755 "$TOP/guests/linux/init" init
install -m 755 "$workload" bin/workload
install -m 755 "$xsbench" bin/xsbench
install -m 644 "$hcbench" lib/xen_hcbench.ko
[ "$(id -u)" -eq 0 ] && mknod -m 600 dev/console c 5 1

mkdir -p "$(dirname "$dest")"
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9 > "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "mkguest-initrd: $dest ($(du -k "$dest" | cut -f1) KiB)"
