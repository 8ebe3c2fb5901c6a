#!/bin/bash
# Fetch Debian's xenstore-utils (xenstore-read, -write, -ls, ...) and the two
# libraries it links, for the emulated machine's initramfs.  Never installed:
# the .debs are downloaded with apt-get download and unpacked under DIR/root.
#
#   fetch-xenstore-utils.sh DIR
#
# The clients are dynamic executables; mkinitramfs.sh copies them with
# libxenstore, libxentoolcore and the C library and loader they need (found
# by ldd against DIR/root, so the same files as Debian 12's libc6).
set -euo pipefail

dir=$(mkdir -p "$1" && cd "$1" && pwd)
debs=$dir/debs
pkgs=(xenstore-utils libxenstore4 libxentoolcore1)
mkdir -p "$debs"

download() {
	(cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${pkgs[@]}")
}
# A fresh machine has no (or stale) package lists: update only then.
if ! download; then
	apt-get update -q
	download
fi

rm -rf "$dir/root"
mkdir -p "$dir/root"
for p in "${pkgs[@]}"; do
	deb=$(ls -t "$debs/${p}_"*.deb | head -n1)
	dpkg-deb -x "$deb" "$dir/root"
done
[ -x "$dir/root/usr/bin/xenstore-read" ] ||
	{ echo "fetch-xenstore-utils: no xenstore-read in the package" >&2; exit 1; }
echo "fetch-xenstore-utils: $(cd "$debs" && ls -t ./*.deb | head -n3 | tr '\n' ' ')"
