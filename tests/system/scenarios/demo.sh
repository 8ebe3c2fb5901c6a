# make demo: what a hoist looks like from dom0, step by step.

say() { echo; echo ">>> $*"; }
run() { echo "# $*"; "$@"; }

say "A stock Debian kernel, running natively:"
run uname -r
run hoist info
run cpuid -s 0x40000000

say "Put the hypervisor underneath it, with a plain insmod:"
run insmod $HOIST_KO
dmesg | grep 'hoist:' | tail -2

say "The same kernel now runs as dom0. It sees Hoist through CPUID:"
run cpuid -s 0x40000000
run hoist info

say "dom0 keeps working (a short load on every CPU):"
run workload -n 1 | tail -2

say "What the hypervisor did meanwhile:"
run hoist stats
run hoist dmesg

say "Take it out again: every CPU back to native."
run rmmod hoist
run cpuid -s 0x40000000
run hoist info hoisted

[ "$(hoist info hoisted)" = no ] && pass demo/native-again || fail demo/native-again "still hoisted"
