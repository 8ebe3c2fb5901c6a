#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The destroy benchmark's section of the report.
#
#   destroy-report.sh LOG [OUTPUT.md]
#
# Reads the "BENCH key=value" lines of tests/system/scenarios/destroybench.sh
# (appended to the bench console log by `make bench`) and prints a Markdown
# section; with OUTPUT.md it is appended there too.  Prints nothing when the
# log has no destroy lines.
set -euo pipefail

log=${1:?usage: destroy-report.sh LOG [OUTPUT.md]}
output=${2:-}
lines=$(tr -d '\r' < "$log" | grep -o 'BENCH .*' || true)
grep -q '^BENCH destroy_ms=' <<< "$lines" || exit 0
value() { sed -n "s/^BENCH $1=//p" <<< "$lines" | head -n 1; }
machine=$(tr -d '\r' < "$log" |
	sed -n 's/^# boot bench-destroy: \(-accel .*\), timeout .*/\1/p' | head -n 1)

section=$(cat <<END

## Destroying a large guest

One boot of the emulated machine (\`${machine:-unknown}\`): a guest of
$(value info_destroy_guest_mib) MiB built below the toolstack (\`dom-smoke\`), then destroyed
while another thread calls the \`hoist list\` ioctl without pause
(tests/system/scenarios/destroybench.sh, tests/bench/helpers/destroy-bench.c).
DESTROY is a continuation: each hypercall scrubs 128 pages (512 KiB),
or one 2 MiB frame whole, and returns, and the module calls again.

| Figure | Value |
|--------|-------|
| create and populate the guest | $(value destroy_create_ms) ms |
| destroy, total (wall clock) | $(value destroy_ms) ms |
| longest single hypercall meanwhile (any CPU) | $(value destroy_hc_max_us) us (hypercall $(value destroy_hc_max_nr)) |
| \`hoist list\` ioctl during the destroy: median | $(value list_p50_us) us |
| \`hoist list\` ioctl during the destroy: slowest | $(value list_max_us) us |
| \`hoist list\` ioctls completed during the destroy | $(value list_calls) |
END
)
echo "$section"
[ -z "$output" ] || echo "$section" >> "$output"
