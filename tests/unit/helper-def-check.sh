#!/bin/sh
# A helper's helper.def row and its C definition must agree, or the build
# fails (include/tcg/tcg-helper-def.h).  Compiles, against the real
# headers, a definition of helper_div with the row's types (must compile)
# and one with a 32-bit divisor where the row says i64 (must fail with
# "conflicting types").  TAP output.
#
# Usage: helper-def-check.sh SOURCE_ROOT BUILD_ROOT CC [CC ARGS...]
set -u
src=$1 bld=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags="-std=gnu11 -fsyntax-only -I$src -I$src/include -I$bld $(pkg-config --cflags glib-2.0)"

cat >"$tmp/good.c" <<'C'
#include "target/i386/helper.h"
void helper_div(CPUX86State *env, uint64_t divisor, uint32_t ot) {}
C
cat >"$tmp/bad.c" <<'C'
#include "target/i386/helper.h"
void helper_div(CPUX86State *env, uint32_t divisor, uint32_t ot) {}
C

echo "1..2"
# shellcheck disable=SC2086
if "$@" $flags "$tmp/good.c" >"$tmp/good.log" 2>&1; then
    echo "ok 1 a definition matching its helper.def row compiles"
else
    sed 's/^/# /' "$tmp/good.log"
    echo "not ok 1 a definition matching its helper.def row compiles"
fi
# shellcheck disable=SC2086
if "$@" $flags "$tmp/bad.c" >"$tmp/bad.log" 2>&1; then
    echo "not ok 2 a definition disagreeing with its row compiled"
elif grep -q "conflicting types for .helper_div." "$tmp/bad.log"; then
    grep -m1 "conflicting types" "$tmp/bad.log" | sed 's/^/# compiler: /'
    echo "ok 2 a definition disagreeing with its helper.def row does not compile"
else
    sed 's/^/# /' "$tmp/bad.log"
    echo "not ok 2 the disagreeing definition failed for another reason"
fi
