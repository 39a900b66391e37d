#!/bin/sh
# Run a bare-metal guest test program on an emulator and turn its debug
# console lines ("ok - ..." / "FAIL - ...") into TAP.  The program ends
# through isa-debug-exit: exit status 1 means it returned 0 (success), and
# its last line says so ("guest exit: passed"), which tells it from an
# emulator that failed with status 1.
# Usage: run-guest.sh EMULATOR KERNEL [--serial S] [--input FILE] [OPTIONS...]
#   --serial S    what COM1 is connected to (default none)
#   --input FILE  given to the emulator as standard input (with --serial
#                 stdio the guest reads it from COM1); what the emulator
#                 writes on standard output must then equal it (the guest
#                 echoes it)
#   OPTIONS       more emulator options (the same on QEMU and Peregrine)
set -u
EMU=$1
KERNEL=$2
shift 2
SERIAL=none
INPUT=
while [ $# -gt 0 ]; do
    case "$1" in
        --serial) SERIAL=$2; shift 2 ;;
        --input) INPUT=$2; shift 2 ;;
        *) break ;;
    esac
done
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT

timeout 60 "$EMU" -kernel "$KERNEL" -append "guest-arg=1" -m 64 \
    -display none -serial "$SERIAL" -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon "file:$log" \
    "$@" <"${INPUT:-/dev/null}" >"$out"
status=$?

n=0
last=""
while IFS= read -r line; do
    case "$line" in
        "ok - "*) n=$((n + 1)); echo "ok $n ${line#ok }" ;;
        "FAIL - "*) n=$((n + 1)); echo "not ok $n ${line#FAIL }" ;;
        *) echo "# $line" ;;
    esac
    last=$line
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
if [ "$status" -eq 1 ] && [ "$last" = "guest exit: passed" ]; then
    echo "ok $n - the guest exited through isa-debug-exit with success"
else
    echo "not ok $n - the guest exited through isa-debug-exit with success (status $status)"
fi
echo "1..$n"
