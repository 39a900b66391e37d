#!/bin/sh
# The test command: install what is missing, build, run every test suite,
# and end with one line "N passed, N failed".  Idempotent: run it again and
# it rebuilds only what changed.
#
# Environment:
#   CI=true           also build with -Werror, run the x86 suite again with
#                     PEREGRINE_TEST_PERTURB=1, and run the unit tests again
#                     under AddressSanitizer + UBSan (build-san/)
#   PEREGRINE_FULL=1  run the long variants of the heavy suites
#   MESON_TEST_ARGS   extra arguments for `meson test` (e.g. --suite unit)
set -u
cd "$(dirname "$0")/.."

scripts/host-cpu.sh
scripts/install-deps.sh || exit 1

werror=""
[ "${CI:-}" = "true" ] && werror="--enable-werror"
full=""
[ -n "${PEREGRINE_FULL:-}" ] && full="--enable-full-tests"

# shellcheck disable=SC2086
./configure --builddir=build $werror $full >build-configure.log 2>&1 ||
    { cat build-configure.log; exit 1; }
ninja -C build || exit 1

logs="build/meson-logs/testlog.json"
# shellcheck disable=SC2086
meson test -C build --print-errorlogs ${MESON_TEST_ARGS:-}

if [ "${CI:-}" = "true" ]; then
    # The host-differential testers again, with the bits they call
    # undefined flipped at random in the host's results
    # (tests/x86/perturb.h): a test that then fails depends on the host.
    PEREGRINE_TEST_PERTURB=1 meson test -C build --no-rebuild \
        --print-errorlogs --suite x86 --logbase perturb
    logs="$logs build/meson-logs/perturb.json"
    ./configure --builddir=build-san --enable-sanitizers --enable-debug \
        $werror >build-san-configure.log 2>&1 ||
        { cat build-san-configure.log; exit 1; }
    ninja -C build-san || exit 1
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C build-san --print-errorlogs --suite unit
    logs="$logs build-san/meson-logs/testlog.json"
fi

# shellcheck disable=SC2086
exec scripts/test-summary.py $logs
