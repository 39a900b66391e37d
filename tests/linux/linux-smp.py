#!/usr/bin/env python3
"""Boot Debian's kernel with a busybox initramfs (scripts/linux-guest.sh) on
two CPUs, with the kernel log on the console (no "quiet"), and check what
the platform gave it: both CPUs up and taking their local APIC timer
interrupts, the HPET as a clocksource, the i8042 and its keyboard.  TAP
output.

Usage: linux-smp.py EMULATOR CACHE_DIR [EXTRA-OPTIONS...]
"""
import re
import sys

from guest_console import PROMPT, fetch_guest, print_tap, run_console

CPUS = 2


def boot(emu, paths, extra):
    """Boot, type the commands at the shell prompt; (log text, status)."""
    out, status = run_console(
        [emu, "-m", "256", "-smp", str(CPUS), "-kernel", paths["kernel"],
         "-initrd", paths["initrd"], "-append", "console=ttyS0",
         "-nographic", "-no-reboot"] + extra,
        # Let both CPUs take some timer interrupts before looking.
        [(PROMPT, b'sleep 1\n'
                  b'grep -c ^processor /proc/cpuinfo | sed "s/^/cpus=/"\n'
                  b'grep "LOC:" /proc/interrupts\n'
                  b'cat /sys/devices/system/clocksource/clocksource0/'
                  b'available_clocksource | sed "s/^/clocksources=/"\n'
                  b'poweroff -f\n')])
    return out.decode(errors="replace").replace("\r", ""), status


def main():
    emu, cache, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    paths = fetch_guest(cache)
    if not paths:
        return
    text, status = boot(emu, paths, extra)

    checks = []
    checks.append(("the kernel brings up both CPUs",
                   f"smp: Brought up 1 node, {CPUS} CPUs" in text))
    checks.append(("/proc/cpuinfo lists both CPUs",
                   re.search(rf"^cpus={CPUS}$", text, re.M) is not None))
    m = re.search(r"^\s*LOC:((?:\s+\d+)+)", text, re.M)
    loc = [int(n) for n in m.group(1).split()] if m else []
    checks.append((f"each CPU takes local APIC timer interrupts (LOC: {loc})",
                   len(loc) == CPUS and all(n > 0 for n in loc)))
    checks.append(("the HPET is found (3 comparators, 100 MHz)",
                   "hpet0: 3 comparators, 64-bit 100.000000 MHz counter"
                   in text))
    m = re.search(r"^clocksources=(.*)$", text, re.M)
    checks.append(("the HPET is an available clocksource",
                   m is not None and "hpet" in m.group(1).split()))
    checks.append(("the i8042 probe finds its keyboard and aux ports",
                   "serio: i8042 KBD port at 0x60,0x64 irq 1" in text and
                   "serio: i8042 AUX port at 0x60,0x64 irq 12" in text))
    checks.append(("the PS/2 keyboard is detected",
                   "input: AT Translated Set 2 keyboard" in text))
    checks.append((f"poweroff ends the emulator with status 0 "
                   f"(status {status})", status == 0))
    print_tap(checks, text)


if __name__ == "__main__":
    main()
