#!/bin/bash
# Install the Debian packages given as arguments, only those not installed yet.
# Fast when everything is present (one dpkg query); needs root otherwise.
set -euo pipefail

missing=()
for p in "$@"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; install them with: apt-get install ${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -q --no-install-recommends "${missing[@]}"; }
# A fresh machine has no (or stale) package lists: update only when needed.
if ! install; then
	apt-get update -q
	install
fi
