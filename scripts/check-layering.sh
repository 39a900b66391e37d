#!/bin/sh
# The layers as the #include lines show them, lowest first:
#   util/  ->  tcg/  ->  exec/ + accel/  ->  target/  ->  hw/, chardev/,
#   softmmu/ (the machine around the CPU)
# A layer includes only what is below it, plus named interface headers:
#   - tcg/ (the code generator) includes tcg/ and util/ headers, and
#     exec/tlb-common.h, the layout of the softmmu TLB that generated code
#     reads; its generic files (tcg/*.c) name no backend's headers;
#   - accel/ and include/exec/ include nothing from target/, hw/,
#     softmmu/ or chardev/;
#   - target/ includes nothing from hw/, softmmu/ or chardev/ but
#     hw/i386/x86-cpu-board.h, the CPU <-> board interface.
# Prints each violation as FILE:LINE: the include, and the closing TAP line;
# exit status 1 if there is any.  Usage: check-layering.sh [SOURCE_ROOT]
set -u
cd "${1:-$(dirname "$0")/..}" || exit 1

bad=0
# check FILES... -- ALLOWED_REGEX: every quoted #include must match it.
check() {
    allowed=$1
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        grep -n '^#include "' "$f" | while IFS= read -r line; do
            inc=$(printf '%s\n' "$line" | sed 's/^[0-9]*:#include "\([^"]*\)".*/\1/')
            if ! printf '%s\n' "$inc" | grep -Eq "$allowed"; then
                echo "$f:${line%%:*}: #include \"$inc\""
            fi
        done
    done
}

out=$(
    # tcg: own headers (with and without the tcg/ prefix), util, TLB layout
    check '^(tcg/|util/|exec/tlb-common\.h$|[a-z0-9_-]+\.(h|def|inc)$)' \
        $(find tcg include/tcg -name '*.[ch]')
    check '^(tcg/(tcg|region|tcg-[a-z-]+)\.(h|def)$|util/|exec/tlb-common\.h$|tcg-(internal|op-internal)\.h$|tcg-opc\.def$)' \
        $(find tcg -maxdepth 1 -name '*.c')
    check '^(exec/|tcg/|util/|accel/|[a-z0-9_-]+\.(h|def)$)' \
        $(find accel include/exec -name '*.[ch]')
    check '^(exec/|tcg/|util/|target/|hw/i386/x86-cpu-board\.h$|[a-z0-9_-]+\.(h|def)$)' \
        $(find target include/target -name '*.[ch]' 2>/dev/null)
)
if [ -n "$out" ]; then
    printf '%s\n' "$out"
    bad=1
fi
echo "1..1"
if [ "$bad" = 0 ]; then
    echo "ok 1 every #include respects the layers"
else
    echo "not ok 1 $(printf '%s\n' "$out" | wc -l) #include lines cross the layers"
fi
exit "$bad"
