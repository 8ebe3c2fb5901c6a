#!/bin/sh
# Debian's xenstore-utils, unmodified, against hoist-xenstored on a private
# socket ($XENSTORED_PATH).  Runs on the build host (make unit-test, through
# tests/unit/xenstored.mk) and in the emulated machine (scenario xenstore,
# busybox sh).  One "PASS: xs-clients/NAME" or "FAIL: xs-clients/NAME: why"
# line per check, a "bench: ..." line with the read round trip (over
# $XS_BENCH_READS reads, 2000 unless set); exit status 1
# if any check failed.
#
#   clients.sh DAEMON XSCTL WORKDIR
#
# Acting as another domain over the socket uses the daemon's CONTROL
# "become" (hoist-xsctl as DOMID ...): xenstore-write has no --domid.
daemon=$1 ctl=$2 dir=$3
[ -x "$daemon" ] && [ -x "$ctl" ] && [ -n "$dir" ] ||
	{ echo "usage: clients.sh DAEMON XSCTL WORKDIR" >&2; exit 2; }
mkdir -p "$dir"
sock=$dir/socket
XENSTORED_PATH=$sock
export XENSTORED_PATH
failed=0

pass() { echo "PASS: xs-clients/$1"; }
fail() { echo "FAIL: xs-clients/$1: $2"; failed=1; }
# expect NAME WANT CMD...: CMD succeeds and prints exactly WANT
expect() {
	n=$1 want=$2
	shift 2
	got=$("$@" 2>&1) || { fail "$n" "'$*' failed: $got"; return 1; }
	[ "$got" = "$want" ] && pass "$n" || fail "$n" "'$*' printed '$got', want '$want'"
}
# refuse NAME PATTERN CMD...: CMD fails with PATTERN in its output
refuse() {
	n=$1 pat=$2
	shift 2
	if got=$("$@" 2>&1); then
		fail "$n" "'$*' succeeded: $got"
	else
		case $got in *$pat*) pass "$n" ;; *) fail "$n" "'$*' said '$got', want $pat" ;; esac
	fi
}

# A daemon left by an interrupted run of ours on this private socket goes first.
[ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null && sleep 0.5
rm -f "$sock" "$dir/log" "$dir/pid"
# It forks once the socket listens: clients may connect as soon as it returns.
"$daemon" --socket "$sock" --pid-file "$dir/pid" --log "$dir/log" --no-domains ||
	{ fail start "hoist-xenstored exited $?"; exit 1; }
pid=$(cat "$dir/pid")
[ -S "$sock" ] && pass start || fail start "no socket at $sock"
base=$("$ctl" stats | sed -n 's/^nodes //p')

expect write-read hello sh -c 'xenstore-write /vm/a hello /vm/b world && xenstore-read /vm/a'
expect read-two "hello
world" xenstore-read /vm/a /vm/b
expect list "a
b" xenstore-list /vm
expect exists "" xenstore-exists /vm/b
refuse read-missing "" xenstore-read /vm/nope
expect ls "a = \"hello\"
b = \"world\"" xenstore-ls /vm
# Relative paths of dom0's socket are under /local/domain/0.
expect relative rel sh -c 'xenstore-write here rel && xenstore-read /local/domain/0/here'

# Permissions: owner first, n/r/w/b; dom0 sets them, guests get what they say.
xenstore-chmod /vm/b n0 r5
case $(xenstore-ls -p /vm) in *'(n0,r5)'*) pass chmod ;;
*) fail chmod "xenstore-ls -p: $(xenstore-ls -p /vm)" ;; esac
expect guest-reads-granted world "$ctl" as 5 read /vm/b
refuse guest-write-readonly EACCES "$ctl" as 5 write /vm/b x
refuse guest-read-other EACCES "$ctl" as 7 read /vm/b
refuse guest-write-other-domain EACCES "$ctl" as 7 write /vm/b x
expect unchanged world xenstore-read /vm/b
refuse guest-control EACCES "$ctl" as 5 stats

# A watch: the immediate event, then one per change below it.
# (timeout: a lost event fails the check instead of hanging the run)
timeout 60 xenstore-watch -n 3 /w > "$dir/watch.out" 2>&1 &
wpid=$!
i=0
# Its first line says it is registered (up to 30 s on a loaded host).
while [ $i -lt 300 ] && ! grep -q '^/w$' "$dir/watch.out" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
xenstore-write /w/x 1
xenstore-rm /w
wait $wpid
expect watch "/w
/w/x
/w" cat "$dir/watch.out"

# A value of 4000 bytes goes both ways.
big=$(head -c 4000 /dev/zero | tr '\0' v)
expect big-value 4000 sh -c "xenstore-write /vm/big $big && xenstore-read /vm/big | tr -d '\n' | wc -c | tr -d ' '"

# Removal, and nothing left over afterwards.
xenstore-rm /vm /local/domain/0
refuse rm "" xenstore-exists /vm
expect no-leftover "nodes $base
connections 1
watches 0
transactions 0" "$ctl" stats

# A client breaking the protocol is hung up on; the daemon keeps serving.
expect oversize-dropped "" "$ctl" oversize
expect still-serving 1 sh -c 'xenstore-write /z 1 && xenstore-read /z && xenstore-rm /z'

# The read round trip over the socket (one client, one at a time).
echo "bench: $("$ctl" bench "${XS_BENCH_READS:-2000}" /local)"

kill -USR1 "$pid"
sleep 0.2
grep -q 'stats: nodes' "$dir/log" && pass log-stats || fail log-stats "no stats line in $dir/log"
kill "$pid"
i=0
while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
kill -0 "$pid" 2>/dev/null && fail stop "still running" ||
	{ [ -e "$sock" ] && fail stop "socket left behind" || pass stop; }
exit $failed
