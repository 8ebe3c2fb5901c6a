# xsring: hoist-xenstored's guest rings through the real /dev/hoist (issue
# 13), with tests/system/helpers/xs-ring in the guest's place: it builds a
# halting domain with a store page and a port of its own (ALLOC_UNBOUND),
# maps grant 1 itself and writes the guest's requests into req[].
# Asserts: the daemon opens /dev/hoist (its log says so); INTRODUCE maps
# the page and binds the port (@introduceDomain fired), the requests queued
# before it are answered in rsp[] with their req_ids (GET_DOMAIN_PATH; a
# write to the guest's missing home and a guest's INTRODUCE: EACCES) and
# req[] is consumed; IS_DOMAIN_INTRODUCED T, two connections; RELEASE
# drops the guest's connection (@releaseDomain, F, one connection); a
# domain introduced again and destroyed without RELEASE is noticed
# (DOMAIN_EVENTS: @releaseDomain, F, one connection) and the daemon lives
# on; every hypervisor page is back; no oops.

check xsring/insmod insmod $HOIST_KO || return 1
pages0=$(dom-smoke pages)
mkdir -p /tmp/xsr
hoist-xenstored --socket /tmp/xsr/socket --pid-file /tmp/xsr/pid --log /tmp/xsr/log
check xsring/daemon-device grep -q 'guest rings through /dev/hoist' /tmp/xsr/log
run_checks xsring/helper xs-ring /tmp/xsr/socket
check xsring/daemon-alive kill -0 "$(cat /tmp/xsr/pid)"
grep 'hoist-xenstored' /tmp/xsr/log | tail -n 5 | while IFS= read -r l; do info "$l"; done
kill "$(cat /tmp/xsr/pid)"
sleep 1
refute xsring/daemon-stopped "socket left behind" test -e /tmp/xsr/socket
expect_eq xsring/hv-pages-exact "$(dom-smoke pages)" "$pages0"
no_oops xsring/no-oops
check xsring/rmmod rmmod hoist
