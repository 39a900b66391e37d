#!/bin/sh
# The test command: install what is missing, build, run every test suite,
# and end with one line "N passed, N failed".  Idempotent: run it again and
# it rebuilds only what changed.
#
# Environment:
#   CI=true           also build with -Werror and run the unit tests again
#                     under AddressSanitizer + UBSan (build-san/)
#   PEREGRINE_FULL=1  run the long variants of the heavy suites
#   MESON_TEST_ARGS   extra arguments for `meson test` (e.g. --suite unit)
set -u
cd "$(dirname "$0")/.."

scripts/install-deps.sh || exit 1

werror=""
[ "${CI:-}" = "true" ] && werror="--enable-werror"
full=""
[ -n "${PEREGRINE_FULL:-}" ] && full="--enable-full-tests"

# shellcheck disable=SC2086
./configure --builddir=build $werror $full >build-configure.log 2>&1 ||
    { cat build-configure.log; exit 1; }
ninja -C build || exit 1

dirs="build"
# shellcheck disable=SC2086
meson test -C build --print-errorlogs ${MESON_TEST_ARGS:-}

if [ "${CI:-}" = "true" ]; then
    ./configure --builddir=build-san --enable-sanitizers --enable-debug \
        $werror >build-san-configure.log 2>&1 ||
        { cat build-san-configure.log; exit 1; }
    ninja -C build-san || exit 1
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C build-san --print-errorlogs --suite unit
    dirs="$dirs build-san"
fi

# shellcheck disable=SC2086
exec scripts/test-summary.py $dirs
