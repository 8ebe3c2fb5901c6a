#!/bin/bash
# Kernel style check: the Linux kernel's checkpatch.pl on every C file of the
# module and of the test modules (run `make check-style`, which fetches it).
#
#   checkpatch.sh [FILE...]      default: kmod/*.c kmod/*.h tests/system/kmod/*/*.c tests/bench/guest/*.c
#
# Prints one line per file, paths relative to the repository root:
#   PASS: style/checkpatch/<path>
#   FAIL: style/checkpatch/<path>: N errors, M warnings
# the latter followed by checkpatch's messages, indented.  Exits non-zero if any
# file failed.  Default checkpatch level (errors and warnings, not --strict's
# checks), nothing ignored.  include/hoist/*.h is shared with user space and the
# hypervisor (C11 fixed-width types), so it is not a kernel-style file.
#
# Environment: CHECKPATCH  the script (default build/checkpatch/checkpatch.pl)
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
checkpatch=${CHECKPATCH:-$TOP/build/checkpatch/checkpatch.pl}
[ -x "$checkpatch" ] || { echo "FAIL: style/checkpatch: no $checkpatch (make check-style)"; exit 1; }

cd "$TOP" || exit 1
if [ $# -eq 0 ]; then
	shopt -s nullglob
	set -- kmod/*.c kmod/*.h tests/system/kmod/*/*.c tests/bench/guest/*.c
fi

failed=0
for f in "$@"; do
	# --terse: one line per message, "path:line: TYPE:NAME: text".
	out=$("$checkpatch" --no-tree --file --terse --show-types --color=never \
		--no-summary "$f" 2>&1)
	errors=$(grep -c ': ERROR:' <<< "$out")
	warnings=$(grep -c ': WARNING:' <<< "$out")
	if [ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ] && [ -z "$out" ]; then
		echo "PASS: style/checkpatch/$f"
	else
		echo "FAIL: style/checkpatch/$f: $errors errors, $warnings warnings"
		sed 's/^/    /' <<< "$out"
		failed=1
	fi
done
exit $failed
