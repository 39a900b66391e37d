#!/bin/sh
# Fetch Debian's x86-64 kernel and busybox and build a small initramfs:
# the default Linux guest of the README and the boot tests.  Nothing is
# committed: the packages come from the machine's apt sources at run time
# and are unpacked into a cache directory.  Idempotent.
#
# Usage: scripts/linux-guest.sh [CACHE_DIR]     (default: build/linux-guest)
# Prints two lines, "kernel=PATH" and "initrd=PATH".
#
# The initramfs /init mounts proc/sys/dev and, depending on kernel
# command-line words (the kernel passes key=value words without a dot to
# init's environment):
#   pgtest=poweroff   print "peregrine-guest: userspace up" and power off
#   pgtest=script     also run the boot test's script (tests/linux/
#                     linux-script.py checks its "pgscript:" lines), then
#                     power off
#   (nothing)         start a shell on the console
set -eu
cd "$(dirname "$0")/.."
cache=${1:-build/linux-guest}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
for tool in apt-get dpkg-deb cpio gzip; do
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "linux-guest: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

# The kernel package the linux-image-amd64 metapackage points at.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
       sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
if [ -z "$kpkg" ]; then
    echo "linux-guest: cannot resolve linux-image-amd64 (apt-get update?)" >&2
    exit 1
fi

fetch() { # PACKAGE -> unpacked into $cache/PACKAGE
    if [ ! -d "$cache/$1" ]; then
        if ! (cd "$cache" && rm -f "$1"_*.deb &&
              apt-get download -q "$1" >"$cache/apt.log" 2>&1); then
            cat "$cache/apt.log" >&2
            echo "linux-guest: apt-get download $1 failed" >&2
            exit 1
        fi
        rm -rf "$cache/$1.tmp"
        dpkg-deb -x "$cache/$1"_*.deb "$cache/$1.tmp"
        rm -f "$cache/$1"_*.deb
        mv "$cache/$1.tmp" "$cache/$1"
    fi
}
fetch "$kpkg"
fetch busybox-static

kernel=$(ls "$cache/$kpkg"/boot/vmlinuz-* | head -n 1)
initrd="$cache/initramfs.cpio.gz"

if [ ! -f "$initrd" ] || [ "$0" -nt "$initrd" ]; then
    root="$cache/initramfs"
    rm -rf "$root"
    mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
    cp "$cache/busybox-static/bin/busybox" "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
    cat > "$root/init" <<'INIT'
#!/bin/sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "peregrine-guest: userspace up"
case "${pgtest:-}" in
poweroff)
    cat /proc/cpuinfo | grep -m1 "model name"
    poweroff -f ;;
script)
    echo "pgscript: begin"
    echo "pgscript: cpus=$(grep -c ^processor /proc/cpuinfo)"
    grep -m1 "model name" /proc/cpuinfo | sed "s/^/pgscript: /"
    grep -E "^ *(LOC|0|8):" /proc/interrupts | sed "s/^ */pgscript: irq /"
    echo "pgscript: clocksources=$(cat /sys/devices/system/clocksource/clocksource0/available_clocksource)"
    echo "pgscript: mounts=$(grep -c -E "^(proc|sysfs) " /proc/mounts)"
    echo "pgscript: sum=$((6 * 7)) words=$(echo a b c d | wc -w)"
    echo "pgscript: sha256=$(sha256sum /bin/busybox | cut -d " " -f 1)"
    echo "pgscript: end"
    poweroff -f ;;
esac
exec setsid cttyhack sh
INIT
    chmod +x "$root/init"
    (cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$initrd.tmp"
    mv "$initrd.tmp" "$initrd"
fi
echo "kernel=$kernel"
echo "initrd=$initrd"
