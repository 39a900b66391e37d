#!/usr/bin/env python3
"""Boot Debian's kernel with a busybox initramfs (scripts/linux-guest.sh) as
a user would: -kernel/-initrd/-append, the console on COM1 (-nographic),
commands typed on standard input once the shell prompt is up.  TAP output.

Usage: linux-boot.py EMULATOR CACHE_DIR [EXTRA-OPTIONS...]

Checks: /init runs, a command typed on the serial console runs (its result
computed by the guest), the guest sees the CPUs and RAM it was given, and
"poweroff -f" ends the emulator with status 0.
"""
import re
import sys

from guest_console import PROMPT, fetch_guest, print_tap, run_console


def main():
    emu, cache, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    paths = fetch_guest(cache)
    if not paths:
        return
    out, status = run_console(
        [emu, "-m", "256", "-kernel", paths["kernel"], "-initrd",
         paths["initrd"], "-append", "console=ttyS0 quiet", "-nographic",
         "-no-reboot"] + extra,
        [(PROMPT, b'echo "sum=$((6 * 7))"\n'
                  b'grep -c ^processor /proc/cpuinfo | sed "s/^/cpus=/"\n'
                  b'grep MemTotal /proc/meminfo\n'
                  b'poweroff -f\n')])
    text = out.decode(errors="replace").replace("\r", "")

    m = re.search(r"^MemTotal:\s+(\d+) kB", text, re.M)
    kb = int(m.group(1)) if m else 0
    print_tap([
        ("the kernel runs /init", "peregrine-guest: userspace up" in text),
        ("a command typed on the serial console runs",
         re.search(r"^sum=42$", text, re.M) is not None),
        ("the guest sees one CPU",
         re.search(r"^cpus=1$", text, re.M) is not None),
        (f"MemTotal fits -m 256 ({kb} kB)", 200000 < kb <= 262144),
        (f"poweroff ends the emulator with status 0 (status {status})",
         status == 0),
    ], text)


if __name__ == "__main__":
    main()
