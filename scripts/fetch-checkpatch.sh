#!/bin/bash
# Fetch the Linux kernel's checkpatch.pl (with the data files it reads) from
# Debian, without installing anything.
#
#   fetch-checkpatch.sh DIR
#
# No small Debian 12 package ships checkpatch.pl (not linux-kbuild-6.1, the
# linux-headers packages nor devscripts): only linux-source-6.1 has it, inside
# the kernel tarball /usr/src/linux-source-6.1.tar.xz.  The .deb (133 MiB) is
# downloaded to DIR, the three files are streamed out of it into DIR, and the
# .deb is deleted.  Measured: ~2 s download, ~16 s extraction.  The caller
# (scripts/build.mk) keeps a stamp so this runs once.
set -euo pipefail

dir=$(mkdir -p "$1" && cd "$1" && pwd)
pkg=linux-source-6.1
files=(checkpatch.pl spelling.txt const_structs.checkpatch)

# checkpatch.pl runs under perl (core modules only).
"$(dirname "$0")/deps.sh" perl

download() {
	(cd "$dir" && rm -f "${pkg}"_*.deb &&
		apt-get download -q -o APT::Sandbox::User=root "$pkg")
}
# Package lists are missing on a fresh machine, or stale: update only then.
download || { apt-get update -q && download; }
deb=$(ls "$dir/${pkg}"_*.deb)
echo "fetch-checkpatch: $(basename "$deb")"

# .deb -> data tar -> kernel tarball -> the three members, all streamed.
members=()
for f in "${files[@]}"; do members+=("$pkg/scripts/$f"); done
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" | xz -dc |
	tar -x -C "$dir" --strip-components=2 "${members[@]}"
rm -f "$deb"

for f in "${files[@]}"; do
	[ -s "$dir/$f" ] || { echo "fetch-checkpatch: $f missing from $pkg" >&2; exit 1; }
done
chmod +x "$dir/checkpatch.pl"
