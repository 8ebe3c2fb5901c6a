# ioctl: /dev/hoist's requests, privileged and not (ioctl-check), and
# VMMCALL from user space.
# Asserts: natively a user VMMCALL raises #UD (SIGILL); hoisted, /dev/hoist
# is mode 0600, refuses malformed requests (unknown command, wrong magic,
# size or direction, bad lengths, pointers and flags) and unprivileged
# callers with the right errno; a user VMMCALL is refused (EPERM) without
# harm; every CPU stays hoisted; rmmod works.

native=$(vmmcall-user 2>&1)
case "$native" in
*SIGILL*) pass ioctl/vmmcall-native-ud ;;
*) fail ioctl/vmmcall-native-ud "natively: $native" ;;
esac
check ioctl/insmod insmod $HOIST_KO || return 1
ls -l /dev/hoist | grep -q '^crw-------' && pass ioctl/dev-mode-0600 || fail ioctl/dev-mode-0600 "$(ls -l /dev/hoist)"
run_checks ioctl/check ioctl-check
run_checks ioctl/check-unprivileged ioctl-check -u
check ioctl/vmmcall-user-eperm vmmcall-user
expect_eq ioctl/still-hoisted "$(hoist info cpus_hoisted)" "$(cpus_online)"
check ioctl/rmmod rmmod hoist
