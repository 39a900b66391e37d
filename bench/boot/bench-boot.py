#!/usr/bin/env python3
"""Linux boot benchmark.

Debian's kernel and a busybox initramfs (scripts/linux-guest.sh) are booted
to userspace and powered off, on Peregrine and on qemu-system-x86_64
-accel tcg, in the same run, interleaved.  Prints the median wall and CPU
time of each and the ratio QEMU / Peregrine (above 1: Peregrine is
faster); with --perfmap also
Peregrine's time under -perfmap and its overhead, in wall time and in CPU
time (user + system, less disturbed by other load on the machine), the
plain and -perfmap boots interleaved.

Usage: bench/boot/bench-boot.py [-n RUNS] [--perfmap] [BUILD_DIR]
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

MARK = b"peregrine-guest: userspace up"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5, help="boots per emulator")
    ap.add_argument("--perfmap", action="store_true",
                    help="also measure Peregrine with -perfmap")
    ap.add_argument("build", nargs="?", default="build")
    a = ap.parse_args()

    top = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    build = os.path.join(top, a.build)
    peregrine = os.path.join(build, "peregrine")
    qemu = shutil.which("qemu-system-x86_64")
    if not os.access(peregrine, os.X_OK):
        sys.exit(f"bench-boot: no {peregrine} (build first)")
    if not qemu:
        sys.exit("bench-boot: qemu-system-x86_64 is not installed")
    out = subprocess.run([os.path.join(top, "scripts/linux-guest.sh"),
                          os.path.join(build, "linux-guest")],
                         check=True, capture_output=True, text=True).stdout
    paths = dict(line.split("=", 1) for line in out.split())
    args = ["-m", "512", "-kernel", paths["kernel"], "-initrd",
            paths["initrd"], "-nographic", "-no-reboot", "-append",
            "console=ttyS0 pgtest=poweroff quiet"]

    def boot(cmd):
        """Boot once; return (wall seconds, CPU seconds of the emulator)."""
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        p = subprocess.Popen(cmd + args, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            out = p.communicate(timeout=900)[0]
        finally:
            if "-perfmap" in cmd:
                try:
                    os.remove(f"/tmp/perf-{p.pid}.map")
                except FileNotFoundError:
                    pass
        t = time.monotonic() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if MARK not in out:
            sys.stderr.write(out[-2000:].decode(errors="replace"))
            sys.exit(f"bench-boot: {cmd[0]} did not reach userspace")
        return t, (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)

    def measure(cmds):
        """Median wall and CPU time of each command, their runs interleaved
        so that a change in the machine's load hits them alike."""
        runs = [[boot(c) for c in cmds] for _ in range(a.n)]
        return [(statistics.median(r[i][0] for r in runs),
                 statistics.median(r[i][1] for r in runs))
                for i in range(len(cmds))]

    cmds = [[qemu, "-accel", "tcg"], [peregrine]]
    if a.perfmap:
        cmds.append([peregrine, "-perfmap"])
    times = measure(cmds)
    (q, qc), (p, pc) = times[0], times[1]
    print(f"boot to userspace and power-off, median of {a.n}: "
          f"qemu-tcg {q:.2f} s, peregrine {p:.2f} s (wall), "
          f"ratio qemu/peregrine {q / p:.2f}; CPU time qemu {qc:.2f} s, "
          f"peregrine {pc:.2f} s, ratio {qc / pc:.2f}")
    if a.perfmap:
        pm, pmc = times[2]
        print(f"peregrine -perfmap {pm:.2f} s: overhead "
              f"{(pm / p - 1) * 100:.1f}% of wall time; CPU time "
              f"{pc:.2f} s -> {pmc:.2f} s: {(pmc / pc - 1) * 100:.1f}%")


if __name__ == "__main__":
    main()
