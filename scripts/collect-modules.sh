#!/bin/bash
# Copy kernel modules and everything they depend on into a flat directory.
#
#   collect-modules.sh MODDIR OUTDIR NAME...
#
# MODDIR is an unpacked /lib/modules/<release>.  Dependencies come from each
# module's own "depends" field (the package has no modules.dep: depmod runs at
# install time).  OUTDIR/order lists the modules in load order, dependencies first,
# one file name per line.
set -euo pipefail

moddir=$1 out=$2
shift 2

rm -rf "$out"
mkdir -p "$out"
order=()

# Module names use '_' where file names may use '-'.
find_module() {
	local pat=${1//[-_]/[-_]}
	find "$moddir/kernel" -name "$pat.ko" -o -name "$pat.ko.xz" | head -n1
}

visit() {
	local name=${1//-/_} path dep f
	for f in "${order[@]}"; do [ "$f" = "$name" ] && return 0; done
	path=$(find_module "$name")
	[ -n "$path" ] || { echo "collect-modules: no module $1 under $moddir" >&2; exit 1; }
	for dep in $(modinfo -F depends "$path" | tr , ' '); do
		visit "$dep"
	done
	order+=("$name")
	f=$(basename "$path" .xz)
	case $path in
	*.xz) xz -dc "$path" > "$out/$f" ;;
	*) cp "$path" "$out/$f" ;;
	esac
	echo "$f" >> "$out/order.tmp"
}

for m in "$@"; do visit "$m"; done
mv "$out/order.tmp" "$out/order"
echo "collect-modules: $(tr '\n' ' ' < "$out/order")"
