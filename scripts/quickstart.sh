#!/bin/sh
# The README's first command: install what is missing, build Peregrine,
# fetch Debian's kernel and busybox (scripts/linux-guest.sh) and boot them
# to a shell on this terminal (the guest's serial console).  Type
# "poweroff -f" in the guest to leave.  Idempotent.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --build-only
[ -f build/build.ninja ] || ./configure --builddir=build >/dev/null
ninja -C build >/dev/null
eval "$(scripts/linux-guest.sh build/linux-guest | sed 's/^/guest_/')"
echo "quickstart: booting $guest_kernel (type 'poweroff -f' to leave)"
exec ./build/peregrine -m 512 -kernel "$guest_kernel" -initrd "$guest_initrd" \
    -append "console=ttyS0 quiet" -nographic -no-reboot
