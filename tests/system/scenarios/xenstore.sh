# xenstore: hoist-xenstored in the emulated machine (dom0's user space),
# with Debian's xenstore-utils as they ship (dynamic: the initramfs carries
# their libraries) as its clients.  No Hoist needed: the daemon serves its
# unix socket only (--no-domains); guest rings are tested with domains.
# Asserts (tests/xenstored/clients.sh, the same as on the build host):
# write/read/list/ls/exists/rm, relative paths, chmod and a guest's EACCES
# (acting as another domain through CONTROL become), a watch's events, a
# 4000-byte value, nothing left over (CONTROL stats), a client over 4096
# bytes hung up on while the daemon keeps serving, SIGUSR1's log line, a
# clean stop; prints the socket read round trip (bench: line).

check xenstore-clients-present test -x /usr/bin/xenstore-read
# 300 reads: a round trip takes 1-10 ms under TCG on a loaded host.
XS_BENCH_READS=300 run_checks xenstore-clients /tests/xs-clients /bin/hoist-xenstored /bin/hoist-xsctl /tmp/xs
