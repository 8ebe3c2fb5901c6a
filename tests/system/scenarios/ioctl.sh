# /dev/hoist refuses malformed requests and unprivileged users; VMMCALL
# from user space is refused without harm.

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
