#!/bin/sh
# Run a bare-metal guest test program on an emulator and turn its debug
# console lines ("ok - ..." / "FAIL - ...") into TAP.  The program ends
# through isa-debug-exit: exit status 1 means it returned 0 (success).
# Usage: run-guest.sh EMULATOR KERNEL [SERIAL [INPUT]]
#   SERIAL  what COM1 is connected to (default none)
#   INPUT   a file given to the emulator as standard input (with SERIAL
#           stdio, the guest reads it from COM1); what the emulator writes
#           on standard output must then equal it (the guest echoes it)
set -u
EMU=$1
KERNEL=$2
SERIAL=${3:-none}
INPUT=${4:-}
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT

timeout 60 "$EMU" -kernel "$KERNEL" -append "guest-arg=1" -m 64 \
    -display none -serial "$SERIAL" -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon "file:$log" \
    <"${INPUT:-/dev/null}" >"$out"
status=$?

n=0
while IFS= read -r line; do
    case "$line" in
        "ok - "*) n=$((n + 1)); echo "ok $n ${line#ok }" ;;
        "FAIL - "*) n=$((n + 1)); echo "not ok $n ${line#FAIL }" ;;
        *) echo "# $line" ;;
    esac
done <"$log"
if [ -n "$INPUT" ]; then
    n=$((n + 1))
    if cmp -s "$INPUT" "$out"; then
        echo "ok $n - the serial output echoes the input"
    else
        echo "not ok $n - the serial output echoes the input"
        sed 's/^/# output: /' "$out"
    fi
fi
n=$((n + 1))
if [ "$status" -eq 1 ]; then
    echo "ok $n - the guest exited through isa-debug-exit with success"
else
    echo "not ok $n - the guest exited through isa-debug-exit with success (status $status)"
fi
echo "1..$n"
