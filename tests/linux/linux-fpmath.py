#!/usr/bin/env python3
"""Run a statically linked floating-point program (fpmath.c: printf/strtod,
libm for float/double/long double, fma, lgamma/tgamma, all four rounding
modes) on the host and inside Debian's kernel booted on an emulator, and
compare the two outputs byte for byte.  TAP output.

Usage: linux-fpmath.py [--no-x87-transcendentals] EMULATOR CACHE_DIR FPMATH
                       [EXTRA-OPTIONS...]
  --no-x87-transcendentals  pass that option to fpmath on both sides: no
      sweeps of expl, logl, powl, atanl ... (built on F2XM1, FYL2X, FPATAN).
      For QEMU (7.2), which computes those instructions in software with
      results that differ from hardware's in the last bits.

The guest is scripts/linux-guest.sh's kernel and busybox initramfs plus a
second initramfs holding /fpmath, appended to a copy of the first (the
kernel unpacks concatenated archives in order; linux-guest.sh's own files
are untouched).  The command is typed on the serial console at the shell
prompt, as a user would; "poweroff -f" is typed only after the program's
end marker, so that no typed character is echoed into its output.

The host run masks AVX/AVX2/FMA from glibc's CPU feature selection
(GLIBC_TUNABLES): libm has FMA variants of sin, exp, pow ... that may
differ in the last bit, and the guest CPU models have no FMA.
"""
import difflib
import gzip
import os
import re
import subprocess
import sys
import tempfile

from guest_console import PROMPT, fetch_guest, print_tap, run_console
HOST_TUNABLES = "glibc.cpu.hwcaps=-AVX,-AVX2,-FMA,-FMA4,-AVX512F"
BEGIN = b"FPMATH-OUTPUT-BEGIN"
END = b"FPMATH-OUTPUT-END"


def cpio_newc(files):
    """An uncompressed cpio archive (newc) of files: [(name, mode, data)]."""
    out = b""
    entries = list(files) + [("TRAILER!!!", 0, b"")]
    for ino, (name, mode, data) in enumerate(entries, 1):
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
                  len(name) + 1, 0]
        hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
        out += hdr + name.encode() + b"\0"
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return out


def run_guest(cmd, initrd, kernel, command):
    """Boot, type the fpmath command at the prompt, then poweroff; returns
    (everything the console printed, exit status).  The markers are typed
    split in two ("A""B") so that the echo of the command line does not
    contain them."""
    return run_console(
        cmd + ["-m", "256", "-kernel", kernel, "-initrd", initrd, "-append",
               "console=ttyS0 quiet", "-nographic", "-no-reboot"],
        [(PROMPT, b'echo FPMATH-OUTPUT-""BEGIN; ' + command
                  + b'; echo "FPMATH-OUTPUT-""END status=$?"\n'),
         (rb"FPMATH-OUTPUT-END status=\d+\r?\n(.|\n)*/ # ",
          b"poweroff -f\n")])


def main():
    args = sys.argv[1:]
    fpmath_args = []
    if args[0] == "--no-x87-transcendentals":
        fpmath_args = ["no-x87-transcendentals"]
        args = args[1:]
    emu, cache, fpmath, extra = args[0], args[1], args[2], args[3:]
    paths = fetch_guest(cache)
    if not paths:
        return

    env = dict(os.environ, GLIBC_TUNABLES=HOST_TUNABLES)
    host = subprocess.run([fpmath] + fpmath_args, capture_output=True,
                          env=env)
    with open(fpmath, "rb") as f:
        program = f.read()
    with open(paths["initrd"], "rb") as f:
        base = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, "initramfs-fpmath.cpio.gz")
        with open(initrd, "wb") as f:
            f.write(base)
            f.write(gzip.compress(cpio_newc([("fpmath", 0o100755, program)])))
        out, status = run_guest([emu] + extra, initrd, paths["kernel"],
                                " ".join(["/fpmath"] + fpmath_args).encode())

    text = out.replace(b"\r\n", b"\n")
    m = re.search(BEGIN + rb"\n((?:.|\n)*?)" + END + rb" status=(\d+)\n", text)
    guest = m.group(1) if m else b""
    checks = [
        (f"the host run succeeds ({len(host.stdout)} bytes)",
         host.returncode == 0 and host.stdout.endswith(b"fpmath end\n")),
        ("the program runs in the guest and exits with status 0",
         m is not None and m.group(2) == b"0"),
        ("its output equals the host's byte for byte", guest == host.stdout),
        (f"poweroff ends the emulator with status 0 (status {status})",
         status == 0),
    ]
    print_tap(checks, "" if m is not None else
              text.decode(errors="replace"))
    if guest != host.stdout and m is not None:
        diff = difflib.unified_diff(
            host.stdout.decode(errors="replace").splitlines(),
            guest.decode(errors="replace").splitlines(),
            "host", "guest", lineterm="", n=0)
        for line in list(diff)[:60]:
            print("# " + line)


if __name__ == "__main__":
    main()
