#!/bin/sh
# The C sources follow .clang-format (STYLE.md rule 8): clang-format
# --dry-run --Werror over every tracked .c and .h file.  Prints the files
# that differ (reformat them with `clang-format-14 -i FILE`) and one TAP line.
# Usage: check-format.sh [SOURCE_ROOT]
set -u
cd "${1:-$(dirname "$0")/..}" || exit 1
echo "1..1"
# Output differs between clang-format releases: the check uses Debian 12's,
# release 14 (scripts/install-deps.sh installs clang-format-14).
cf=""
for c in clang-format-14 clang-format; do
    if command -v "$c" >/dev/null 2>&1 \
        && "$c" --version | grep -q 'version 14\.'; then
        cf=$c
        break
    fi
done
if [ -z "$cf" ]; then
    echo "ok 1 # SKIP clang-format 14 is not installed (scripts/install-deps.sh installs it)"
    exit 0
fi
if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
    files=$(git ls-files '*.c' '*.h')
else
    files=$(find . -name '*.[ch]' -not -path './build*')
fi
bad=""
for f in $files; do
    if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad="$bad $f"
    fi
done
if [ -z "$bad" ]; then
    echo "ok 1 every C source is as clang-format leaves it ($("$cf" --version | sed 's/.*version \([0-9.]*\).*/\1/'))"
    exit 0
fi
for f in $bad; do
    echo "# not formatted: $f"
done
echo "not ok 1 $(echo $bad | wc -w) C sources differ from clang-format's output"
exit 1
