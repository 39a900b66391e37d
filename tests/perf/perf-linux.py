#!/usr/bin/env python3
"""A profile of a Linux boot names kernel functions: Debian's kernel and
busybox (scripts/linux-guest.sh) boot to userspace and power off under
`perf record -e cpu-clock` with -perfmap and -perfmap-symbols, and
`perf report` attributes the samples in translated code to the guest
kernel's functions.  TAP output.

Usage: perf-linux.py PEREGRINE CACHE_DIR

Guest symbols: Debian's linux-image package ships a placeholder System.map
("The real System.map is in the linux-image-<version>-dbg package", an
850 MB download), so unless the package's System.map has real symbols the
test takes them from the kernel itself: one boot with `nokaslr` prints the
text symbols of /proc/kallsyms on the console, cached in CACHE_DIR.  The
profiled boot also uses `nokaslr`, so the addresses agree.
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "linux"))
from guest_console import PROMPT, fetch_guest, run_console  # noqa: E402

APPEND = "console=ttyS0 quiet nokaslr"
KERNEL_BASE = 0xffffffff80000000      # x86-64 kernel text mapping (-2 GB)


def console_text(cmd, commands):
    """Run CMD; type COMMANDS (if any) at the first shell prompt; return
    what the console printed."""
    out, _ = run_console(cmd, [(PROMPT, commands)] if commands else [])
    return out.decode(errors="replace").replace("\r", "")


def text_symbols(path):
    """{address: name} of the text symbols of a System.map/kallsyms file."""
    syms = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"([0-9a-f]{16}) [tTwW] (\S+)$", line.strip())
            if m:
                syms[int(m.group(1), 16)] = m.group(2)
    return syms


def kernel_symbols(peregrine, kernel, initrd, cache):
    """A symbol file for KERNEL booted with nokaslr (see the docstring)."""
    kdir = os.path.dirname(kernel)
    ver = os.path.basename(kernel).replace("vmlinuz-", "")
    smap = os.path.join(kdir, "System.map-" + ver)
    if os.path.exists(smap) and len(text_symbols(smap)) > 1000:
        return smap
    cached = os.path.join(cache, f"kallsyms-{ver}-nokaslr.txt")
    if os.path.exists(cached):
        return cached
    # The markers are computed by the shell so the echoed command line
    # does not match them.
    out = console_text([peregrine, "-m", "256", "-kernel", kernel, "-initrd",
                        initrd, "-append", APPEND, "-nographic", "-no-reboot"],
                       b"echo KSYMS-$((6*7))-BEGIN; "
                       b"grep -i ' [tw] ' /proc/kallsyms; "
                       b"echo KSYMS-$((6*7))-END; poweroff -f\n")
    m = re.search(r"^KSYMS-42-BEGIN\n(.*?)^KSYMS-42-END$", out, re.M | re.S)
    if not m:
        return None
    with open(cached + ".tmp", "w") as f:
        f.write(m.group(1))
    os.replace(cached + ".tmp", cached)
    return cached


def main():
    peregrine, cache = sys.argv[1], sys.argv[2]
    if not shutil.which("perf"):
        print("1..0 # SKIP perf is not installed (Debian package linux-perf)")
        return
    paths = fetch_guest(cache)
    if not paths:
        return
    syms_path = kernel_symbols(peregrine, paths["kernel"], paths["initrd"],
                               cache)
    if not syms_path:
        print("not ok 1 - the guest lists its kernel symbols (nokaslr boot)")
        print("1..1")
        return
    syms = text_symbols(syms_path)

    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "boot.data")
        out = console_text(["perf", "record", "-q", "-e", "cpu-clock", "-o",
                           data, peregrine, "-m", "256",
                           "-kernel", paths["kernel"],
                           "-initrd", paths["initrd"],
                           "-append", APPEND + " pgtest=poweroff",
                           "-nographic", "-no-reboot", "-perfmap",
                           "-perfmap-symbols", syms_path], None)
        pids = subprocess.run(["perf", "report", "-i", data, "--stdio",
                               "--sort", "pid"], capture_output=True,
                              text=True).stdout
        m = re.search(r"(\d+):peregrine", pids)
        perfmap = f"/tmp/perf-{m.group(1)}.map" if m else None
        report = subprocess.run(["perf", "report", "-i", data, "--stdio",
                                 "--sort", "sym"], capture_output=True,
                                text=True).stdout
        if perfmap and os.path.exists(perfmap):
            os.remove(perfmap)

    entries = []                          # (percent, name)
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+\[.\]\s+(.*\S)", line)
        if m:
            entries.append((float(m.group(1)), m.group(2)))
    # Translated code of kernel functions: "func+0xOFF [guest 0xADDR]".
    by_function = collections.Counter()
    consistent = True
    for pct, name in entries:
        m = re.match(r"(\S+)\+0x([0-9a-f]+) \[guest 0x([0-9a-f]+)\]$", name)
        if not m or int(m.group(3), 16) < KERNEL_BASE:
            continue
        func, off, addr = m.group(1), int(m.group(2), 16), int(m.group(3), 16)
        by_function[func] += pct
        if syms.get(addr - off) != func:
            consistent = False
            print(f"# {name}: the symbol file has "
                  f"{syms.get(addr - off)!r} at 0x{addr - off:x}")
    kernel_share = sum(by_function.values())

    print("# perf report --sort sym, top 10:")
    for pct, name in entries[:10]:
        print(f"#   {pct:6.2f}%  {name}")
    print("# samples in translated code by guest kernel function, top 10:")
    for func, pct in by_function.most_common(10):
        print(f"#   {pct:6.2f}%  {func}")
    checks = [
        ("the kernel boots to userspace under perf record with -perfmap",
         "peregrine-guest: userspace up" in out),
        (f"perf read /tmp/perf-PID.map of the run ({perfmap})",
         perfmap is not None and any("[guest 0x" in n for _, n in entries)),
        (f"perf report names translated code after kernel functions "
         f"({len(by_function)} functions, {kernel_share:.1f}% of samples)",
         len(by_function) >= 20 and kernel_share >= 1.0),
        ("a kernel function is among the top 20 entries of perf report",
         any(re.match(r"\S+\+0x[0-9a-f]+ \[guest 0xffffffff", n)
             for _, n in entries[:20])),
        ("every name is its guest address's symbol plus the offset",
         consistent and by_function),
    ]
    for i, (what, ok) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    print(f"1..{len(checks)}")
    if not all(ok for _, ok in checks):
        for line in out.splitlines()[-20:]:
            print("# " + line)


if __name__ == "__main__":
    main()
