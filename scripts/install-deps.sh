#!/bin/sh
# Install the Debian packages Peregrine needs to build and test, and only
# those that are missing.  Runs apt-get as root, or through sudo.
# Usage: scripts/install-deps.sh [--build-only]
set -eu

# Building: compiler, meson/ninja, and the libraries in meson.build.
BUILD_PKGS="gcc pkg-config meson ninja-build python3 \
libglib2.0-dev libzydis-dev"

# The default Linux guest (scripts/linux-guest.sh): Debian's kernel and
# busybox are fetched with apt-get download; cpio packs the initramfs.
BUILD_PKGS="$BUILD_PKGS cpio"

# Testing: perf for the -perfmap/-jitdump tests, QEMU as the reference the
# bare-metal guest tests are checked on, clang-format for the format check.
TEST_PKGS="linux-perf qemu-system-x86 acpica-tools clang-format-14"

pkgs="$BUILD_PKGS"
[ "${1:-}" = "--build-only" ] || pkgs="$pkgs $TEST_PKGS"

missing=""
for p in $pkgs; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "install-deps: all build and test packages are installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "install-deps: need root or sudo to install:$missing" >&2
    exit 1
fi

echo "install-deps: installing$missing"
$as_root apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing
