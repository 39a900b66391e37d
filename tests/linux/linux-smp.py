#!/usr/bin/env python3
"""Boot Debian's kernel with a busybox initramfs (scripts/linux-guest.sh) on
two CPUs, with the kernel log on the console (no "quiet"), and check what
the platform gave it: both CPUs up and taking their local APIC timer
interrupts, the HPET as a clocksource, the i8042 and its keyboard.  TAP
output.

Usage: linux-smp.py EMULATOR CACHE_DIR [EXTRA-OPTIONS...]
"""
import os
import re
import selectors
import subprocess
import sys
import time

TIMEOUT = 300
CPUS = 2


def boot(emu, paths, extra):
    """Boot, type the commands at the shell prompt; (log text, status)."""
    p = subprocess.Popen([emu, "-m", "256", "-smp", str(CPUS),
                          "-kernel", paths["kernel"], "-initrd",
                          paths["initrd"], "-append", "console=ttyS0",
                          "-nographic", "-no-reboot"] + extra,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    out = b""
    sent = False
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if not sel.select(timeout=1):
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
        if not sent and b"/ # " in out:
            # Let both CPUs take some timer interrupts before looking.
            p.stdin.write(b'sleep 1\n'
                          b'grep -c ^processor /proc/cpuinfo'
                          b' | sed "s/^/cpus=/"\n'
                          b'grep "LOC:" /proc/interrupts\n'
                          b'cat /sys/devices/system/clocksource/clocksource0/'
                          b'available_clocksource | sed "s/^/clocksources=/"\n'
                          b'poweroff -f\n')
            p.stdin.flush()
            sent = True
    try:
        status = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
    return out.decode(errors="replace").replace("\r", ""), status


def main():
    emu, cache, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    top = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    r = subprocess.run([os.path.join(top, "scripts/linux-guest.sh"), cache],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        print("1..0 # SKIP the Debian kernel and busybox could not be fetched")
        return
    paths = dict(line.split("=", 1) for line in r.stdout.split())
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
    for i, (what, ok) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    print(f"1..{len(checks)}")
    if not all(ok for _, ok in checks):
        for line in text.splitlines()[-40:]:
            print("# " + line)


if __name__ == "__main__":
    main()
