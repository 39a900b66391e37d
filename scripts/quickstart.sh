#!/bin/sh
# The README's first command: install what is missing, build, and start
# Peregrine.  Booting a Linux guest needs the CPU emulator and the pc
# machine, which are not built yet; until then this shows the version.
# Idempotent.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --build-only
[ -f build/build.ninja ] || ./configure --builddir=build >/dev/null
ninja -C build >/dev/null
./build/peregrine -version
