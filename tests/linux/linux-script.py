#!/usr/bin/env python3
"""The Linux boot test of the PC platform: Debian's kernel with the
busybox initramfs of scripts/linux-guest.sh boots with -m 512 -nographic
-no-reboot -append "console=ttyS0 panic=-1 pgtest=script [quiet]"; /init
mounts proc and sys, reads /proc/cpuinfo and /proc/interrupts, runs busybox
commands, computes the SHA-256 of /bin/busybox and powers off.  TAP output.

Usage: linux-script.py [--quiet] EMULATOR CACHE_DIR [EXTRA-OPTIONS...]

Checks: exit status 0; the script's lines (the checksum equals the host's
of the same file); the APIC timer (LOC) counted interrupts and the HPET is
a clocksource; without quiet, the log shows HPET and the IOAPIC in use and
no ACPI errors; no kernel warning, oops, BUG or call trace in the log.
"""
import hashlib
import os
import re
import subprocess
import sys

from guest_console import fetch_guest, print_tap

BAD = re.compile(r"WARNING:|Oops|BUG[: ]|Call Trace|Kernel panic|"
                 r"ACPI (BIOS )?Error|unchecked MSR")


def main():
    args = sys.argv[1:]
    quiet = args and args[0] == "--quiet"
    if quiet:
        args = args[1:]
    emu, cache, extra = args[0], args[1], args[2:]
    paths = fetch_guest(cache)
    if not paths:
        return
    busybox = os.path.join(cache, "busybox-static", "bin", "busybox")
    with open(busybox, "rb") as f:
        want_sha = hashlib.sha256(f.read()).hexdigest()
    append = "console=ttyS0 panic=-1 pgtest=script" + (" quiet" if quiet else "")
    try:
        p = subprocess.run([emu, "-m", "512", "-smp", "1", "-kernel",
                            paths["kernel"], "-initrd", paths["initrd"],
                            "-append", append, "-nographic", "-no-reboot"]
                           + extra, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=300)
        status, out = p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        status, out = "timeout", (e.stdout or b"")
    log = out.decode(errors="replace").replace("\r", "")
    irq = {}
    for m in re.finditer(r"^pgscript: irq (\w+):\s+(\d+)", log, re.M):
        irq[m.group(1)] = int(m.group(2))

    checks = [
        ("the emulator exits with status 0 after poweroff "
         f"(status {status})", status == 0),
        ("/init ran the script to its end",
         "pgscript: begin" in log and "pgscript: end" in log),
        ("proc and sysfs are mounted", "mounts=2" in log),
        ("/proc/cpuinfo lists one processor", "cpus=1" in log),
        ("busybox commands compute in the guest",
         "sum=42 words=4" in log),
        ("sha256sum of /bin/busybox equals the host's",
         f"sha256={want_sha}" in log),
        (f"the APIC timer (LOC) interrupted ({irq.get('LOC', 0)})",
         irq.get("LOC", 0) > 0),
        ("the HPET is a clocksource",
         re.search(r"^pgscript: clocksources=.*\bhpet\b", log, re.M)
         is not None),
        ("no kernel warning, oops, BUG, call trace or ACPI error",
         BAD.search(log) is None),
    ]
    if not quiet:
        checks += [
            ("the kernel log shows the HPET",
             "hpet0: 3 comparators" in log),
            ("the kernel log shows the IOAPIC routing interrupts",
             "ACPI: Using IOAPIC for interrupt routing" in log),
            ("the kernel log shows the ACPI tables parsed",
             re.search(r"ACPI: \d+ ACPI AML tables successfully acquired",
                       log) is not None),
        ]
    print_tap(checks, log)
    if not all(ok for _, ok in checks):
        for line in log.splitlines():
            if BAD.search(line):
                print("# bad: " + line)


if __name__ == "__main__":
    main()
