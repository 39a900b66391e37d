#!/usr/bin/env python3
"""Boot Debian's kernel with a busybox initramfs (scripts/linux-guest.sh) as
a user would: -kernel/-initrd/-append, the console on COM1 (-nographic),
commands typed on standard input once the shell prompt is up.  TAP output.

Usage: linux-boot.py EMULATOR CACHE_DIR [EXTRA-OPTIONS...]

Checks: /init runs, a command typed on the serial console runs (its result
computed by the guest), the guest sees the CPUs and RAM it was given, and
"poweroff -f" ends the emulator with status 0.
"""
import os
import re
import selectors
import subprocess
import sys
import time

TIMEOUT = 300


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
    p = subprocess.Popen([emu, "-m", "256", "-kernel", paths["kernel"],
                          "-initrd", paths["initrd"], "-append",
                          "console=ttyS0 quiet", "-nographic", "-no-reboot"]
                         + extra, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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
        # The shell prompt: type the commands (a user waits for it too).
        if not sent and b"/ # " in out:
            p.stdin.write(b'echo "sum=$((6 * 7))"\n'
                          b'grep -c ^processor /proc/cpuinfo | sed "s/^/cpus=/"\n'
                          b'grep MemTotal /proc/meminfo\n'
                          b'poweroff -f\n')
            p.stdin.flush()
            sent = True
    try:
        status = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
    text = out.decode(errors="replace").replace("\r", "")

    checks = []
    checks.append(("the kernel runs /init",
                   "peregrine-guest: userspace up" in text))
    checks.append(("a command typed on the serial console runs",
                   re.search(r"^sum=42$", text, re.M) is not None))
    checks.append(("the guest sees one CPU",
                   re.search(r"^cpus=1$", text, re.M) is not None))
    m = re.search(r"^MemTotal:\s+(\d+) kB", text, re.M)
    kb = int(m.group(1)) if m else 0
    checks.append((f"MemTotal fits -m 256 ({kb} kB)", 200000 < kb <= 262144))
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
