# demo (`make demo`, in no matrix): what a hoist looks like from dom0, step
# by step, for a reader: insmod, CPUID, dom0 under load, the test guests,
# Debian's kernel as a guest with commands typed on its console, hoist
# stats and dmesg, rmmod.
# Asserts only that the machine is native again at the end
# (demo/native-again); the rest is there to be read.

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

say "Guest domains: an xl-style config, and the guest's console:"
printf 'name    = "hello"\ntype    = "pvh"\nmemory  = 32\nkernel  = "/guests/hello"\ncmdline = "from the demo"\n' > /tmp/hello.cfg
run cat /tmp/hello.cfg
run hoist create -c /tmp/hello.cfg

say "Two more guests: one spinning, one halted (it uses no CPU):"
printf 'name = "spinner"\nmemory = 32\nkernel = "/guests/spin"\ncmdline = "iterations=100000000000"\n' > /tmp/spin.cfg
printf 'name = "sleeper"\nmemory = 32\nkernel = "/guests/block"\n' > /tmp/block.cfg
run hoist create /tmp/spin.cfg
run hoist create /tmp/block.cfg
sleep 2
run hoist list
run hoist vcpu-list

run hoist destroy spinner
run hoist destroy sleeper
sleep 1

say "Debian's own kernel (the one dom0 runs) as a guest, with a busybox initramfs:"
run cat /root/debian.cfg
# The console: boot log, then a shell; commands typed into it, then poweroff.
rm -f /tmp/deb.in
mkfifo /tmp/deb.in
hoist create -c /root/debian.cfg < /tmp/deb.in > /tmp/deb.out 2>&1 &
exec 9>/tmp/deb.in
i=0
until grep -q '^guest# ' /tmp/deb.out || [ $i -ge 300 ]; do sleep 1; i=$((i + 1)); done
for c in 'uname -a' 'nproc' 'cat /proc/cmdline' 'dmesg | grep -i "xen\|hoist" | head -n 8' 'poweroff'; do
	printf '%s\n' "$c" >&9
	sleep 4
done
i=0
while hoist list | grep -q '^deb1 ' && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
exec 9>&-
cat /tmp/deb.out

say "What the hypervisor did meanwhile:"
run hoist stats
run hoist dmesg

say "Take it out again: every CPU back to native."
run rmmod hoist
run cpuid -s 0x40000000
run hoist info hoisted

[ "$(hoist info hoisted)" = no ] && pass demo/native-again || fail demo/native-again "still hoisted"
