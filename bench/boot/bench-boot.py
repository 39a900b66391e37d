#!/usr/bin/env python3
"""Linux boot benchmark.

Debian's kernel and a busybox initramfs (scripts/linux-guest.sh) are booted
to userspace and powered off, on Peregrine and on qemu-system-x86_64
-accel tcg, in the same run.  Prints the best wall time of each and the
ratio QEMU / Peregrine (above 1: Peregrine is faster); with --perfmap also
Peregrine's time under -perfmap and its overhead.

Usage: bench/boot/bench-boot.py [-n RUNS] [--perfmap] [BUILD_DIR]
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

MARK = b"peregrine-guest: userspace up"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=3, help="boots per emulator")
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

    def best(cmd):
        times = []
        for _ in range(a.n):
            t0 = time.monotonic()
            p = subprocess.Popen(cmd + args, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT)
            out = p.communicate(timeout=900)[0]
            t = time.monotonic() - t0
            # -perfmap writes /tmp/perf-PID.map: not worth keeping here.
            pidmap = f"/tmp/perf-{p.pid}.map"
            if os.path.exists(pidmap):
                os.remove(pidmap)
            if MARK not in out:
                sys.stderr.write(out[-2000:].decode(errors="replace"))
                sys.exit(f"bench-boot: {cmd[0]} did not reach userspace")
            times.append(t)
        return min(times)

    q = best([qemu, "-accel", "tcg"])
    p = best([peregrine])
    print(f"boot to userspace, best of {a.n}: qemu-tcg {q:.2f} s, "
          f"peregrine {p:.2f} s, ratio qemu/peregrine {q / p:.2f}")
    if a.perfmap:
        pm = best([peregrine, "-perfmap"])
        print(f"peregrine -perfmap {pm:.2f} s: overhead "
              f"{(pm / p - 1) * 100:.1f}%")


if __name__ == "__main__":
    main()
