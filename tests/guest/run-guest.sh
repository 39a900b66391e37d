#!/bin/sh
# Run a bare-metal guest test program on an emulator and turn its debug
# console lines ("ok - ..." / "FAIL - ...") into TAP.  The program ends
# through isa-debug-exit: exit status 1 means it returned 0 (success), and
# only together with its "guest-exit pass" line (an emulator stopping on an
# error may exit with 1 too).
# Usage: run-guest.sh EMULATOR KERNEL [EXTRA EMULATOR OPTIONS...]
set -u
EMU=$1
KERNEL=$2
shift 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT

timeout 60 "$EMU" -kernel "$KERNEL" -append "guest-arg=1" -m 64 \
    -display none -serial none -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon "file:$log" "$@"
status=$?

n=0
passed=no
while IFS= read -r line; do
    case "$line" in
        "ok - "*) n=$((n + 1)); echo "ok $n ${line#ok }" ;;
        "FAIL - "*) n=$((n + 1)); echo "not ok $n ${line#FAIL }" ;;
        "guest-exit pass") passed=yes; echo "# $line" ;;
        *) echo "# $line" ;;
    esac
done <"$log"
n=$((n + 1))
if [ "$status" -eq 1 ] && [ "$passed" = yes ]; then
    echo "ok $n - the guest exited through isa-debug-exit with success"
else
    echo "not ok $n - the guest exited through isa-debug-exit with success (status $status)"
fi
echo "1..$n"
