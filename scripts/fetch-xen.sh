#!/bin/bash
# Fetch Debian's Xen 4.17 (hypervisor and toolstack), without installing it:
# the peer that `make bench-xen` runs in the emulated machine.
#
#   fetch-xen.sh DIR
#
# Downloads the packages below with apt-get download, unpacks them under
# DIR/root with dpkg-deb -x and writes
#   DIR/xen        the hypervisor, gunzipped: a multiboot ELF for QEMU -kernel
#   DIR/version    the package version
# Then checks with ldd that the toolstack programs the dom0 initramfs needs
# find every library in DIR/root or on this (Debian 12) host.
set -euo pipefail

dir=$(mkdir -p "$1" && cd "$1" && pwd)
debs=$dir/debs
mkdir -p "$debs"

# The hypervisor, xl and the daemons, and the libraries they link that a
# Debian base system lacks (libc, libuuid, zlib, liblzma, libzstd come from
# the host: required packages of the same release).
packages=(xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common
	libxenmisc4.17 libxencall1 libxenevtchn1 libxenforeignmemory1
	libxengnttab1 libxenstore4 libxentoollog1 libxentoolcore1
	libxendevicemodel1 libxenhypfs1 libyajl2)

download() {
	(cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${packages[@]}")
}
# Package lists are missing on a fresh machine, or stale: update only then.
if ! download; then
	apt-get update -q
	download
fi

rm -rf "$dir/root"
mkdir -p "$dir/root"
for p in "${packages[@]}"; do
	deb=$(ls -t "$debs/${p}_"*.deb | head -n 1)
	dpkg-deb -x "$deb" "$dir/root"
done
version=$(dpkg-deb -f "$(ls -t "$debs"/xen-hypervisor-4.17-amd64_*.deb | head -n 1)" Version)

gz=$dir/root/boot/xen-4.17-amd64.gz
[ -f "$gz" ] || { echo "fetch-xen: no $gz in the package" >&2; exit 1; }
gunzip -c "$gz" > "$dir/xen.tmp"
# QEMU's multiboot loader takes the ELF (xen.gz holds a 32-bit one).
head -c 4 "$dir/xen.tmp" | cmp -s - <(printf '\177ELF') ||
	{ echo "fetch-xen: $gz does not hold an ELF" >&2; exit 1; }
mv "$dir/xen.tmp" "$dir/xen"

bin=$dir/root/usr/lib/xen-4.17/bin
libs=$dir/root/usr/lib/x86_64-linux-gnu:$dir/root/lib/x86_64-linux-gnu
for b in xl xenstored xenconsoled xenconsole libxl-save-helper xen-init-dom0; do
	[ -x "$bin/$b" ] || { echo "fetch-xen: $bin/$b missing" >&2; exit 1; }
	missing=$(LD_LIBRARY_PATH=$libs ldd "$bin/$b" | awk '/not found/ { print $1 }' | sort -u | tr '\n' ' ')
	[ -z "$missing" ] || { echo "fetch-xen: $b needs $missing" >&2; exit 1; }
done

echo "$version" > "$dir/version"
echo "fetch-xen: Xen $version in $dir ($(du -k "$dir/xen" | cut -f1) KiB hypervisor)"
