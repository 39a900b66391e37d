#!/bin/sh
# Run a bare-metal guest test program on an emulator and turn its debug
# console lines ("ok - ..." / "FAIL - ...") into TAP.  The program ends
# through isa-debug-exit: exit status 1 means it returned 0 (success).
# Usage: run-guest.sh EMULATOR KERNEL [EMULATOR OPTIONS...]
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
while IFS= read -r line; do
    case "$line" in
        "ok - "*) n=$((n + 1)); echo "ok $n ${line#ok }" ;;
        "FAIL - "*) n=$((n + 1)); echo "not ok $n ${line#FAIL }" ;;
        *) echo "# $line" ;;
    esac
done <"$log"
reported=$n
n=$((n + 1))
# Status 1 is also the emulator's own error exit: a guest that reported
# nothing did not get to its checks.
if [ "$status" -eq 1 ] && [ "$reported" -gt 0 ]; then
    echo "ok $n - the guest exited through isa-debug-exit with success"
else
    echo "not ok $n - the guest exited through isa-debug-exit with success (status $status)"
fi
echo "1..$n"
