#!/bin/sh
# Run guest tests again and again while the host is busy, and count the
# runs that fail: the timing-sensitive device tests must pass however the
# host schedules the emulator.
#
# Usage: tests/guest/load-loop.sh [-n ROUNDS] [-l LOOPS] [-C BUILDDIR] [-q]
#                                 [TEST...]
#   -n ROUNDS    rounds to run (default 20); each round runs every TEST once
#   -l LOOPS     busy loops (sh -c 'while :; do :; done') kept running on
#                the host meanwhile (default 2)
#   -C BUILDDIR  the configured build directory (default build)
#   -q           run the qemu- variants of the default tests instead
#   TEST         meson test names (default: hpet pit rtc pic serial irq32
#                apic-tscdl)
# Tests run one at a time through `meson test --no-rebuild`; the busy
# loops are killed when the script ends.  It prints each failure's "not ok"
# lines as it happens, then the runs made and failed, in total and per
# test.  The exit status is 0 when no run failed.
set -u
rounds=20
loops=2
builddir=build
prefix=
while getopts n:l:C:q opt; do
    case $opt in
        n) rounds=$OPTARG ;;
        l) loops=$OPTARG ;;
        C) builddir=$OPTARG ;;
        q) prefix=qemu- ;;
        *) sed -n '/^# Usage/,/^set/{/^set/d;s/^# \{0,1\}//p}' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
    set -- hpet pit rtc pic serial irq32 apic-tscdl
    tests=
    for t; do
        tests="$tests $prefix$t"
    done
else
    tests="$*"
fi

pids=
cleanup() {
    for p in $pids; do
        kill "$p" 2>/dev/null
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
i=0
while [ "$i" -lt "$loops" ]; do
    sh -c 'while :; do :; done' &
    pids="$pids $!"
    i=$((i + 1))
done

counts=$(mktemp)
trap 'cleanup; rm -f "$counts"' EXIT
runs=0
failed=0
r=1
while [ "$r" -le "$rounds" ]; do
    for t in $tests; do
        runs=$((runs + 1))
        if meson test -C "$builddir" --no-rebuild "$t" >/dev/null 2>&1; then
            echo "$t ok" >>"$counts"
        else
            failed=$((failed + 1))
            echo "$t fail" >>"$counts"
            echo "round $r: $t failed"
            grep -E '^(not ok|# )' "$builddir/meson-logs/testlog.txt" |
                grep -v '^# guest exit' | sed 's/^/    /'
        fi
    done
    r=$((r + 1))
done

echo "runs: $runs, failed: $failed (rounds: $rounds, busy loops: $loops)"
for t in $tests; do
    n=$(grep -c "^$t " "$counts")
    f=$(grep -c "^$t fail\$" "$counts")
    echo "  $t: $n runs, $f failed"
done
[ "$failed" -eq 0 ]
